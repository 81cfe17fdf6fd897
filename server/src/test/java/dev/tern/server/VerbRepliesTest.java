package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.reply.Replies;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every verb of spec §2 over a raw socket, asserting the exact bytes of each reply. */
@Timeout(30)
class VerbRepliesTest {

    static final String EHLO_REPLY = "250-mx.test.example greets client.example\r\n"
            + "250-SIZE 52428800\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-ENHANCEDSTATUSCODES\r\n"
            + "250-CHUNKING\r\n250-DSN\r\n250 HELP\r\n";

    @TempDir
    Path dir;
    ServerFixture f;
    RawClient c;

    @BeforeEach
    void start() throws Exception {
        f = new ServerFixture(dir);
        c = f.client();
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
        f.close();
    }

    private void ehlo() throws Exception {
        assertThat(c.command("EHLO client.example")).isEqualTo(EHLO_REPLY);
    }

    private void transaction() throws Exception {
        ehlo();
        assertThat(c.command("MAIL FROM:<a@example.org>")).isEqualTo("250 2.1.0 Sender <a@example.org> OK\r\n");
        assertThat(c.command("RCPT TO:<b@example.test>")).isEqualTo("250 2.1.5 Recipient <b@example.test> OK\r\n");
    }

    @Test
    void ehloListsEveryExtension() throws Exception {
        ehlo();
        assertThat(c.command("EHLO [127.0.0.1]")).startsWith("250-mx.test.example greets [127.0.0.1]\r\n");
        assertThat(c.command("EHLO")).isEqualTo("501 5.5.4 Syntax: EHLO domain or address literal\r\n");
        assertThat(c.command("EHLO bad host")).isEqualTo("501 5.5.4 Invalid domain name or address literal: bad host\r\n");
        assertThat(c.command("EHLO [1.2.3")).isEqualTo("501 5.5.4 Invalid domain name or address literal: [1.2.3\r\n");
    }

    @Test
    void heloSessionHasNoEnhancedCodesAndNoExtensions() throws Exception {
        assertThat(c.command("HELO")).isEqualTo("501 5.5.4 Syntax: HELO domain or address literal\r\n");
        assertThat(c.command("HELO client.example")).isEqualTo("250 mx.test.example\r\n");
        assertThat(c.command("MAIL FROM:<a@example.org>")).isEqualTo("250 Sender <a@example.org> OK\r\n");
        assertThat(c.command("RCPT TO:<b@example.test> NOTIFY=NEVER")).isEqualTo("555 Unsupported parameter: NOTIFY\r\n");
        assertThat(c.command("RSET")).isEqualTo("250 Ok\r\n");
        assertThat(c.command("MAIL FROM:<a@example.org> SIZE=10")).isEqualTo("555 Unsupported parameter: SIZE\r\n");
    }

    @Test
    void mailReplies() throws Exception {
        assertThat(c.command("MAIL FROM:<a@example.org>")).isEqualTo("503 5.5.1 Send HELO or EHLO first\r\n");
        ehlo();
        assertThat(c.command("MAIL TO:<a@example.org>")).isEqualTo("501 5.5.4 Syntax: MAIL FROM:<address> [parameters]\r\n");
        assertThat(c.command("MAIL FROM:<a@@example.org>")).isEqualTo("501 5.1.7 Bad sender address syntax\r\n");
        assertThat(c.command("MAIL FROM:<a@example.org> FOO=1")).isEqualTo("555 5.5.4 Unsupported parameter: FOO\r\n");
        assertThat(c.command("MAIL FROM:<a@example.org> SIZE=52428801"))
                .isEqualTo("552 5.3.4 Message size exceeds the fixed limit of 52428800 bytes\r\n");
        assertThat(c.command("MAIL FROM:<blocked@example.org>"))
                .isEqualTo("550 5.7.1 <blocked@example.org>: Sender address rejected by policy\r\n");
        assertThat(c.command("MAIL FROM:<> SIZE=1000 BODY=8BITMIME RET=HDRS ENVID=x1")).isEqualTo("250 2.1.0 Sender <> OK\r\n");
        assertThat(c.command("MAIL FROM:<a@example.org>")).isEqualTo("503 5.5.1 Sender already given; send RSET to start over\r\n");
    }

    @Test
    void mailRefusedWhenStorageIsShort() throws Exception {
        try (ServerFixture g = new ServerFixture(dir.resolve("g"), b -> b.storageCheck(octets -> octets < 1000));
                RawClient d = g.client()) {
            d.command("EHLO client.example");
            assertThat(d.command("MAIL FROM:<a@example.org> SIZE=5000")).isEqualTo("452 4.3.1 Insufficient system storage, try again later\r\n");
            assertThat(d.command("MAIL FROM:<a@example.org> SIZE=500")).isEqualTo("250 2.1.0 Sender <a@example.org> OK\r\n");
        }
    }

