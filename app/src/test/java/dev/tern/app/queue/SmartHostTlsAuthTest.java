package dev.tern.app.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.config.ConfigLoader;
import dev.tern.app.config.TernConfig;
import dev.tern.app.serve.ServeCommand;
import dev.tern.client.ClientConfig;
import dev.tern.client.Timeouts;
import dev.tern.client.TlsMode;
import dev.tern.protocol.address.PathParser;
import dev.tern.protocol.params.MailParameters;
import dev.tern.relay.Relay;
import dev.tern.relay.RelaySettings;
import dev.tern.relay.queue.QueuedMessage;
import dev.tern.relay.queue.QueuedRecipient;
import dev.tern.relay.route.Hop;
import dev.tern.relay.route.StaticRoutes;
import dev.tern.server.auth.PasswordHasher;
import dev.tern.server.auth.UserRecord;
import dev.tern.server.auth.UsersFile;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smart host route with STARTTLS required and AUTH, to a real Tern server's submission port
 * (self-signed certificate, users file): the message arrives; wrong credentials defer it.
 */
class SmartHostTlsAuthTest {

    @TempDir
    Path dir;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    Relay relay(String name, int port, String password) throws Exception {
        return Relay.builder(dir.resolve(name).resolve("queue"), "relay.test")
                .settings(RelaySettings.defaults("relay.test").withScanInterval(Duration.ofMillis(50)))
                .staticRoute("*", new StaticRoutes.Entry("127.0.0.1", port, Hop.TlsPolicy.REQUIRED,
                        new Hop.Credentials("relayuser", password)))
                // the destination's certificate is self-signed; a real smart host's would be checked
                .clientConfig(ClientConfig.builder().heloName("relay.test").tlsMode(TlsMode.REQUIRED).verifyCertificates(false)
                        .timeouts(Timeouts.uniform(Duration.ofSeconds(10))).build())
                .build();
    }

    static String enqueue(Relay relay) throws Exception {
        String body = "From: bob@example.org\r\nTo: alice@example.test\r\nSubject: via the smart host\r\n\r\nhello\r\n";
        return relay.queue().enqueue(PathParser.parseReversePath("<bob@example.org>", false), MailParameters.NONE,
                List.of(QueuedRecipient.of(PathParser.parseForwardPath("<alice@example.test>", false))),
                new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theSmartHostGetsTheMessageOverTlsAfterAuth() throws Exception {
        Path dest = dir.resolve("dest");
        Files.createDirectories(dest);
        UsersFile users = UsersFile.empty();
        users.put(UserRecord.create("relayuser", "s3cret", new PasswordHasher(1024, 1, 1), false));
        users.write(dest.resolve("users"));
        int mx = freePort();
        int submission = freePort();
        TernConfig config = ConfigLoader.parse("dest.yaml", """
                hostname: dest.example.test
                domains: [ example.test ]
                users:
                  - { address: alice@example.test }
                listen: [ "127.0.0.1:%d" ]
                listeners:
                  - { address: "127.0.0.1:%d", role: submission }
                """.formatted(mx, submission)).withDataDir(dest);
        ServeCommand.Running server = ServeCommand.start(config);
        try {
            try (Relay good = relay("good", submission, "s3cret")) {
                good.start();
                enqueue(good);
                Path inbox = dest.resolve("mail").resolve("alice@example.test").resolve("new");
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline && (!Files.isDirectory(inbox) || !good.queue().store().ids().isEmpty())) {
                    Thread.sleep(50);
                }
                assertThat(good.queue().store().ids()).isEmpty();
                List<Path> mail;
                try (var s = Files.list(inbox)) {
                    mail = s.toList();
                }
                assertThat(mail).hasSize(1);
                String stored = Files.readString(mail.get(0), StandardCharsets.UTF_8);
                assertThat(stored).contains("Subject: via the smart host").contains("with ESMTPSA");
            }

            try (Relay bad = relay("bad", submission, "wrong")) {
                bad.start();
                String id = enqueue(bad);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                QueuedMessage m = bad.queue().store().load(id).orElseThrow();
                while (System.nanoTime() < deadline && m.attempts() == 0) {
                    Thread.sleep(50);
                    m = bad.queue().store().load(id).orElseThrow();
                }
                // refused credentials (535 5.7.8) are the operator's to fix: the message waits, no bounce
                assertThat(m.recipients().get(0).status()).isEqualTo(dev.tern.relay.queue.RecipientStatus.DEFERRED);
                assertThat(m.recipients().get(0).lastReply().code()).isEqualTo(535);
                assertThat(m.recipients().get(0).lastReply().enhanced()).hasToString("5.7.8");
            }
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }
}
