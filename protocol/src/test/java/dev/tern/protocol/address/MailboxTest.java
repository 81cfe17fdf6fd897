package dev.tern.protocol.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.protocol.reply.ReplyException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class MailboxTest {

    @Test
    void domainComparesCaseInsensitivelyLocalPartDoesNot() {
        assertThat(new Mailbox("Joe", "EXAMPLE.org")).isEqualTo(new Mailbox("Joe", "example.ORG"))
                .hasSameHashCodeAs(new Mailbox("Joe", "example.ORG"));
        assertThat(new Mailbox("Joe", "example.org")).isNotEqualTo(new Mailbox("joe", "example.org"));
        assertThat(new Mailbox("Joe", "EXAMPLE.org").domain()).isEqualTo("EXAMPLE.org");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Example.COM|example.com",
        "BÜCHER.example|xn--bcher-kva.example",
        "bücher.example|xn--bcher-kva.example",
        "XN--BCHER-KVA.example|xn--bcher-kva.example",
        "[192.0.2.1]|[192.0.2.1]",
        "[010.000.002.001]|[10.0.2.1]",
        "[IPv6:2001:DB8:0:0:0:0:0:1]|[ipv6:2001:db8::1]",
        "[ipv6:2001:db8::0:1]|[ipv6:2001:db8::1]",
        "[IPv6:0:0:0:0:0:0:0:0]|[ipv6:::]",
        "[IPv6:1:0:0:2:0:0:0:3]|[ipv6:1:0:0:2::3]",
        "[IPv6:1:0:2:3:4:5:6:7]|[ipv6:1:0:2:3:4:5:6:7]",
        "[IPv6:::FFFF:192.0.2.1]|[ipv6:::ffff:c000:201]",
        "[IPv6:1:2:3:4:5:6:1.2.3.4]|[ipv6:1:2:3:4:5:6:102:304]",
        "[X-Tag:Content]|[x-tag:content]"})
    void domainKey(String domain, String key) {
        assertThat(new Mailbox("u", domain).domainKey()).isEqualTo(key);
    }

    @Test
    void u_labelAndA_labelAreTheSameDomain() {
        assertThat(new Mailbox("u", "bücher.example")).isEqualTo(new Mailbox("u", "xn--bcher-kva.example"));
        assertThat(new Mailbox("u", "[IPv6:2001:db8::1]")).isEqualTo(new Mailbox("u", "[IPv6:2001:DB8:0::1]"));
    }

    @Test
    void literalAddress() throws Exception {
        assertThat(new Mailbox("u", "[192.0.2.1]").literalAddress()).contains(InetAddress.getByName("192.0.2.1"));
        assertThat(new Mailbox("u", "[IPv6:::1]").literalAddress()).contains(InetAddress.getByName("::1"));
        assertThat(new Mailbox("u", "[IPv6:2001:db8::192.0.2.1]").literalAddress()).contains(InetAddress.getByName("2001:db8::c000:201"));
        assertThat(new Mailbox("u", "[x:y]").literalAddress()).isEmpty();
        assertThat(new Mailbox("u", "example.org").literalAddress()).isEmpty();
        assertThat(new Mailbox("u", "[192.0.2.1]").isAddressLiteral()).isTrue();
        assertThat(new Mailbox("u", "192.0.2.1").isAddressLiteral()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "user|user@example.org",
        "first.last|first.last@example.org",
        "john doe|\"john doe\"@example.org",
        "a\"b|\"a\\\"b\"@example.org",
        "a\\b|\"a\\\\b\"@example.org",
        "user@other|\"user@other\"@example.org",
        ".user|\".user\"@example.org",
        "a..b|\"a..b\"@example.org",
        "jöran|jöran@example.org"})
    void toStringQuotesOnlyWhenNeeded(String local, String printed) {
        assertThat(new Mailbox(local, "example.org")).hasToString(printed);
    }

    @Test
    void emptyLocalPartPrintsAsEmptyQuotedString() {
        assertThat(new Mailbox("", "example.org")).hasToString("\"\"@example.org");
        assertThat(new Mailbox("", "example.org").needsQuoting()).isTrue();
    }

    @Test
    void needsSmtputf8() {
        assertThat(new Mailbox("jöran", "example.org").needsSmtputf8()).isTrue();
        assertThat(new Mailbox("u", "bücher.example").needsSmtputf8()).isTrue();
        assertThat(new Mailbox("u", "xn--bcher-kva.example").needsSmtputf8()).isFalse();
    }

    @Test
    void constructorRefusesWhatCannotBeWritten() {
        assertThatThrownBy(() -> new Mailbox("a\tb", "example.org")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Mailbox("a", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Mailbox("a", "exa mple.org")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Mailbox("a", "[300.1.1.1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Mailbox("a", "b@c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Mailbox(null, "b")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void reverseAndForwardPaths() throws ReplyException {
        Mailbox m = new Mailbox("a", "example.org");
        assertThat(ReversePath.nullPath()).hasToString("<>");
        assertThat(ReversePath.nullPath().address()).isEmpty();
        assertThat(ReversePath.nullPath().mailbox()).isEmpty();
        assertThat(ReversePath.of(m)).hasToString("<a@example.org>");
        assertThat(ReversePath.of(m).isNull()).isFalse();
        assertThat(ForwardPath.postmaster()).hasToString("<Postmaster>");
        assertThat(ForwardPath.postmaster().mailbox()).isEmpty();
        assertThat(ForwardPath.of(m).address()).isEqualTo("a@example.org");
        assertThat(PathParser.parseForwardPath("<postmaster@example.org>", false).isPostmaster()).isFalse();
    }

    @Test
    void parseMailbox() throws ReplyException {
        assertThat(PathParser.parseMailbox("\"a b\"@example.org", false)).isEqualTo(new Mailbox("a b", "example.org"));
        PathTableTest.assertRejected(() -> PathParser.parseMailbox("<a@example.org>", false), 553, "5.1.3");
        PathTableTest.assertRejected(() -> PathParser.parseMailbox("@x:a@example.org", false), 553, "5.1.3");
        PathTableTest.assertRejected(() -> PathParser.parseMailbox("a@b@c", false), 553, "5.1.3");
        PathTableTest.assertRejected(() -> PathParser.parseMailbox("jö@example.org", false), 553, "5.6.7");
    }

    @Test
    void smtputf8RejectionTextStaysAscii() {
        try {
            PathParser.parseForwardPath("<jöran@bücher.example>", false);
        } catch (ReplyException e) {
            assertThat(e.reply().code()).isEqualTo(553);
            assertThat(e.reply().enhanced()).hasToString("5.6.7");
            assertThat(e.reply().text()).contains("j?ran@b?cher.example").matches("\\p{ASCII}*");
            return;
        }
        throw new AssertionError("accepted");
    }

    @Test
    void rejectionSaysWhyInItsCause() {
        try {
            PathParser.parseReversePath("<a@[IPv6:1::2::3]>", false);
        } catch (ReplyException e) {
            assertThat(e.getCause()).hasMessageContaining("IPv6");
            assertThat(e.reply().code()).isEqualTo(501);
            return;
        }
        throw new AssertionError("accepted");
    }

    @Test
    void endOfPath() {
        assertThat(PathParser.endOfPath("<a@b> SIZE=1", 0)).isEqualTo(5);
        assertThat(PathParser.endOfPath("<\"a>b\"@c> X", 0)).isEqualTo(9);
        assertThat(PathParser.endOfPath("<a@[x:>]> X", 0)).isEqualTo(9);
        assertThat(PathParser.endOfPath("<a@b", 0)).isEqualTo(-1);
        assertThat(PathParser.endOfPath("a@b>", 0)).isEqualTo(-1);
    }
}
