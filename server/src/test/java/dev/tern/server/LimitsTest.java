package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.reply.Replies;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Spec §4 limits and the greeting refusals, against a live server. */
@Timeout(60)
class LimitsTest {
    @TempDir
    Path dir;

    @Test
    void recipientOverTheLimitGets452AndEarlierOnesAreDelivered() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, b -> b.limits(ServerLimits.DEFAULTS.withMaxRecipients(3)));
                RawClient c = f.client()) {
            c.command("EHLO client.example");
            c.command("MAIL FROM:<a@example.org>");
            for (int i = 1; i <= 3; i++) {
                assertThat(c.command("RCPT TO:<r" + i + "@example.test>")).startsWith("250 2.1.5 ");
            }
            assertThat(c.command("RCPT TO:<r4@example.test>")).isEqualTo("452 4.5.3 Too many recipients\r\n");
            c.command("DATA");
            c.send("x\r\n.\r\n");
            assertThat(c.readRaw()).startsWith("250 2.0.0 ");
            assertThat(f.backend.delivered.get(0).to()).containsExactly("r1@example.test", "r2@example.test", "r3@example.test");
        }
    }

    @Test
    void defaultRecipientLimitIs100() throws Exception {
        try (ServerFixture f = new ServerFixture(dir); RawClient c = f.client()) {
            c.command("EHLO client.example");
            c.command("MAIL FROM:<a@example.org>");
            StringBuilder rcpts = new StringBuilder();
            for (int i = 1; i <= 101; i++) {
                rcpts.append("RCPT TO:<r").append(i).append("@example.test>\r\n");
            }
            c.send(rcpts.toString());
            for (int i = 1; i <= 100; i++) {
                assertThat(c.readRaw()).startsWith("250 2.1.5 ");
            }
            assertThat(c.readRaw()).isEqualTo("452 4.5.3 Too many recipients\r\n");
        }
    }

    @Test
    void dataOverTheSizeLimitIsReadToTheEndThenRefused() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, b -> b.limits(ServerLimits.DEFAULTS.withMaxMessageSize(1000)));
                RawClient c = f.client()) {
            c.command("EHLO client.example");
            c.command("MAIL FROM:<a@example.org>");
            c.command("RCPT TO:<b@example.test>");
            c.command("DATA");
            String line = "y".repeat(98) + "\r\n";
            c.send(line.repeat(20_000) + ".\r\n");
            assertThat(c.readRaw()).isEqualTo("552 5.3.4 Message size exceeds the fixed limit of 1000 bytes\r\n");
            assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 Ok\r\n");
            assertThat(f.backend.delivered).isEmpty();
            assertThat(dir.resolve("tmp")).isEmptyDirectory();
            // exactly at the limit is fine
            c.command("MAIL FROM:<a@example.org>");
            c.command("RCPT TO:<b@example.test>");
            c.command("DATA");
            c.send(line.repeat(10) + ".\r\n");
            assertThat(c.readRaw()).startsWith("250 2.0.0 ");
        }
    }

    @Test
    void bdatOverTheSizeLimitIsReadThenRefused() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, b -> b.limits(ServerLimits.DEFAULTS.withMaxMessageSize(1000)));
                RawClient c = f.client()) {
            c.command("EHLO client.example");
            c.command("MAIL FROM:<a@example.org>");
            c.command("RCPT TO:<b@example.test>");
            c.send("BDAT 600\r\n" + "z".repeat(600));
            assertThat(c.readRaw()).isEqualTo("250 2.0.0 600 octets received\r\n");
            c.send("BDAT 5000 LAST\r\n" + "z".repeat(5000));
            assertThat(c.readRaw()).isEqualTo("552 5.3.4 Message size exceeds the fixed limit of 1000 bytes\r\n");
            assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 Ok\r\n");
            // the transaction is over
            assertThat(c.command("RCPT TO:<b@example.test>")).isEqualTo("503 5.5.1 Need MAIL before RCPT\r\n");
            assertThat(f.backend.delivered).isEmpty();
            assertThat(Eventually.holds(() -> dir.resolve("tmp").toFile().list().length == 0)).isTrue();
        }
    }

    @Test
    void connectionLimits() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, b -> b.limits(ServerLimits.DEFAULTS.withMaxConnections(2)));
                RawClient a = f.client(); RawClient b = f.client(); RawClient c = new RawClient(f.port())) {
            assertThat(c.readRaw()).isEqualTo("421 4.7.0 mx.test.example Too many connections, try again later\r\n");
            assertThat(c.closedByServer()).isTrue();
            a.command("QUIT");
            assertThat(a.closedByServer()).isTrue();
            assertThat(Eventually.holds(() -> f.server.connectionCount() == 1)).isTrue();
            try (RawClient d = f.client()) {
                assertThat(d.command("NOOP")).isEqualTo("250 2.0.0 Ok\r\n");
            }
        }
        try (ServerFixture f = new ServerFixture(dir, b -> b.limits(ServerLimits.DEFAULTS.withMaxConnectionsPerIp(1)));
                RawClient a = f.client(); RawClient b = new RawClient(f.port())) {
            assertThat(b.readRaw()).isEqualTo("421 4.7.0 mx.test.example Too many connections from your address, try again later\r\n");
            assertThat(b.closedByServer()).isTrue();
        }
    }

    @Test
    void idleClientGets421AndIsClosed() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, b -> b.limits(ServerLimits.DEFAULTS.withIdleTimeout(Duration.ofMillis(300))));
                RawClient c = f.client()) {
            c.command("EHLO client.example");
            assertThat(c.readRaw()).isEqualTo("421 4.4.2 mx.test.example Timeout waiting for client input, closing connection\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void idleClientInsideDataIsClosedAndNothingIsStored() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, b -> b.limits(ServerLimits.DEFAULTS.withIdleTimeout(Duration.ofMillis(300))));
                RawClient c = f.client()) {
            c.command("EHLO client.example");
            c.command("MAIL FROM:<a@example.org>");
            c.command("RCPT TO:<b@example.test>");
            c.command("DATA");
            c.send("Subject: half\r\n\r\nhalf a messa");
            assertThat(c.readRaw()).startsWith("421 4.4.2 ");
            assertThat(c.closedByServer()).isTrue();
            assertThat(Eventually.holds(() -> f.backend.events.contains("logout"))).isTrue();
            assertThat(f.backend.delivered).isEmpty();
            assertThat(dir.resolve("tmp")).isEmptyDirectory();
            assertThat(dir.resolve("new")).isEmptyDirectory();
        }
    }

    @Test
    void tooManyErrorsCloseTheSession() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, b -> b.limits(ServerLimits.DEFAULTS.withMaxErrors(3))); RawClient c = f.client()) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.command("FROB")).isEqualTo("500 5.5.2 Command unrecognized\r\n");
            }
            assertThat(c.command("FROB")).isEqualTo("421 4.7.0 mx.test.example Too many errors, closing connection\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void notAcceptingMailGreets521AndCloses() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, b -> b.acceptMail(false)); RawClient c = new RawClient(f.port())) {
            assertThat(c.readRaw()).isEqualTo("521 5.3.2 mx.test.example does not accept mail\r\n");
            assertThat(c.closedByServer()).isTrue();
            assertThat(f.backend.sessions.get()).isZero();
        }
    }

    @Test
    void rejectedClientIsGreeted554AndOnlyQuitIsServed() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, b -> b.rejectClients(a -> a.isLoopbackAddress()));
                RawClient c = new RawClient(f.port())) {
            assertThat(c.readRaw()).isEqualTo("554 5.7.1 127.0.0.1: connections from your address are refused\r\n");
            assertThat(c.command("EHLO client.example")).isEqualTo("550 5.7.1 127.0.0.1: connections from your address are refused\r\n");
            assertThat(c.command("HELO client.example")).isEqualTo("521 5.3.2 mx.test.example does not accept mail\r\n");
            assertThat(c.command("MAIL FROM:<a@example.org>")).isEqualTo("503 5.5.1 Connection refused by policy; only QUIT is accepted\r\n");
            assertThat(c.command("DATA")).isEqualTo("503 5.5.1 Connection refused by policy; only QUIT is accepted\r\n");
            // a BDAT chunk is still read whole, so its octets are never taken for commands
            c.send("BDAT 6\r\nQUIT\r\n");
            assertThat(c.readRaw()).isEqualTo("503 5.5.1 Connection refused by policy; only QUIT is accepted\r\n");
            assertThat(c.command("QUIT")).isEqualTo("221 2.0.0 mx.test.example closing connection\r\n");
            assertThat(c.closedByServer()).isTrue();
            assertThat(f.backend.sessions.get()).isZero();
        }
    }

    @Test
    void backendMayRefuseAConnection() throws Exception {
        TestBackend inner = new TestBackend(dir);
        Backend refusing = connection -> {
            throw new SmtpException(Replies.TOO_MANY_CONNECTIONS_FROM_CLIENT, "mx.test.example");
        };
        try (SmtpServer s = SmtpServer.builder().hostname("mx.test.example").port(0).backend(refusing).start();
                RawClient c = new RawClient(s.port())) {
            assertThat(c.readRaw()).isEqualTo("421 4.7.0 mx.test.example Too many connections from your address, try again later\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(inner.sessions.get()).isZero();
    }

    @Test
    void textLinesOver1000OctetsAreRefusedOnlyInStrictMode() throws Exception {
        String ok = "x".repeat(998) + "\r\n";
        String stuffedOk = "." + ok;                     // the doubled dot does not count
        String tooLong = "y".repeat(999) + "\r\n";
        try (ServerFixture f = new ServerFixture(dir, b -> b.strictLineLength(true)); RawClient c = f.client()) {
            c.command("EHLO client.example");
            for (String body : new String[] {ok + stuffedOk, tooLong}) {
                c.command("MAIL FROM:<a@example.org>");
                c.command("RCPT TO:<b@example.test>");
                c.command("DATA");
                c.send(body + ".\r\n");
                if (body.equals(tooLong)) {
                    assertThat(c.readRaw()).isEqualTo("554 5.6.0 Message refused: a text line is longer than 1000 octets\r\n");
                } else {
                    assertThat(c.readRaw()).startsWith("250 2.0.0 ");
                }
            }
            assertThat(f.backend.delivered).hasSize(1);
            assertThat(f.backend.delivered.get(0).body()).isEqualTo(ok + ok);
        }
        try (ServerFixture f = new ServerFixture(dir.resolve("lenient")); RawClient c = f.client()) {
            c.command("EHLO client.example");
            c.command("MAIL FROM:<a@example.org>");
            c.command("RCPT TO:<b@example.test>");
            c.command("DATA");
            c.send("z".repeat(5000) + "\r\n.\r\n");
            assertThat(c.readRaw()).startsWith("250 2.0.0 ");
        }
    }
}
