package dev.tern.protocol.reply;

import static dev.tern.protocol.reply.ReplyDeviation.Kind.BARE_LF;
import static dev.tern.protocol.reply.ReplyDeviation.Kind.CODE_MISMATCH;
import static dev.tern.protocol.reply.ReplyDeviation.Kind.CODE_OUT_OF_RANGE;
import static dev.tern.protocol.reply.ReplyDeviation.Kind.CONTROL_CHARACTER;
import static dev.tern.protocol.reply.ReplyDeviation.Kind.EMPTY_TEXT;
import static dev.tern.protocol.reply.ReplyDeviation.Kind.ENHANCED_CLASS_MISMATCH;
import static dev.tern.protocol.reply.ReplyDeviation.Kind.ENHANCED_CODE_MISMATCH;
import static dev.tern.protocol.reply.ReplyDeviation.Kind.LINE_TOO_LONG;
import static dev.tern.protocol.reply.ReplyDeviation.Kind.MISSING_ENHANCED;
import static dev.tern.protocol.reply.ReplyDeviation.Kind.MISSING_SPACE;
import static dev.tern.protocol.reply.ReplyDeviation.Kind.NON_ASCII;
import static dev.tern.protocol.reply.ReplyDeviation.Kind.NON_STANDARD_CODE;
import static dev.tern.protocol.reply.ReplyDeviation.Kind.UNREGISTERED_ENHANCED;
import static dev.tern.protocol.reply.ReplyDeviation.Kind.UNTERMINATED_LINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyParserTest {

    private static ParsedReply parse(String wire) throws ReplyParseException {
        return ReplyParser.parse(wire, false);
    }

    private static List<ReplyDeviation.Kind> kinds(ParsedReply p) {
        return p.deviations().stream().map(ReplyDeviation::kind).toList();
    }

    @Test
    void cleanSingleLineWithEnhancedCode() throws Exception {
        ParsedReply p = ReplyParser.parse("550 5.1.1 <x@y.example>: no such user\r\n", true);
        assertThat(p.isClean()).isTrue();
        assertThat(p.code()).isEqualTo(550);
        assertThat(p.enhanced()).isEqualTo(EnhancedCode.parse("5.1.1"));
        assertThat(p.reply().lines()).containsExactly("<x@y.example>: no such user");
        assertThat(p.reading()).isEqualTo(Reading.HARD);
        assertThat(p.raw()).isEqualTo("550 5.1.1 <x@y.example>: no such user\r\n");
    }

    @Test
    void cleanMultiLineStripsTheEnhancedCodeFromEveryLine() throws Exception {
        ParsedReply p = ReplyParser.parse("452-4.5.3 Too many\r\n452 4.5.3 recipients\r\n", true);
        assertThat(p.isClean()).isTrue();
        assertThat(p.reply()).isEqualTo(new Reply(452, EnhancedCode.parse("4.5.3"), List.of("Too many", "recipients")));
        assertThat(p.reading()).isEqualTo(Reading.SOFT);
    }

    @Test
    void ehloReplyWithoutEnhancedCodeIsCleanWhenNotExpected() throws Exception {
        ParsedReply p = parse("250-mx.example Hello\r\n250-SIZE 1000\r\n250 ENHANCEDSTATUSCODES\r\n");
        assertThat(p.isClean()).isTrue();
        assertThat(p.reply().lines()).containsExactly("mx.example Hello", "SIZE 1000", "ENHANCEDSTATUSCODES");
        assertThat(p.enhanced()).isNull();
    }

    @Test
    void bareLf() throws Exception {
        ParsedReply p = parse("250-first\n250 second\r\n");
        assertThat(kinds(p)).containsExactly(BARE_LF);
        assertThat(p.deviations().get(0).line()).isEqualTo(1);
        assertThat(p.reply().lines()).containsExactly("first", "second");
        assertThat(p.raw()).isEqualTo("250-first\n250 second\r\n");
    }

    @Test
    void bareCrDoesNotEndALine() throws Exception {
        ParsedReply p = parse("250 one\rtwo\r\n");
        assertThat(kinds(p)).containsExactly(CONTROL_CHARACTER);
        assertThat(p.reply().lines()).containsExactly("one two");
    }

    @Test
    void missingSpaceAfterCode() throws Exception {
        ParsedReply p = parse("250OK\r\n");
        assertThat(kinds(p)).containsExactly(MISSING_SPACE);
        assertThat(p.code()).isEqualTo(250);
        assertThat(p.reply().lines()).containsExactly("OK");
    }

    @Test
    void codeOnlyIsAValidLastLine() throws Exception {
        ParsedReply p = parse("250\r\n");
        assertThat(kinds(p)).containsExactly(EMPTY_TEXT);
        assertThat(p.reply().lines()).containsExactly("");
    }

    @Test
    void continuationWithDifferentCodeKeepsTheFirstCode() throws Exception {
        ParsedReply p = ReplyParser.parse("250-2.0.0 ok\r\n550 5.0.0 no\r\n", true);
        assertThat(kinds(p)).containsExactly(CODE_MISMATCH, ENHANCED_CODE_MISMATCH);
        assertThat(p.deviations().get(0).line()).isEqualTo(2);
        assertThat(p.code()).isEqualTo(250);
        assertThat(p.enhanced()).isEqualTo(EnhancedCode.parse("2.0.0"));
        assertThat(p.reply().lines()).containsExactly("ok", "no");
    }

    @ParameterizedTest
    @ValueSource(strings = {"200 OK\r\n", "453 4.5.3 Too many recipients\r\n", "541 5.7.1 Rejected by policy\r\n",
        "299 odd\r\n", "422 4.7.12 transition\r\n"})
    void nonStandardCodes(String wire) throws Exception {
        ParsedReply p = parse(wire);
        assertThat(kinds(p)).containsExactly(NON_STANDARD_CODE);
        assertThat(p.code()).isEqualTo(Integer.parseInt(wire.substring(0, 3)));
    }

    @Test
    void standardCodesAreNotFlagged() throws Exception {
        assertThat(parse("556 5.1.10 null MX\r\n").isClean()).isTrue();
        assertThat(parse("432 4.7.12 transition\r\n").isClean()).isTrue();
        assertThat(parse("354 go ahead\r\n").isClean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"100 preliminary\r\n", "199 x\r\n", "600 what\r\n", "999 no\r\n"})
    void codesOutsideTwoToFive(String wire) throws Exception {
        ParsedReply p = parse(wire);
        assertThat(kinds(p)).containsExactly(CODE_OUT_OF_RANGE);
        assertThat(p.reading()).isEqualTo(Reading.HARD);
        assertThat(p.reply().isPositive()).isFalse();
    }

    @Test
    void enhancedClassDiffersFromBasicClass() throws Exception {
        ParsedReply p = parse("550 4.2.2 Mailbox full\r\n");
        assertThat(kinds(p)).containsExactly(ENHANCED_CLASS_MISMATCH);
        assertThat(p.enhanced()).isEqualTo(EnhancedCode.parse("4.2.2"));
        assertThat(p.code()).isEqualTo(550);
    }

    @Test
    void unregisteredEnhancedCode() throws Exception {
        ParsedReply p = parse("550 5.7.515 Access denied\r\n");
        assertThat(kinds(p)).containsExactly(UNREGISTERED_ENHANCED);
        assertThat(p.enhanced()).isEqualTo(EnhancedCode.parse("5.7.515"));
        assertThat(p.reply().lines()).containsExactly("Access denied");
    }

    @Test
    void missingEnhancedWhenAdvertised() throws Exception {
        ParsedReply p = ReplyParser.parse("250 OK\r\n", true);
        assertThat(kinds(p)).containsExactly(MISSING_ENHANCED);
        assertThat(p.deviations().get(0).line()).isZero();
        // not reported when not advertised, and never for 3xx
        assertThat(ReplyParser.parse("250 OK\r\n", false).isClean()).isTrue();
        assertThat(ReplyParser.parse("354 Go ahead\r\n", true).isClean()).isTrue();
        assertThat(ReplyParser.parse("334 VXNlcm5hbWU6\r\n", true).isClean()).isTrue();
    }

    @Test
    void enhancedCodeOnOnlySomeLines() throws Exception {
        ParsedReply p = parse("550-5.7.1 Refused\r\n550 see the policy page\r\n");
        assertThat(kinds(p)).containsExactly(MISSING_ENHANCED);
        assertThat(p.deviations().get(0).line()).isEqualTo(2);
        assertThat(p.reply().lines()).containsExactly("Refused", "see the policy page");
    }

    @Test
    void lineOver512Octets() throws Exception {
        String ok = "250 " + "a".repeat(506) + "\r\n";      // exactly 512
        assertThat(parse(ok).isClean()).isTrue();
        ParsedReply p = parse("250 " + "a".repeat(507) + "\r\n");
        assertThat(kinds(p)).containsExactly(LINE_TOO_LONG);
        assertThat(p.reply().lines().get(0)).hasSize(507);
    }

    @Test
    void nonAsciiTextIsDecodedAsUtf8() throws Exception {
        ParsedReply p = parse("550 5.1.1 Boîte inconnue\r\n");
        assertThat(kinds(p)).containsExactly(NON_ASCII);
        assertThat(p.reply().lines()).containsExactly("Boîte inconnue");
        ParsedReply latin1 = ReplyParser.parse("550 Bo\u00eete\r\n".getBytes(StandardCharsets.ISO_8859_1), false);
        assertThat(kinds(latin1)).containsExactly(NON_ASCII);
        assertThat(latin1.reply().lines()).containsExactly("Bo\ufffdte");
    }

    @Test
    void controlCharacters() throws Exception {
        ParsedReply p = parse("250 a\u0000b\tc\r\n");
        assertThat(kinds(p)).containsExactly(CONTROL_CHARACTER);
        assertThat(p.reply().lines()).containsExactly("a\u0000b\tc");
        assertThat(parse("250 tab\there\r\n").isClean()).isTrue();
    }

    @Test
    void unterminatedLastLineAtEndOfStream() throws Exception {
        ParsedReply p = parse("221 2.0.0 Bye");
        assertThat(kinds(p)).containsExactly(UNTERMINATED_LINE);
        assertThat(p.reply()).isEqualTo(Reply.of(221, "2.0.0", "Bye"));
    }

    @Test
    void enhancedCodeRecognitionRules() throws Exception {
        assertThat(parse("250 2.0.0\r\n").enhanced()).isEqualTo(EnhancedCode.parse("2.0.0"));
        assertThat(parse("250 2.0.0\r\n").reply().lines()).containsExactly("");
        assertThat(parse("250 2.0.0ok\r\n").enhanced()).isNull();           // no space after it
        assertThat(parse("250 3.0.0 x\r\n").enhanced()).isNull();           // class 3 does not exist
        assertThat(parse("250 2.1000.0 x\r\n").enhanced()).isNull();        // four digits
        assertThat(parse("250 2.100.999 x\r\n").enhanced()).isEqualTo(new EnhancedCode(2, 100, 999));
        assertThat(parse("250 2.0.0  two spaces\r\n").reply().lines()).containsExactly(" two spaces");
        assertThat(parse("250 x 2.0.0 later\r\n").enhanced()).isNull();
    }

    @Test
    void parseLines() throws Exception {
        ParsedReply p = ReplyParser.parseLines(List.of("250-2.1.5 first", "250 2.1.5 second"), true);
        assertThat(p.isClean()).isTrue();
        assertThat(p.reply()).isEqualTo(new Reply(250, EnhancedCode.parse("2.1.5"), List.of("first", "second")));
        assertThat(p.raw()).isEqualTo("250-2.1.5 first\r\n250 2.1.5 second\r\n");
        assertThatThrownBy(() -> ReplyParser.parseLines(List.of("250 a", "250 b"), false))
                .isInstanceOfSatisfying(ReplyParseException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReplyParseException.Kind.TRAILING_DATA));
        assertThatThrownBy(() -> ReplyParser.parseLines(List.of("250-a"), false))
                .isInstanceOfSatisfying(ReplyParseException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReplyParseException.Kind.END_OF_STREAM));
        assertThatThrownBy(() -> ReplyParser.parseLines(List.of(), false)).isInstanceOf(ReplyParseException.class);
    }

    @Test
    void parseAllReadsPipelinedReplies() throws Exception {
        List<ParsedReply> all = ReplyParser.parseAll(
                "250 2.1.0 Sender OK\r\n250 2.1.5 Recipient OK\r\n354 Go ahead\r\n".getBytes(StandardCharsets.US_ASCII), true);
        assertThat(all).extracting(ParsedReply::code).containsExactly(250, 250, 354);
        assertThat(all).allMatch(ParsedReply::isClean);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\r\n", "hello\r\n", "25\r\n", "2x0 ok\r\n", "-250 ok\r\n", " 250 ok\r\n",
        "050 zero\r\n", "000 zero\r\n", "250-a\r\nnot a reply\r\n"})
    void notAReply(String wire) {
        assertThatThrownBy(() -> parse(wire)).isInstanceOfSatisfying(ReplyParseException.class,
                e -> assertThat(e.kind()).isIn(ReplyParseException.Kind.NOT_A_REPLY, ReplyParseException.Kind.END_OF_STREAM));
    }

    @Test
    void errorKinds() {
        assertThatThrownBy(() -> parse("hello\r\n")).isInstanceOfSatisfying(ReplyParseException.class, e -> {
            assertThat(e.kind()).isEqualTo(ReplyParseException.Kind.NOT_A_REPLY);
            assertThat(e.line()).isEqualTo(1);
        });
        assertThatThrownBy(() -> parse("")).isInstanceOfSatisfying(ReplyParseException.class,
                e -> assertThat(e.kind()).isEqualTo(ReplyParseException.Kind.END_OF_STREAM));
        assertThatThrownBy(() -> parse("250-first\r\n")).isInstanceOfSatisfying(ReplyParseException.class, e -> {
            assertThat(e.kind()).isEqualTo(ReplyParseException.Kind.END_OF_STREAM);
            assertThat(e.line()).isEqualTo(2);
        });
        assertThatThrownBy(() -> parse("250-first\r\n250-sec")).isInstanceOfSatisfying(ReplyParseException.class,
                e -> assertThat(e.kind()).isEqualTo(ReplyParseException.Kind.END_OF_STREAM));
        assertThatThrownBy(() -> parse("250 a\r\n250 b\r\n")).isInstanceOfSatisfying(ReplyParseException.class,
                e -> assertThat(e.kind()).isEqualTo(ReplyParseException.Kind.TRAILING_DATA));
        assertThatThrownBy(() -> parse("250 " + "a".repeat(70_000) + "\r\n")).isInstanceOfSatisfying(ReplyParseException.class,
                e -> assertThat(e.kind()).isEqualTo(ReplyParseException.Kind.LINE_TOO_LONG));
        assertThatThrownBy(() -> parse("250-x\r\n".repeat(1000) + "250 x\r\n")).isInstanceOfSatisfying(ReplyParseException.class,
                e -> {
                    assertThat(e.kind()).isEqualTo(ReplyParseException.Kind.TOO_MANY_LINES);
                    assertThat(e.line()).isEqualTo(1001);
                });
        assertThatThrownBy(() -> parse(("250-" + "a".repeat(2000) + "\r\n").repeat(600) + "250 x\r\n"))
                .isInstanceOfSatisfying(ReplyParseException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReplyParseException.Kind.REPLY_TOO_LARGE));
    }

    @Test
    void thousandLinesAreStillAccepted() throws Exception {
        ParsedReply p = parse("250-x\r\n".repeat(999) + "250 x\r\n");
        assertThat(p.reply().lines()).hasSize(1000);
    }

    @Test
    void deviationsAreListedInOrderWithLines() throws Exception {
        ParsedReply p = ReplyParser.parse("541-Rejected\n541OK \u00e9\r\n", true);
        assertThat(p.deviations()).extracting(ReplyDeviation::kind, ReplyDeviation::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple(BARE_LF, 1),
                org.assertj.core.groups.Tuple.tuple(MISSING_SPACE, 2),
                org.assertj.core.groups.Tuple.tuple(NON_ASCII, 2),
                org.assertj.core.groups.Tuple.tuple(NON_STANDARD_CODE, 0),
                org.assertj.core.groups.Tuple.tuple(MISSING_ENHANCED, 0));
        assertThat(p.deviations().get(1).toString()).startsWith("MISSING_SPACE (line 2): ");
    }

    @Test
    void readingFollowsTheClassAndOutOfRangeCodesAreFatal() throws Exception {
        assertThat(ReplyParser.parse("250 ok\r\n").reading()).isEqualTo(Reading.SUCCESS);
        assertThat(ReplyParser.parse("334 \r\n").reading()).isEqualTo(Reading.INTERMEDIATE);
        assertThat(ReplyParser.parse("421 bye\r\n").reading()).isEqualTo(Reading.SOFT);
        assertThat(ReplyParser.parse("554 no\r\n").reading()).isEqualTo(Reading.HARD);
        assertThat(ReplyParser.parse("150 preliminary\r\n").reading()).isEqualTo(Reading.HARD);
        assertThat(ReplyParser.parse("700 odd\r\n").reading()).isEqualTo(Reading.HARD);
    }
}
