package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.RcptParameters;
import dev.tern.protocol.reply.Reply;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How transactions end when they do not end well: RSET, lost connections, failing backends. */
@Timeout(30)
class TransactionEndsTest {
    @TempDir
    Path dir;

    private static void open(RawClient c) throws Exception {
        c.command("EHLO client.example");
        c.command("MAIL FROM:<a@example.org>");
        c.command("RCPT TO:<b@example.test>");
    }

    @Test
    void rsetBetweenBdatChunksDropsTheMessage() throws Exception {
        try (ServerFixture f = new ServerFixture(dir); RawClient c = f.client()) {
            open(c);
            c.send("BDAT 5\r\nhello");
            assertThat(c.readRaw()).isEqualTo("250 2.0.0 5 octets received\r\n");
            assertThat(c.command("RCPT TO:<c@example.test>")).isEqualTo("503 5.5.1 Bad sequence of commands: RCPT during BDAT\r\n");
            assertThat(c.command("MAIL FROM:<a@example.org>")).isEqualTo("503 5.5.1 Sender already given; send RSET to start over\r\n");
            assertThat(c.command("RSET")).isEqualTo("250 2.0.0 Ok\r\n");
            assertThat(c.command("RCPT TO:<b@example.test>")).isEqualTo("503 5.5.1 Need MAIL before RCPT\r\n");
            assertThat(f.backend.delivered).isEmpty();
            assertThat(dir.resolve("tmp")).isEmptyDirectory();
            // and a whole new transaction works
            open(c);
            c.send("BDAT 3 LAST\r\nabc");
            assertThat(c.readRaw()).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(f.backend.delivered.get(0).body()).isEqualTo("abc");
        }
    }

    @Test
    void connectionLostInsideDataStoresNothing() throws Exception {
        try (ServerFixture f = new ServerFixture(dir)) {
            try (RawClient c = f.client()) {
                open(c);
                c.command("DATA");
                c.send("Subject: cut\r\n\r\n" + "x".repeat(100_000));
            }
            assertThat(Eventually.holds(() -> f.backend.logouts.get() == 1)).isTrue();
            assertThat(f.backend.delivered).isEmpty();
            assertThat(dir.resolve("tmp")).isEmptyDirectory();
            assertThat(dir.resolve("new")).isEmptyDirectory();
            assertThat(f.backend.events).containsSubsequence("reset", "logout");
        }
    }

    /** A backend whose methods fail with unexpected exceptions. */
    static final class FailingBackend implements Backend {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public Session newSession(ConnectionInfo connection) {
            return new Session() {
                @Override
                public void mail(ReversePath from, MailParameters params) {
                }

                @Override
                public Reply rcpt(ForwardPath to, RcptParameters params) {
                    if (to.address().startsWith("crash@")) {
                        throw new IllegalStateException("directory lookup broke");
                    }
                    return null;
                }

                @Override
                public Reply data(String queueId, InputStream message) throws java.io.IOException {
                    message.transferTo(java.io.OutputStream.nullOutputStream());
                    throw new java.io.IOException("disk on fire");
                }

                @Override
                public void reset() {
                    calls.add("reset");
                }

                @Override
                public Reply verify(String argument) {
                    throw new UnsupportedOperationException("no directory");
                }

                @Override
                public void logout() {
                    calls.add("logout");
                }
            };
        }
    }

    @Test
    void unexpectedBackendFailuresNeverReachTheWire() throws Exception {
        FailingBackend backend = new FailingBackend();
        try (SmtpServer s = SmtpServer.builder().hostname("mx.test.example").port(0).backend(backend).start();
                RawClient c = RawClient.connect(s.port())) {
            open(c);
            c.command("DATA");
            c.send("x\r\n.\r\n");
            assertThat(c.readRaw()).isEqualTo("451 4.3.0 Local error in processing; message not stored, try again later\r\n");
            c.command("MAIL FROM:<a@example.org>");
            assertThat(c.command("RCPT TO:<crash@example.test>"))
                    .isEqualTo("451 4.3.0 Local error in processing; message not stored, try again later\r\n");
            assertThat(c.command("RCPT TO:<fine@example.test>")).isEqualTo("250 2.1.5 Recipient <fine@example.test> OK\r\n");
            // VRFY has no 451 in its row: 421 and close
            assertThat(c.command("VRFY anyone")).isEqualTo("421 4.3.0 mx.test.example Internal server error, closing connection\r\n");
            assertThat(c.closedByServer()).isTrue();
            assertThat(Eventually.holds(() -> backend.calls.contains("logout"))).isTrue();
        }
    }
}