    @Test
    void rcptReplies() throws Exception {
        ehlo();
        assertThat(c.command("RCPT TO:<b@example.test>")).isEqualTo("503 5.5.1 Need MAIL before RCPT\r\n");
        c.command("MAIL FROM:<a@example.org>");
        assertThat(c.command("RCPT <b@example.test>")).isEqualTo("501 5.5.4 Syntax: RCPT TO:<address> [parameters]\r\n");
        assertThat(c.command("RCPT TO:<b@@example.test>")).isEqualTo("553 5.1.3 Bad recipient address syntax\r\n");
        assertThat(c.command("RCPT TO:<unknown@example.test>"))
                .isEqualTo("550 5.1.1 <unknown@example.test>: Recipient address rejected: no such user here\r\n");
        assertThat(c.command("RCPT TO:<fwd@example.test>")).isEqualTo("251 2.1.5 User not local; will forward to <someone@elsewhere.test>\r\n");
        assertThat(c.command("RCPT TO:<b@example.test> NOTIFY=SOMETIMES")).isEqualTo("501 5.5.4 Bad parameter syntax: NOTIFY=SOMETIMES\r\n");
        assertThat(c.command("RCPT TO:<b@example.test> XYZ")).isEqualTo("555 5.5.4 Unsupported parameter: XYZ\r\n");
        assertThat(c.command("RCPT TO:<Postmaster>")).isEqualTo("250 2.1.5 Recipient <Postmaster> OK\r\n");
        assertThat(c.command("RCPT TO:<c@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;c@example.test"))
                .isEqualTo("250 2.1.5 Recipient <c@example.test> OK\r\n");
        // the reply text stays ASCII: the non-ASCII character is shown as '?'
        assertThat(c.command("RCPT TO:<ü@example.test>")).isEqualTo("553 5.6.7 Non-ASCII address requires SMTPUTF8: ?@example.test\r\n");
    }

    @Test
    void dataReplies() throws Exception {
        ehlo();
        assertThat(c.command("DATA")).isEqualTo("503 5.5.1 Need MAIL command\r\n");
        c.command("MAIL FROM:<a@example.org>");
        assertThat(c.command("DATA")).isEqualTo("503 5.5.1 Need RCPT command\r\n");
        c.command("RCPT TO:<unknown@example.test>");
        assertThat(c.command("DATA")).isEqualTo("554 5.5.1 No valid recipients\r\n");
        c.command("RCPT TO:<b@example.test>");
        assertThat(c.command("DATA now")).isEqualTo("501 5.5.4 Syntax: DATA takes no arguments\r\n");
        assertThat(c.command("DATA")).isEqualTo("354 End data with <CR><LF>.<CR><LF>\r\n");
        c.send("Subject: t\r\n\r\nhello\r\n.\r\n");
        String stored = c.readRaw();
        assertThat(stored).matches("250 2\\.0\\.0 Ok: queued as [0-9A-Z]{16}\r\n");
        assertThat(f.backend.delivered).hasSize(1);
        assertThat(stored).contains(f.backend.delivered.get(0).queueId());
        // the transaction is over: DATA needs a new MAIL
        assertThat(c.command("DATA")).isEqualTo("503 5.5.1 Need MAIL command\r\n");
    }

