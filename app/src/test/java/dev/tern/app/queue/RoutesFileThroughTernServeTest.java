package dev.tern.app.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.config.ConfigLoader;
import dev.tern.app.config.TernConfig;
import dev.tern.app.serve.ServeCommand;
import dev.tern.client.ClientConfig;
import dev.tern.client.Envelope;
import dev.tern.client.MessageSource;
import dev.tern.client.SmtpClient;
import dev.tern.client.TlsMode;
import dev.tern.client.TransactionResult;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two tern serve instances: the first relays through the route in its data-dir/routes file to the second. */
class RoutesFileThroughTernServeTest {

    @TempDir
    Path dir;

    @Test
    void theRoutesFileSendsRelayedMailToTheOtherServer() throws Exception {
        ServeCommand.Running dest = ServeCommand.start(TernConfig.builtIn()
                .withListen(List.of(new InetSocketAddress("127.0.0.1", 0))).withDataDir(dir.resolve("dest")));
        ServeCommand.Running relay = null;
        try {
            int destPort = dest.server().addresses().get(0).getPort();
            Path relayDir = dir.resolve("relay");
            Files.createDirectories(relayDir);
            Files.writeString(relayDir.resolve("routes"), "# where mail for localhost goes\nlocalhost  127.0.0.1:" + destPort
                    + "  tls=opportunistic\n");
            relay = ServeCommand.start(ConfigLoader.parse("relay.yaml", """
                    hostname: relay.a.test
                    listen: [ "127.0.0.1:0" ]
                    domains: [ a.test ]
                    users:
                      - { address: alice@a.test }
                    relay-networks: [ 127.0.0.0/8 ]
                    """).withDataDir(relayDir));
            int relayPort = relay.server().addresses().get(0).getPort();

            SmtpClient client = SmtpClient.create(ClientConfig.builder().heloName("client.test").tlsMode(TlsMode.OFF).build());
            TransactionResult sent = client.send("127.0.0.1", relayPort, Envelope.of("alice@a.test", "bob@localhost"),
                    MessageSource.of("From: alice@a.test\r\nTo: bob@localhost\r\nSubject: routed by file\r\n\r\nhi\r\n"));
            assertThat(sent.recipients().get(0).accepted()).isTrue();

            Path inbox = dir.resolve("dest").resolve("mail").resolve("bob@localhost").resolve("new");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && list(inbox).isEmpty()) {
                Thread.sleep(100);
            }
            List<Path> got = list(inbox);
            assertThat(got).hasSize(1);
            assertThat(Files.readString(got.get(0), StandardCharsets.UTF_8)).contains("Subject: routed by file")
                    .contains("Return-Path: <alice@a.test>");
        } finally {
            if (relay != null) {
                relay.stop(Duration.ofSeconds(1));
            }
            dest.stop(Duration.ofSeconds(1));
        }
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
