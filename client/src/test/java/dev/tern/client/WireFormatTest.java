package dev.tern.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.reply.Reply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Line-end canonicalisation, dot-stuffing and EHLO capability parsing. */
class WireFormatTest {

    static String canonical(String in, boolean dotStuff) throws IOException {
        try (CanonicalInputStream s = new CanonicalInputStream(new ByteArrayInputStream(in.getBytes(StandardCharsets.ISO_8859_1)), dotStuff)) {
            return new String(s.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void bareLineEndsBecomeCrlfAndLeadingDotsAreDoubled() throws IOException {
        assertThat(canonical("a\nb\rc\r\n.d\n..e", true)).isEqualTo("a\r\nb\r\nc\r\n..d\r\n...e\r\n");
        assertThat(canonical("a\nb\rc\r\n.d\n..e", false)).isEqualTo("a\r\nb\r\nc\r\n.d\r\n..e\r\n");
        assertThat(canonical("", true)).isEmpty();
        assertThat(canonical(".", true)).isEqualTo("..\r\n");
        assertThat(canonical("x\r", true)).isEqualTo("x\r\n");
        assertThat(canonical("\r\r\n.", true)).isEqualTo("\r\n\r\n..\r\n");
    }

    /**
     * Whatever the input, the output has only CRLF line ends, ends with CRLF (when not empty),
     * never contains the end-of-data line, and un-stuffing it gives the input with canonical line ends.
     */
    @Property(tries = 500)
    void canonicalOutputIsSafeAndReversible(@ForAll @StringLength(max = 60) @CharRange(from = '\n', to = '\n')
                                            @CharRange(from = '\r', to = '\r') @CharRange(from = '.', to = '.')
                                            @CharRange(from = 'a', to = 'b') String input) throws IOException {
        String out = canonical(input, true);
        assertThat(out.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
        if (!input.isEmpty()) {
            assertThat(out).endsWith("\r\n");
        }
        assertThat(("\r\n" + out)).doesNotContain("\r\n.\r\n");
        String expected = canonical(input, false);
        StringBuilder unstuffed = new StringBuilder();
        for (String line : out.split("\r\n", -1)) {
            unstuffed.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
        }
        String u = unstuffed.substring(0, unstuffed.length() - 2);
        assertThat(u).isEqualTo(expected);
    }

    @Test
    void capabilitiesAreParsedWithOldAuthSyntaxAndSizeZero() {
        Capabilities c = Capabilities.parse(new Reply(250, null, List.of("mx.test greets you", "SIZE 0", "AUTH=LOGIN PLAIN",
                "AUTH CRAM-MD5 plain", "pipelining", "8BITMIME", "STARTTLS", "ENHANCEDSTATUSCODES", "CHUNKING", "DSN",
                "SMTPUTF8", "X-WEIRD, stuff")));
        assertThat(c.serverName()).isEqualTo("mx.test");
        assertThat(c.sizeLimit()).isEmpty();
        assertThat(c.size()).isTrue();
        assertThat(c.authMechanisms()).containsExactly("LOGIN", "PLAIN", "CRAM-MD5");
        assertThat(c.pipelining()).isTrue();
        assertThat(c.eightBitMime() && c.starttls() && c.enhancedStatusCodes() && c.chunking() && c.dsn() && c.smtputf8()).isTrue();
        assertThat(c.has("X-WEIRD,")).isFalse();
        Capabilities sized = Capabilities.parse(new Reply(250, null, List.of("mx", "SIZE 35882577")));
        assertThat(sized.sizeLimit()).hasValue(35882577L);
    }

    @Test
    void tooManyRecipientsIsRecognisedIn452With453AndOld552() {
        assertThat(SmtpSession.isTooManyRecipients(Reply.of(452, "4.5.3", "Too many recipients"))).isTrue();
        assertThat(SmtpSession.isTooManyRecipients(Reply.of(453, (String) null, "Too many recipients"))).isTrue();
        assertThat(SmtpSession.isTooManyRecipients(Reply.of(452, (String) null, "Too many recipients"))).isTrue();
        assertThat(SmtpSession.isTooManyRecipients(Reply.of(552, "5.5.3", "Too many recipients"))).isTrue();
        assertThat(SmtpSession.isTooManyRecipients(Reply.of(452, "4.3.1", "Insufficient system storage"))).isFalse();
        assertThat(SmtpSession.isTooManyRecipients(Reply.of(552, "5.2.2", "Mailbox full"))).isFalse();
    }
}
