package dev.tern.protocol.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyFormatterTest {

    @Test
    void emptyAuthChallengeKeepsItsSpace() {
        // RFC 4954 §4: continue-req = "334" SP [base64] CRLF
        assertThat(ReplyFormatter.format(Replies.AUTH_CHALLENGE.format(""))).isEqualTo("334 \r\n");
        assertThat(ReplyFormatter.format(Replies.AUTH_CHALLENGE.format("VXNlcm5hbWU6"))).isEqualTo("334 VXNlcm5hbWU6\r\n");
    }

    @Test
    void singleLineWithEnhancedCode() {
        assertThat(ReplyFormatter.encode(Replies.RCPT_UNKNOWN_USER.format("x@y.example")))
                .isEqualTo("550 5.1.1 <x@y.example>: Recipient address rejected: no such user here\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void singleLineWithoutEnhancedCode() {
        assertThat(ReplyFormatter.format(Replies.GREETING.format("mx.example")))
                .isEqualTo("220 mx.example ESMTP Tern\r\n");
        assertThat(ReplyFormatter.format(Replies.DATA_START.reply()))
                .isEqualTo("354 End data with <CR><LF>.<CR><LF>\r\n");
    }

    @Test
    void enhancedCodeCanBeLeftOutForClientsWithoutEnhancedStatusCodes() {
        assertThat(ReplyFormatter.format(Replies.RCPT_TOO_MANY.reply(), false)).isEqualTo("452 Too many recipients\r\n");
        assertThat(ReplyFormatter.encode(Replies.RCPT_TOO_MANY.reply(), false))
                .isEqualTo("452 Too many recipients\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** RFC 5321 §4.2: CODE-text on every line but the last; RFC 2034 §3: enhanced code on each. */
    @Test
    void multiLineRepeatsTheEnhancedCodeOnEveryLine() {
        Reply help = new Reply(214, EnhancedCode.parse("2.0.0"), List.of("Commands:", "HELO EHLO MAIL RCPT", "End of HELP"));
        assertThat(ReplyFormatter.format(help)).isEqualTo(
                "214-2.0.0 Commands:\r\n214-2.0.0 HELO EHLO MAIL RCPT\r\n214 2.0.0 End of HELP\r\n");
    }

    @Test
    void ehloStyleMultiLineWithoutEnhancedCode() {
        Reply ehlo = new Reply(250, null, List.of("mx.example", "PIPELINING", "SIZE 52428800", "ENHANCEDSTATUSCODES"));
        assertThat(ReplyFormatter.format(ehlo)).isEqualTo(
                "250-mx.example\r\n250-PIPELINING\r\n250-SIZE 52428800\r\n250 ENHANCEDSTATUSCODES\r\n");
    }

    @Test
    void emptyTextHasNoTrailingSpace() {
        assertThat(ReplyFormatter.format(new Reply(250, null, List.of("")))).isEqualTo("250\r\n");
        assertThat(ReplyFormatter.format(new Reply(250, EnhancedCode.parse("2.0.0"), List.of("")))).isEqualTo("250 2.0.0\r\n");
        assertThat(ReplyFormatter.format(new Reply(250, null, List.of("", "")))).isEqualTo("250-\r\n250\r\n");
        assertThat(ReplyFormatter.format(new Reply(250, EnhancedCode.parse("2.0.0"), List.of("", ""))))
                .isEqualTo("250-2.0.0\r\n250 2.0.0\r\n");
    }

    @Test
    void lineOfExactly512OctetsIsNotWrapped() {
        // "550 5.7.1 " is 10 octets, CRLF 2: 500 octets of text make exactly 512
        String text = "a".repeat(500);
        String wire = ReplyFormatter.format(Reply.of(550, "5.7.1", text));
        assertThat(wire).isEqualTo("550 5.7.1 " + text + "\r\n");
        assertThat(wire).hasSize(512);
    }

    @Test
    void longLinesWrapAtSpacesAndRepeatTheEnhancedCode() {
        String word = "w".repeat(99);            // 100 octets with the space
        String text = (word + " ").repeat(7).trim(); // 699 octets
        String wire = ReplyFormatter.format(Reply.of(550, "5.7.1", text));
        String fourWords = String.join(" ", word, word, word, word);
        // budget 500 octets: four words and their spaces (399) fit, a fifth (499) too, a sixth not
        String fiveWords = fourWords + " " + word;
        assertThat(wire).isEqualTo("550-5.7.1 " + fiveWords + "\r\n550 5.7.1 " + word + " " + word + "\r\n");
        for (String line : wire.split("\r\n")) {
            assertThat(line.length() + 2).isLessThanOrEqualTo(512);
        }
    }

    @Test
    void wordLongerThanALineIsCut() {
        String text = "x".repeat(1200);
        String wire = ReplyFormatter.format(Reply.of(554, "5.6.0", text));
        assertThat(wire).isEqualTo("554-5.6.0 " + "x".repeat(500) + "\r\n554-5.6.0 " + "x".repeat(500)
                + "\r\n554 5.6.0 " + "x".repeat(200) + "\r\n");
    }

    @Test
    void wrappingCountsUtf8Octets() {
        String text = "é".repeat(300); // 600 octets; without enhanced code the budget is 506 octets
        String wire = ReplyFormatter.format(new Reply(250, null, List.of(text)));
        assertThat(wire).isEqualTo("250-" + "é".repeat(253) + "\r\n250 " + "é".repeat(47) + "\r\n");
        for (String line : wire.split("\r\n")) {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length + 2).isLessThanOrEqualTo(512);
        }
    }
}
