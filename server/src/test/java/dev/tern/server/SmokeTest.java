package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class SmokeTest {
    @TempDir
    Path dir;

    @Test
    void oneMessageEndToEnd() throws Exception {
        try (ServerFixture f = new ServerFixture(dir); RawClient c = new RawClient(f.port())) {
            assertThat(c.readRaw()).isEqualTo("220 mx.test.example ESMTP Tern\r\n");
            assertThat(c.command("EHLO client.example")).startsWith("250-mx.test.example greets client.example\r\n");
            assertThat(c.command("MAIL FROM:<a@example.org>")).isEqualTo("250 2.1.0 Sender <a@example.org> OK\r\n");
            assertThat(c.command("RCPT TO:<b@example.test>")).isEqualTo("250 2.1.5 Recipient <b@example.test> OK\r\n");
            assertThat(c.command("DATA")).isEqualTo("354 End data with <CR><LF>.<CR><LF>\r\n");
            c.send("Subject: hi\r\n\r\n..dot\r\nbody\r\n.\r\n");
            String r = c.readRaw();
            assertThat(r).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(f.backend.delivered).hasSize(1);
            assertThat(f.backend.delivered.get(0).body()).isEqualTo("Subject: hi\r\n\r\n.dot\r\nbody\r\n");
            assertThat(c.command("QUIT")).isEqualTo("221 2.0.0 mx.test.example closing connection\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
    }
}
