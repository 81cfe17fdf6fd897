package dev.tern.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.config.ConfigLoader;
import dev.tern.app.config.TernConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open-relay tricks of issue 5 against {@code tern serve}'s server and DirectoryBackend, as an
 * unauthenticated client on the MX listener: none may put mail into the outbound queue, and only
 * real local mailboxes are accepted.
 */
class OpenRelayTest {

    @TempDir
    Path dir;

    ServeCommand.Running running;

    void start(String extra) throws Exception {
        String yaml = """
                hostname: mx.example.test
                domains: [ example.test ]
                users:
                  - { address: bob@example.test }
                """ + extra;
        TernConfig config = ConfigLoader.parse("test.yaml", yaml)
                .withListen(List.of(new InetSocketAddress("127.0.0.1", 0))).withDataDir(dir.resolve("data"));
        // the running relay must not bounce the relayed test mail (elsewhere.test does not resolve,
        // so its DSN would change the queue under the assertions): every route leads to a closed
        // port, the attempt is deferred and the message stays queued
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data").resolve("routes"), "* 127.0.0.1:1 tls=none\n");
        running = ServeCommand.start(config);
    }

    @BeforeEach
    void setUp() throws Exception {
        start("");
    }

    @AfterEach
    void stop() {
        running.stop(Duration.ofSeconds(5));
    }

    /** recipient as sent in RCPT TO, and the exact reply. */
    record Case(String rcpt, String reply) {
    }

    static final String DENIED = "550 5.7.1 <%s>: Relay access denied\r\n";
    static final String UNKNOWN = "550 5.1.1 <%s>: Recipient address rejected: no such user here\r\n";

    static final List<Case> CASES = List.of(
            new Case("<user@elsewhere.test>", DENIED.formatted("user@elsewhere.test")),
            new Case("<user%elsewhere.test@example.test>", UNKNOWN.formatted("user%elsewhere.test@example.test")),
            new Case("<bob%elsewhere.test@example.test>", UNKNOWN.formatted("bob%elsewhere.test@example.test")),
            new Case("<\"user@elsewhere.test\"@example.test>", UNKNOWN.formatted("\"user@elsewhere.test\"@example.test")),
            new Case("<@example.test:user@elsewhere.test>", DENIED.formatted("user@elsewhere.test")),
            new Case("<@mx.example.test,@example.test:user@elsewhere.test>", DENIED.formatted("user@elsewhere.test")),
            new Case("<elsewhere.test!user@example.test>", UNKNOWN.formatted("elsewhere.test!user@example.test")),
            new Case("<user@elsewhere.test@example.test>", null),
            new Case("<user@[192.0.2.1]>", DENIED.formatted("user@[192.0.2.1]")),
            new Case("<user@[127.0.0.1]>", DENIED.formatted("user@[127.0.0.1]")),
            new Case("<user@[IPv6:2001:db8::1]>", DENIED.formatted("user@[IPv6:2001:db8::1]")),
            new Case("<user@elsewhere.test.>", null),
            new Case("<user@ELSEWHERE.TEST>", DENIED.formatted("user@ELSEWHERE.TEST")),
            new Case("<user@example.test.elsewhere.test>", DENIED.formatted("user@example.test.elsewhere.test")),
            new Case("<user@sub.example.test>", DENIED.formatted("user@sub.example.test")),
            new Case("<user@elsewhere.test%example.test>", null),
            new Case("<postmaster@elsewhere.test>", DENIED.formatted("postmaster@elsewhere.test")),
            new Case("<user@elsewhere.test:25>", null),
            new Case("<user@elsewhere.test >", null),
            new Case("user@elsewhere.test", null),
            new Case("<\"bob@elsewhere.test\">", null));

    @Test
    void noTrickRelaysForAnUnauthenticatedClient() throws Exception {
        List<String> accepted = new ArrayList<>();
        try (LineClient c = new LineClient(running.server().port())) {
            c.reply();
            c.command("EHLO client.test");
            assertThat(c.command("MAIL FROM:<someone@client.test>")).startsWith("250 ");
            for (Case k : CASES) {
                String reply = c.command("RCPT TO:" + k.rcpt());
                if (k.reply() != null) {
                    assertThat(reply).as(k.rcpt()).isEqualTo(k.reply());
                } else {
                    // a syntax error: 501 or 553, never an acceptance
                    assertThat(reply).as(k.rcpt()).matches("(501 5\\.1\\.3|501 5\\.5\\.4|553 5\\.1\\.3|501 5\\.1\\.7|550 5\\.7\\.1).*\r\n");
                }
                if (reply.startsWith("25")) {
                    accepted.add(k.rcpt());
                }
            }
            // the real local mailbox, in any case, with or without a source route, is accepted
            assertThat(c.command("RCPT TO:<BOB@EXAMPLE.test>")).startsWith("250 ");
            assertThat(c.command("RCPT TO:<@elsewhere.test:bob@example.test>")).startsWith("250 ");
            assertThat(c.command("DATA")).startsWith("354 ");
            assertThat(c.command("Subject: relay test\r\n\r\nbody\r\n.")).startsWith("250 ");
        }
        assertThat(accepted).isEmpty();
        assertThat(CASES).hasSizeGreaterThanOrEqualTo(15);
        assertThat(running.queue().ids()).isEmpty();
        try (Stream<Path> boxes = Files.list(dir.resolve("data/mail"))) {
            assertThat(boxes.map(p -> p.getFileName().toString())).containsExactly("bob@example.test");
        }
    }

    @Test
    void relayNetworksMayRelayWithoutAuth() throws Exception {
        stop();
        start("relay-networks: [ 127.0.0.0/8 ]\n");
        try (LineClient c = new LineClient(running.server().port())) {
            c.reply();
            c.command("EHLO client.test");
            c.command("MAIL FROM:<someone@example.test>");
            assertThat(c.command("RCPT TO:<user@elsewhere.test>")).isEqualTo("250 2.1.5 Recipient <user@elsewhere.test> OK\r\n");
            assertThat(c.command("DATA")).startsWith("354 ");
            assertThat(c.command("Subject: relayed\r\n\r\nbody\r\n.")).startsWith("250 ");
        }
        assertThat(running.queue().ids()).hasSize(1);
    }
}
