package dev.tern.app.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.config.ConfigLoader;
import dev.tern.app.config.TernConfig;
import dev.tern.app.serve.ServeCommand;
import dev.tern.client.ClientConfig;
import dev.tern.client.Envelope;
import dev.tern.client.MessageSource;
import dev.tern.client.RecipientResult;
import dev.tern.client.SmtpClient;
import dev.tern.client.TlsMode;
import dev.tern.client.TransactionResult;
import dev.tern.relay.suppress.Suppression;
import dev.tern.relay.suppress.SuppressionList;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tern serve with its relay: a client allowed to relay gets 550 5.1.1 at RCPT for a suppressed
 * address; mail an alias forwards to it is accepted and comes back to the local sender as a DSN.
 */
class SuppressedAtRcptTest {

    @TempDir
    Path dir;

    @Test
    void suppressedAddressesAreRefusedAtRcptOrBouncedWhenAnAliasForwards() throws Exception {
        new SuppressionList(dir.resolve("suppressed.tsv")).add(new Suppression("gone@far.example",
                Instant.parse("2026-11-20T08:00:00Z"), null, "user-unknown", "550 5.1.1 no such user"));
        TernConfig config = ConfigLoader.parse("test.yaml", """
                hostname: mx.example.test
                listen: [ "127.0.0.1:0" ]
                domains: [ example.test ]
                users:
                  - { address: alice@example.test }
                aliases:
                  fwd@example.test: [ gone@far.example ]
                relay-networks: [ 127.0.0.0/8 ]
                """).withDataDir(dir);
        ServeCommand.Running running = ServeCommand.start(config);
        try {
            int port = running.server().addresses().get(0).getPort();
            SmtpClient client = SmtpClient.create(ClientConfig.builder().heloName("client.test").tlsMode(TlsMode.OFF).build());

            TransactionResult direct = client.send("127.0.0.1", port, Envelope.of("alice@example.test", "gone@far.example"),
                    MessageSource.of("Subject: direct\r\n\r\nhi\r\n"));
            RecipientResult r = direct.recipients().get(0);
            assertThat(r.accepted()).isFalse();
            assertThat(r.reply().code()).isEqualTo(550);
            assertThat(r.reply().enhanced()).hasToString("5.1.1");
            assertThat(r.reply().text()).contains("suppressed since 2026-11-20").contains("user-unknown");

            TransactionResult viaAlias = client.send("127.0.0.1", port, Envelope.of("alice@example.test", "fwd@example.test"),
                    MessageSource.of("Subject: via alias\r\n\r\nhi\r\n"));
            assertThat(viaAlias.recipients().get(0).accepted()).isTrue();
            Path inbox = dir.resolve("mail").resolve("alice@example.test").resolve("new");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && count(inbox) == 0) {
                Thread.sleep(50);
            }
            List<Path> dsns = list(inbox);
            assertThat(dsns).hasSize(1);
            assertThat(Files.readString(dsns.get(0), StandardCharsets.UTF_8))
                    .contains("Final-Recipient: rfc822; gone@far.example")
                    .contains("Diagnostic-Code: smtp; 550 5.1.1 <gone@far.example>: Address suppressed since 2026-11-20");
        } finally {
            running.stop(Duration.ofSeconds(1));
        }
    }

    static long count(Path d) {
        return list(d).size();
    }

    static List<Path> list(Path d) {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
