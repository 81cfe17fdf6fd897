package dev.tern.protocol.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class ReplyCodecProperties {

    @Provide
    Arbitrary<Reply> replies() {
        Arbitrary<Integer> codes = Arbitraries.integers().between(200, 599);
        Arbitrary<String> shortText = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80);
        Arbitrary<String> longText = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(400).ofMaxLength(1500);
        Arbitrary<String> text = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, shortText), net.jqwik.api.Tuple.of(1, longText));
        Arbitrary<List<String>> lines = text.list().ofMinSize(1).ofMaxSize(5);
        Arbitrary<Boolean> withEnhanced = Arbitraries.of(true, false);
        Arbitrary<Integer> subject = Arbitraries.integers().between(0, 999);
        Arbitrary<Integer> detail = Arbitraries.integers().between(0, 999);
        return Combinators.combine(codes, withEnhanced, subject, detail, lines).as((code, enh, s, d, ls) -> {
            int klass = code / 100;
            EnhancedCode e = enh && klass != 3 ? new EnhancedCode(klass, s, d) : null;
            if (e == null) {
                // text starting with something like "2.1.1 " would rightly be read as an enhanced code
                ls = ls.stream().map(l -> ReplyParser.enhancedCodeEnd(l) >= 0 ? "x" + l : l).toList();
            }
            return new Reply(code, e, ls);
        });
    }

    @Property(tries = 500)
    void formatThenParseGivesTheReplyBack(@ForAll("replies") Reply reply) throws Exception {
        ParsedReply parsed = ReplyParser.parse(ReplyFormatter.encode(reply), false);
        assertThat(parsed.code()).isEqualTo(reply.code());
        assertThat(parsed.enhanced()).isEqualTo(reply.enhanced());
        assertThat(parsed.raw()).isEqualTo(ReplyFormatter.format(reply));
        // the formatter keeps every line within 512 octets; only registry and empty-text notes remain
        assertThat(parsed.deviations()).extracting(ReplyDeviation::kind)
                .allMatch(k -> k == ReplyDeviation.Kind.NON_STANDARD_CODE || k == ReplyDeviation.Kind.EMPTY_TEXT
                        || k == ReplyDeviation.Kind.UNREGISTERED_ENHANCED);
        boolean wrapped = reply.lines().stream()
                .anyMatch(l -> l.length() > ReplyParser.RFC_MAX_LINE_OCTETS - 6 - (reply.enhanced() == null ? 0 : reply.enhanced().toString().length() + 1));
        if (!wrapped) {
            assertThat(parsed.reply()).isEqualTo(reply);
        } else {
            // wrapping only drops the space at each break
            assertThat(String.join("", parsed.reply().lines()).replace(" ", ""))
                    .isEqualTo(String.join("", reply.lines()).replace(" ", ""));
        }
    }

    @Property(tries = 1000)
    void arbitraryBytesGiveAReplyOrAParseException(@ForAll @Size(max = 300) byte[] wire) {
        try {
            ParsedReply p = ReplyParser.parse(wire, true);
            assertThat(p.reply().lines()).isNotEmpty();
        } catch (ReplyParseException expected) {
            assertThat(expected.kind()).isNotNull();
        }
    }

    @Provide
    Arbitrary<byte[]> replyLikeBytes() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("250", "250-", "250 ", "550 5.1.1 ", "2.0.0", "\r\n", "\n", "\r", " ", "-", "999", "1",
                        "\u00e9", "\u0000", "5.7.515 ", "4.", "354"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(10));
        return piece.list().ofMaxSize(30).map(ps -> String.join("", ps).getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 2000)
    void replyLikeBytesGiveAReplyOrAParseException(@ForAll("replyLikeBytes") byte[] wire) {
        try {
            List<ParsedReply> all = ReplyParser.parseAll(wire, true);
            for (ParsedReply p : all) {
                assertThat(p.code()).isBetween(100, 999);
                assertThat(p.reply().lines()).allMatch(l -> l.indexOf('\r') < 0 && l.indexOf('\n') < 0);
            }
        } catch (ReplyParseException expected) {
            assertThat(expected.kind()).isNotNull();
        }
    }
}
