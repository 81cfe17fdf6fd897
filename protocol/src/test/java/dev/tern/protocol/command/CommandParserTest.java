package dev.tern.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import dev.tern.protocol.reply.ReplyRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CommandParserTest {

    @ParameterizedTest
    @EnumSource(value = Verb.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
    void everyVerbIsRecognisedInAnyCase(Verb verb) {
        String lower = verb.name().toLowerCase(java.util.Locale.ROOT);
        String mixed = Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
        for (String spelling : new String[] {verb.name(), lower, mixed}) {
            Command c = CommandParser.parse(spelling + " arg");
            assertThat(c.verb()).as(spelling).isEqualTo(verb);
            assertThat(c.name()).isEqualTo(spelling);
            assertThat(c.argument()).isEqualTo("arg");
        }
    }

    @Test
    void verbsAreExactlyTheCommandsOfSpecSection2() {
        Set<String> stages = new java.util.TreeSet<>(ReplyRegistry.standard().stages());
        stages.removeAll(Set.of(ReplyRegistry.STAGE_CONNECT, ReplyRegistry.STAGE_END_OF_DATA));
        Set<String> verbStages = new java.util.TreeSet<>();
        for (Verb v : Verb.values()) {
            verbStages.add(v.stage());
        }
        assertThat(verbStages).isEqualTo(stages);
        assertThat(EnumSet.allOf(Verb.class)).hasSize(19);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "MAIL FROM:<a@b.example> SIZE=100|MAIL|MAIL|FROM:<a@b.example> SIZE=100",
        "rcpt TO:<postmaster>|RCPT|rcpt|TO:<postmaster>",
        "\"  EHLO   client.example  \"|EHLO|EHLO|client.example",
        "\"\tHELO\tclient.example\t\"|HELO|HELO|client.example",
        "\"QUIT \"|QUIT|QUIT|\"\"",
        "DATA|DATA|DATA|\"\"",
        "\"AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=\"|AUTH|AUTH|PLAIN dGVzdAB0ZXN0AHRlc3Q=",
        "\"RCPT TO:<a@b>  NOTIFY=NEVER\"|RCPT|RCPT|TO:<a@b>  NOTIFY=NEVER",
        "XFOO bar|UNKNOWN|XFOO|bar",
        "MAILFROM:<a@b>|UNKNOWN|MAILFROM:<a@b>|\"\"",
        "MAIL:FROM|UNKNOWN|MAIL:FROM|\"\"",
        "STARTTLSX|UNKNOWN|STARTTLSX|\"\"",
        "HELP|HELP|HELP|\"\"",
        "bdat 100 LAST|BDAT|bdat|100 LAST",
    })
    void splitsVerbAndArgument(String line, Verb verb, String name, String argument) {
        Command c = CommandParser.parse(line);
        assertThat(c.verb()).isEqualTo(verb);
        assertThat(c.name()).isEqualTo(name);
        assertThat(c.argument()).isEqualTo(argument);
    }

    @Test
    void emptyAndBlankLinesAreUnknown() {
        for (String line : new String[] {"", " ", "\t \t"}) {
            Command c = CommandParser.parse(line);
            assertThat(c.verb()).isEqualTo(Verb.UNKNOWN);
            assertThat(c.name()).isEmpty();
            assertThat(c.argument()).isEmpty();
            assertThat(c.hasArgument()).isFalse();
        }
    }

    @Test
    void nulBytes() {
        Command inVerb = CommandParser.parse("MA\u0000IL FROM:<a@b>");
        assertThat(inVerb.verb()).isEqualTo(Verb.UNKNOWN);
        assertThat(inVerb.name()).isEqualTo("MA\u0000IL");
        Command afterVerb = CommandParser.parse("MAIL\u0000FROM:<a@b>");
        assertThat(afterVerb.verb()).isEqualTo(Verb.UNKNOWN);
        Command inArgument = CommandParser.parse("NOOP a\u0000b");
        assertThat(inArgument.verb()).isEqualTo(Verb.NOOP);
        assertThat(inArgument.argument()).isEqualTo("a\u0000b");
    }

    @Test
    void nonAsciiLettersNeverFormAVerb() {
        // U+017F LATIN SMALL LETTER LONG S upper-cases to ASCII 'S'
        assertThat("\u017Fend".toUpperCase(java.util.Locale.ROOT)).isEqualTo("SEND");
        assertThat(CommandParser.parse("\u017Fend x").verb()).isEqualTo(Verb.UNKNOWN);
        // U+0131 DOTLESS I upper-cases to ASCII 'I'
        assertThat(CommandParser.parse("ma\u0131l FROM:<a@b>").verb()).isEqualTo(Verb.UNKNOWN);
        assertThat(Verb.of("h\u0130lo")).isEqualTo(Verb.UNKNOWN);
        assertThat(Verb.of(null)).isEqualTo(Verb.UNKNOWN);
    }

    @Test
    void bytesAreReadAsUtf8() {
        Command c = CommandParser.parse("RCPT TO:<j\u00f6rg@b\u00fccher.example>".getBytes(StandardCharsets.UTF_8));
        assertThat(c.verb()).isEqualTo(Verb.RCPT);
        assertThat(c.argument()).isEqualTo("TO:<j\u00f6rg@b\u00fccher.example>");
    }

    @Test
    void lineLengthLimitIs512OctetsWithCrlf() {
        assertThat(CommandParser.isTooLong(512)).isFalse();
        assertThat(CommandParser.isTooLong(513)).isTrue();
        String ok = "NOOP " + "a".repeat(505); // 510 + CRLF = 512
        assertThat(CommandParser.isTooLong(ok)).isFalse();
        assertThat(CommandParser.isTooLong(ok + "a")).isTrue();
        assertThat(CommandParser.isTooLong(ok.getBytes(StandardCharsets.US_ASCII))).isFalse();
        // counted in octets, not characters
        String utf8 = "NOOP " + "\u00e9".repeat(253); // 5 + 506 octets + CRLF = 513
        assertThat(utf8.length()).isLessThan(512);
        assertThat(CommandParser.isTooLong(utf8)).isTrue();
    }

    @Test
    void commandToStringUsesTheClientsSpelling() {
        assertThat(CommandParser.parse("  mail   FROM:<a@b>  ").toString()).isEqualTo("mail FROM:<a@b>");
        assertThat(CommandParser.parse("QUIT").toString()).isEqualTo("QUIT");
        assertThat(Verb.UNKNOWN.stage()).isEqualTo(ReplyRegistry.STAGE_UNKNOWN);
        assertThat(Verb.RCPT.stage()).isEqualTo("RCPT");
    }
}
