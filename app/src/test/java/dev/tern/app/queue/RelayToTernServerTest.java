package dev.tern.app.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.config.TernConfig;
import dev.tern.app.serve.ServeCommand;
import dev.tern.client.ClientConfig;
import dev.tern.client.Timeouts;
import dev.tern.client.TlsMode;
import dev.tern.protocol.address.PathParser;
import dev.tern.protocol.params.MailParameters;
import dev.tern.relay.Relay;
import dev.tern.relay.RelaySettings;
import dev.tern.relay.queue.QueuedRecipient;
import dev.tern.relay.route.Hop;
import dev.tern.relay.route.StaticRoutes;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A relay sends through a static route to a second, real Tern server on loopback. */
class RelayToTernServerTest {

    @TempDir
    Path dir;

    static List<Path> newMail(Path maildir) throws Exception {
        Path n = maildir.resolve("new");
        if (!Files.isDirectory(n)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(n)) {
            return s.toList();
        }
    }

    @Test
    void mailQueuedHereArrivesInTheOtherServersMaildirs() throws Exception {
        TernConfig destConfig = TernConfig.builtIn().withListen(List.of(new InetSocketAddress("127.0.0.1", 0)))
                .withDataDir(dir.resolve("dest"));
        ServeCommand.Running dest = ServeCommand.start(destConfig);
        try {
            int port = dest.server().addresses().get(0).getPort();
            RelaySettings settings = RelaySettings.defaults("relay.test").withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1))
                    .withScanInterval(Duration.ofMillis(50));
            try (Relay relay = Relay.builder(dir.resolve("src").resolve("queue"), "relay.test").settings(settings)
                    .staticRoute("localhost", new StaticRoutes.Entry("127.0.0.1", port, Hop.TlsPolicy.OPPORTUNISTIC, null))
                    .clientConfig(ClientConfig.builder().heloName("relay.test").tlsMode(TlsMode.OPPORTUNISTIC)
                            .timeouts(Timeouts.uniform(Duration.ofSeconds(10))).build())
                    .build()) {
                relay.start();
                String body = "From: alice@example.org\r\nTo: bob@localhost\r\nSubject: via a static route\r\n\r\n"
                        + "first line\r\n.starts with a dot\r\n";
                String id = relay.queue().enqueue(PathParser.parseReversePath("<alice@example.org>", false), MailParameters.NONE,
                        List.of(QueuedRecipient.of(PathParser.parseForwardPath("<bob@localhost>", false)),
                                QueuedRecipient.of(PathParser.parseForwardPath("<carol@localhost>", false))),
                        new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)));

                Path mail = dir.resolve("dest").resolve("mail");
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline && (newMail(mail.resolve("bob@localhost")).isEmpty()
                        || newMail(mail.resolve("carol@localhost")).isEmpty() || !relay.queue().store().ids().isEmpty())) {
                    Thread.sleep(50);
                }
                List<Path> bob = newMail(mail.resolve("bob@localhost"));
                assertThat(bob).hasSize(1);
                assertThat(newMail(mail.resolve("carol@localhost"))).hasSize(1);
                String stored = Files.readString(bob.get(0), StandardCharsets.UTF_8);
                assertThat(stored).contains("Return-Path: <alice@example.org>").contains("Subject: via a static route")
                        .contains("\n.starts with a dot");
                assertThat(relay.queue().store().load(id)).isEmpty();
            }
        } finally {
            dest.stop(Duration.ofSeconds(1));
        }
    }
}
