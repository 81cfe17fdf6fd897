package dev.tern.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.config.ConfigLoader;
import dev.tern.app.config.TernConfig;
import dev.tern.relay.RelaySettings;
import dev.tern.server.auth.PasswordHasher;
import dev.tern.server.auth.UserRecord;
import dev.tern.server.auth.UsersFile;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys {@code strict-line-length}, {@code bare-line-endings}, {@code auth.max-failures-per-session}
 * and the {@code relay} section reach the server and the relay that {@code tern serve} starts.
 */
class ProtocolAndRelayKeysTest {

    @TempDir
    Path dir;

    ServeCommand.Running running;

    private int start(String yaml) throws Exception {
        TernConfig config = ConfigLoader.parse("test.yaml", yaml)
                .withListen(List.of(new InetSocketAddress("127.0.0.1", 0))).withDataDir(dir.resolve("data"));
        // nothing here is relayed; a route to a closed port keeps the runner from looking up MX records
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data").resolve("routes"), "* 127.0.0.1:1 tls=none\n");
        running = ServeCommand.start(config);
        return running.server().port();
    }

    @AfterEach
    void stop() {
        if (running != null) {
            running.stop(Duration.ofSeconds(5));
        }
    }

    /** One message with the given body; returns the reply to its end of data. */
    private static String send(LineClient c, String body) throws Exception {
        assertThat(c.command("MAIL FROM:<a@example.org>")).startsWith("250 ");
        assertThat(c.command("RCPT TO:<bob@example.test>")).startsWith("250 ");
        assertThat(c.command("DATA")).startsWith("354 ");
        return c.command(body + "\r\n.");
    }

    @Test
    void lineRulesFromTheFileReachTheServer() throws Exception {
        String longLine = "x".repeat(1200);
        int port = start("domains: [ example.test ]\ncatch-all: true\nstrict-line-length: true\nbare-line-endings: keep\n");
        try (LineClient c = new LineClient(port)) {
            c.reply();
            c.command("EHLO client.example");
            assertThat(send(c, "Subject: bare\r\n\r\none\ntwo")).startsWith("250 2.0.0 ");
            assertThat(send(c, "Subject: long\r\n\r\n" + longLine))
                    .isEqualTo("554 5.6.0 Message refused: a text line is longer than 1000 octets\r\n");
        }
        running.stop(Duration.ofSeconds(5));
        running = null;
        // the defaults: bare line endings refused, long lines kept
        port = start("domains: [ example.test ]\ncatch-all: true\n");
        try (LineClient c = new LineClient(port)) {
            c.reply();
            c.command("EHLO client.example");
            assertThat(send(c, "Subject: bare\r\n\r\none\ntwo"))
                    .isEqualTo("554 5.6.0 Message refused: bare CR or LF in data; lines must end with CRLF\r\n");
            assertThat(send(c, "Subject: long\r\n\r\n" + longLine)).startsWith("250 2.0.0 ");
        }
    }

    @Test
    void authFailuresPerSessionFromTheFileReachTheServer() throws Exception {
        Path users = dir.resolve("users");
        UsersFile f = UsersFile.empty();
        f.put(UserRecord.create("alice@example.test", "the right password", new PasswordHasher(1024, 1, 1), false));
        f.write(users);
        int port = start("""
                domains: [ example.test ]
                users: [ { address: alice@example.test } ]
                auth: { users-file: %s, plaintext-needs-tls: false, max-failures-per-session: 2 }
                """.formatted(users));
        String wrong = Base64.getEncoder().encodeToString("\0alice@example.test\0wrong".getBytes(StandardCharsets.UTF_8));
        try (LineClient c = new LineClient(port)) {
            c.reply();
            assertThat(c.command("EHLO client.example")).contains("AUTH ");
            assertThat(c.command("AUTH PLAIN " + wrong)).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
            assertThat(c.command("AUTH PLAIN " + wrong))
                    .isEqualTo("421 4.7.0 localhost Too many failed authentication attempts, closing connection\r\n");
        }
    }

    @Test
    void theRelaySectionIsWhatTheRelayIsBuiltWith() throws Exception {
        start("""
                hostname: mx.example.test
                domains: [ example.test ]
                relay: { lifetime: 1d, initial-backoff: 30s, max-backoff: 10m, delay-warning: 2h,
                         max-connections: 6, max-connections-per-domain: 3 }
                """);
        RelaySettings s = running.relaySettings();
        assertThat(s).isEqualTo(RelaySettings.defaults("mx.example.test").withLifetime(Duration.ofDays(1))
                .withBackoff(Duration.ofSeconds(30), Duration.ofMinutes(10)).withDelayWarning(Duration.ofHours(2))
                .withLimits(6, 3));
        running.stop(Duration.ofSeconds(5));
        running = null;
        start("hostname: mx.example.test\ndomains: [ example.test ]\n");
        assertThat(running.relaySettings()).isEqualTo(RelaySettings.defaults("mx.example.test"));
    }
}
