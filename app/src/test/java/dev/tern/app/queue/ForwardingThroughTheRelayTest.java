package dev.tern.app.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.config.ConfigLoader;
import dev.tern.app.config.TernConfig;
import dev.tern.app.delivery.Directory;
import dev.tern.app.delivery.DirectoryBackend;
import dev.tern.client.ClientConfig;
import dev.tern.client.Envelope;
import dev.tern.client.MessageSource;
import dev.tern.client.SmtpClient;
import dev.tern.client.Timeouts;
import dev.tern.client.TlsMode;
import dev.tern.client.TransactionResult;
import dev.tern.relay.Relay;
import dev.tern.relay.RelaySettings;
import dev.tern.relay.deliver.MaildirLocalDelivery;
import dev.tern.relay.route.Hop;
import dev.tern.relay.route.StaticRoutes;
import dev.tern.server.SmtpServer;
import dev.tern.store.MaildirStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's directory backend hands an alias's remote target to the relay (wired as tern serve wires it, plus a static route); the remote host
 * refuses it; the DSN comes back into the local sender's Maildir.
 */
class ForwardingThroughTheRelayTest {

    @TempDir
    Path dir;

    /** A one-connection SMTP peer that refuses every recipient with 550 5.1.1. */
    static Thread refusingPeer(ServerSocket ss) {
        Thread t = new Thread(() -> {
            for (int c = 0; c < 5; c++) {
                try (Socket s = ss.accept()) {
                    s.setSoTimeout(10_000);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    out.write("220 peer.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                    StringBuilder line = new StringBuilder();
                    int b;
                    while ((b = in.read()) >= 0) {
                        if (b != '\n') {
                            line.append((char) b);
                            continue;
                        }
                        String cmd = line.toString().trim().toUpperCase(java.util.Locale.ROOT);
                        line.setLength(0);
                        String reply = cmd.startsWith("EHLO") || cmd.startsWith("HELO") ? "250-peer.test\r\n250 ENHANCEDSTATUSCODES"
                                : cmd.startsWith("RCPT") ? "550 5.1.1 <someone@elsewhere.test>: no such user"
                                : cmd.startsWith("QUIT") ? "221 2.0.0 bye" : "250 2.0.0 ok";
                        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        if (cmd.startsWith("QUIT")) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "refusing-peer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void aForwardedMessageThatBouncesComesBackAsADsnToTheLocalSender() throws Exception {
        TernConfig config = ConfigLoader.parse("test.yaml", """
                hostname: mx.example.test
                listen: [ "127.0.0.1:0" ]
                domains: [ example.test ]
                users:
                  - { address: alice@example.test }
                aliases:
                  fwd@example.test: [ someone@elsewhere.test ]
                """).withDataDir(dir);
        MaildirStore store = new MaildirStore(config.mailDir(), MaildirStore.Settings.defaults(config.hostname()));
        try (ServerSocket peer = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            refusingPeer(peer);
            Directory directory = new Directory(config);
            Relay relay = Relay.builder(config.queueDir(), config.hostname())
                    .suppressionFile(dir.resolve("suppressed.tsv"))
                    .localDelivery(new MaildirLocalDelivery(store, to -> to.mailbox().map(config::isLocalDomain).orElse(true),
                            to -> localMailbox(directory, to)))
                    .settings(RelaySettings.defaults("mx.example.test").withPostmaster("postmaster@example.test")
                            .withScanInterval(Duration.ofMillis(50)))
                    .staticRoute("elsewhere.test", new StaticRoutes.Entry("127.0.0.1", peer.getLocalPort(), Hop.TlsPolicy.NONE, null))
                    .clientConfig(ClientConfig.builder().heloName("mx.example.test").tlsMode(TlsMode.OFF)
                            .timeouts(Timeouts.uniform(Duration.ofSeconds(5))).build())
                    .build();
            SmtpServer server = SmtpServer.builder().hostname(config.hostname())
                    .backend(new DirectoryBackend(config, store, relay.queue()))
                    .listen(new InetSocketAddress("127.0.0.1", 0)).start();
            try {
                relay.start();
                SmtpClient client = SmtpClient.create(ClientConfig.builder().heloName("client.test").tlsMode(TlsMode.OFF).build());
                TransactionResult sent = client.send("127.0.0.1", server.addresses().get(0).getPort(),
                        Envelope.of("alice@example.test", "fwd@example.test"),
                        MessageSource.of("From: alice@example.test\r\nTo: fwd@example.test\r\nSubject: forwarded\r\n\r\nhi\r\n"));
                assertThat(sent.recipients().get(0).accepted()).isTrue();

                Path inbox = dir.resolve("mail").resolve("alice@example.test").resolve("new");
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < deadline && (count(inbox) == 0 || !relay.queue().store().ids().isEmpty())) {
                    Thread.sleep(50);
                }
                List<Path> dsns = list(inbox);
                assertThat(dsns).hasSize(1);
                String dsn = Files.readString(dsns.get(0), StandardCharsets.UTF_8);
                assertThat(dsn).contains("Return-Path: <>").contains("multipart/report")
                        .contains("Final-Recipient: rfc822; someone@elsewhere.test")
                        .contains("Diagnostic-Code: smtp; 550 5.1.1 <someone@elsewhere.test>: no such user")
                        .contains("Subject: forwarded");
                assertThat(relay.suppression().check("someone@elsewhere.test")).isPresent();
            } finally {
                server.close();
                relay.close();
            }
        }
    }

    static java.util.Optional<dev.tern.store.Recipient> localMailbox(Directory directory, dev.tern.protocol.address.ForwardPath to) {
        try {
            List<dev.tern.store.Recipient> local = directory.resolve(to).local();
            return local.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(local.get(0));
        } catch (dev.tern.server.SmtpException e) {
            return java.util.Optional.empty();
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
        } catch (IOException e) {
            return List.of();
        }
    }
}