    @Test
    void endOfDataRefusedByBackend() throws Exception {
        f.backend.refuseData = new SmtpException(Replies.DATA_CONTENT_REJECTED);
        transaction();
        c.command("DATA");
        c.send("Subject: spam\r\n\r\nbuy\r\n.\r\n");
        assertThat(c.readRaw()).isEqualTo("554 5.7.1 Message content rejected by policy\r\n");
        assertThat(f.backend.delivered).isEmpty();
        assertThat(dir.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void receivedHeaderIsPrepended() throws Exception {
        transaction();
        c.command("DATA");
        c.send("Subject: t\r\n\r\nx\r\n.\r\n");
        c.readRaw();
        String text = f.backend.delivered.get(0).text();
        String id = f.backend.delivered.get(0).queueId();
        assertThat(text).matches("(?s)Received: from client\\.example \\(\\[127\\.0\\.0\\.1\\]\\)\r\n"
                + "\tby mx\\.test\\.example \\(Tern\\) with ESMTP id " + id + "\r\n"
                + "\tfor <b@example\\.test>; \\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\r\n"
                + "Subject: t\r\n\r\nx\r\n");
    }

    @Test
    void receivedHeaderSaysSmtpAfterHeloAndUtf8SmtpWithSmtputf8() throws Exception {
        c.command("HELO client.example");
        c.command("MAIL FROM:<a@example.org>");
        c.command("RCPT TO:<b@example.test>");
        c.command("RCPT TO:<c@example.test>");
        c.command("DATA");
        c.send("x\r\n.\r\n");
        c.readRaw();
        assertThat(f.backend.delivered.get(0).text()).contains(" with SMTP id ").doesNotContain("\tfor ");
        ehlo();
        c.command("MAIL FROM:<ä@example.org> SMTPUTF8");
        assertThat(c.command("RCPT TO:<ü@example.test>")).isEqualTo("250 2.1.5 Recipient <ü@example.test> OK\r\n");
        c.command("DATA");
        c.send("x\r\n.\r\n");
        c.readRaw();
        assertThat(f.backend.delivered.get(1).text()).contains(" with UTF8SMTP id ");
    }

    @Test
    void bdatReplies() throws Exception {
        ehlo();
        // refused BDAT still consumes its chunk: the next line is a command again
        c.send("BDAT 6 LAST\r\nNOOP\r\n");
        assertThat(c.readRaw()).isEqualTo("503 5.5.1 Need MAIL command\r\n");
        assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 Ok\r\n");
        assertThat(c.command("BDAT ten")).isEqualTo("501 5.5.4 Syntax: BDAT size [LAST]\r\n");
        c.command("MAIL FROM:<a@example.org>");
        c.send("BDAT 1\r\nx");
        assertThat(c.readRaw()).isEqualTo("503 5.5.1 Need RCPT command\r\n");
        c.command("RCPT TO:<b@example.test>");
        c.send("BDAT 14\r\nSubject: t\r\n\r\n");
        assertThat(c.readRaw()).isEqualTo("250 2.0.0 14 octets received\r\n");
        assertThat(c.command("DATA")).isEqualTo("503 5.5.1 BDAT and DATA cannot be mixed in one transaction\r\n");
        c.send("BDAT 7 LAST\r\n.x\r\n.\r\n");
        assertThat(c.readRaw()).matches("250 2\\.0\\.0 Ok: queued as [0-9A-Z]{16}\r\n");
        // no dot-unstuffing in BDAT (RFC 3030)
        assertThat(f.backend.delivered.get(0).body()).isEqualTo("Subject: t\r\n\r\n.x\r\n.\r\n");
        c.command("MAIL FROM:<a@example.org>");
        c.command("RCPT TO:<b@example.test>");
        c.send("BDAT 0 LAST\r\n");
        assertThat(c.readRaw()).matches("250 2\\.0\\.0 Ok: queued as [0-9A-Z]{16}\r\n");
        assertThat(f.backend.delivered.get(1).body()).isEmpty();
    }

    @Test
    void rsetNoopQuit() throws Exception {
        transaction();
        assertThat(c.command("RSET now")).isEqualTo("501 5.5.4 Syntax: RSET takes no arguments\r\n");
        assertThat(c.command("RSET")).isEqualTo("250 2.0.0 Ok\r\n");
        assertThat(c.command("RCPT TO:<b@example.test>")).isEqualTo("503 5.5.1 Need MAIL before RCPT\r\n");
        assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 Ok\r\n");
        assertThat(c.command("NOOP anything at all")).isEqualTo("250 2.0.0 Ok\r\n");
        assertThat(c.command("QUIT now")).isEqualTo("501 5.5.4 Syntax: QUIT takes no arguments\r\n");
        assertThat(c.command("quit")).isEqualTo("221 2.0.0 mx.test.example closing connection\r\n");
        assertThat(c.closedByServer()).isTrue();
        assertThat(Eventually.holds(() -> f.backend.events.contains("logout"))).isTrue();
        assertThat(f.backend.events).contains("reset");
    }

    @Test
    void vrfyAndExpn() throws Exception {
        ehlo();
        assertThat(c.command("VRFY")).isEqualTo("501 5.5.4 Syntax: VRFY user or address\r\n");
        assertThat(c.command("VRFY someone@example.test"))
                .isEqualTo("252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery\r\n");
        assertThat(c.command("VRFY known@example.test")).isEqualTo("250 2.1.5 <known@example.test>\r\n");
        assertThat(c.command("VRFY nobody@example.test")).isEqualTo("550 5.1.1 <nobody@example.test>: no such user here\r\n");
        assertThat(c.command("EXPN")).isEqualTo("501 5.5.4 Syntax: EXPN user or address\r\n");
        assertThat(c.command("EXPN staff")).isEqualTo("502 5.5.1 EXPN command is disabled\r\n");
        assertThat(c.command("EXPN list@example.test")).isEqualTo("250-2.1.5 <a@example.test>\r\n250 2.1.5 <b@example.test>\r\n");
        assertThat(c.command("EXPN person@example.test")).isEqualTo("550 5.1.1 <person@example.test>: not a mailing list here\r\n");
    }

    @Test
    void help() throws Exception {
        assertThat(c.command("HELP")).isEqualTo("214-2.0.0 Tern SMTP server; commands:\r\n214-2.0.0 HELO EHLO MAIL RCPT DATA BDAT RSET\r\n"
                + "214-2.0.0 VRFY EXPN HELP NOOP QUIT\r\n214 2.0.0 HELP <command> gives its syntax\r\n");
        assertThat(c.command("HELP rset")).isEqualTo("214 2.0.0 RSET: abandon the current transaction\r\n");
        assertThat(c.command("HELP FOO")).isEqualTo("504 5.5.4 No help available for FOO\r\n");
        assertThat(c.command("HELP STATUS")).matches("211 2\\.0\\.0 mx\\.test\\.example up, 1 connections\r\n");
    }

    @Test
    void refusedAndUnknownCommands() throws Exception {
        ehlo();
        assertThat(c.command("TURN")).isEqualTo("502 5.5.1 TURN is not supported\r\n");
        assertThat(c.command("SEND FROM:<a@example.org>")).isEqualTo("502 5.5.1 SEND is not implemented\r\n");
        assertThat(c.command("SOML FROM:<a@example.org>")).isEqualTo("502 5.5.1 SOML is not implemented\r\n");
        assertThat(c.command("SAML FROM:<a@example.org>")).isEqualTo("502 5.5.1 SAML is not implemented\r\n");
        assertThat(c.command("FROB")).isEqualTo("500 5.5.2 Command unrecognized\r\n");
        assertThat(c.command("")).isEqualTo("500 5.5.2 Command unrecognized\r\n");
        assertThat(c.command("STARTTLS")).isEqualTo("454 4.7.0 TLS not available\r\n");
        assertThat(c.command("AUTH PLAIN")).isEqualTo("500 5.5.2 Command unrecognized\r\n");
    }

    @Test
    void legacyModeMakesSomlAndSamlActAsMail() throws Exception {
        try (ServerFixture g = new ServerFixture(dir.resolve("g"), b -> b.legacyCommands(true)); RawClient d = g.client()) {
            d.command("EHLO client.example");
            assertThat(d.command("SEND FROM:<a@example.org>")).isEqualTo("502 5.5.1 SEND is not implemented\r\n");
            assertThat(d.command("SOML FROM:<a@example.org>")).isEqualTo("250 2.1.0 Sender <a@example.org> OK\r\n");
            assertThat(d.command("SAML FROM:<a@example.org>")).isEqualTo("503 5.5.1 Sender already given; send RSET to start over\r\n");
        }
    }

    @Test
    void commandLineLimitIs512OctetsWithCrlf() throws Exception {
        ehlo();
        String longest = "NOOP " + "x".repeat(510 - 5);
        assertThat(longest).hasSize(510);
        assertThat(c.command(longest)).isEqualTo("250 2.0.0 Ok\r\n");
        assertThat(c.command(longest + "x")).isEqualTo("500 5.5.6 Command line too long\r\n");
        assertThat(c.command("NOOP " + "y".repeat(5000))).isEqualTo("500 5.5.6 Command line too long\r\n");
        assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 Ok\r\n");
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws Exception {
        ehlo();
        c.send("MAIL FROM:<a@example.org>\r\nRCPT TO:<unknown@example.test>\r\nRCPT TO:<b@example.test>\r\nRCPT TO:<fwd@example.test>\r\nDATA\r\n");
        assertThat(c.readRaw()).isEqualTo("250 2.1.0 Sender <a@example.org> OK\r\n");
        assertThat(c.readRaw()).startsWith("550 5.1.1 ");
        assertThat(c.readRaw()).startsWith("250 2.1.5 ");
        assertThat(c.readRaw()).startsWith("251 2.1.5 ");
        assertThat(c.readRaw()).startsWith("354 ");
        c.send("x\r\n.\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.test>\r\nRSET\r\nQUIT\r\n");
        assertThat(c.readRaw()).startsWith("250 2.0.0 Ok: queued as ");
        assertThat(c.readRaw()).startsWith("250 2.1.0 ");
        assertThat(c.readRaw()).startsWith("250 2.1.5 ");
        assertThat(c.readRaw()).isEqualTo("250 2.0.0 Ok\r\n");
        assertThat(c.readRaw()).startsWith("221 2.0.0 ");
        assertThat(f.backend.delivered.get(0).to()).containsExactly("b@example.test", "fwd@example.test");
    }
}
