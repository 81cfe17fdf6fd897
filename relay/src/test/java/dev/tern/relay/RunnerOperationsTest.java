package dev.tern.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.client.ClientConfig;
import dev.tern.client.Timeouts;
import dev.tern.client.TlsMode;
import dev.tern.relay.deliver.ClientTransport;
import dev.tern.relay.queue.QueueEvent;
import dev.tern.relay.queue.QueuedMessage;
import dev.tern.relay.queue.RecipientStatus;
import dev.tern.relay.route.Hop;
import dev.tern.relay.route.StaticRoutes;
import jakarta.mail.internet.InternetHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner with what an operator does meanwhile, several domains at once, and a smart host with AUTH. */
class RunnerOperationsTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aHeldMessageWaitsWhileOthersGoAndGoesWhenReleased() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(new ScriptedSmtpServer.Script());
                RelayHarness h = new RelayHarness(dir, server.port(), RelayHarness.fast(), Duration.ofSeconds(5))) {
            String held = h.enqueue("alice@example.org", "held", "held@example.net");
            h.store.append(held, new QueueEvent.Hold(Instant.now())); // as `tern queue hold` does
            h.runner.start();
            h.enqueue("alice@example.org", "free", "free@example.net");
            RelayHarness.await("the free one delivered", WAIT, () -> server.accepted.size() == 1);
            Thread.sleep(300); // several scans
            assertThat(server.accepted).hasSize(1);
            assertThat(server.accepted.get(0).recipients()).containsExactly("<free@example.net>");
            assertThat(h.load(held).orElseThrow().held()).isTrue();

            h.store.append(held, new QueueEvent.Release(Instant.now()));
            RelayHarness.await("released and delivered", WAIT, () -> server.accepted.size() == 2 && h.queueEmpty());
            assertThat(server.accepted.get(1).recipients()).containsExactly("<held@example.net>");
        }
    }

    @Test
    void retryNowCutsTheBackoffShort() throws Exception {
        ScriptedSmtpServer.Script script = new ScriptedSmtpServer.Script() {
            @Override
            String rcpt(String argument, int index, int tx) {
                return tx == 0 ? "450 4.2.1 Mailbox busy" : "250 2.1.5 Ok";
            }
        };
        RelaySettings slow = RelayHarness.fast().withBackoff(Duration.ofHours(1), Duration.ofHours(2)).withLifetime(Duration.ofDays(5));
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(script);
                RelayHarness h = new RelayHarness(dir, server.port(), slow, Duration.ofSeconds(5))) {
            h.runner.start();
            String id = h.enqueue("alice@example.org", "later", "bob@example.net");
            RelayHarness.await("deferred for an hour", WAIT, () -> QueueRunnerTest.deferredAfterOneRound(h, id));
            assertThat(h.load(id).orElseThrow().nextAttempt()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
            h.store.append(id, new QueueEvent.RetryNow(Instant.now())); // as `tern queue retry` does
            RelayHarness.await("delivered", WAIT, () -> server.accepted.size() == 1 && h.queueEmpty());
        }
    }

    @Test
    void oneMessageToTwoDomainsAndALocalRecipientGoesToEachItsOwnWay() throws Exception {
        ScriptedSmtpServer.Script refuseAll = ScriptedSmtpServer.Script.answeringEveryRcpt("550 5.1.1 no such user");
        try (ScriptedSmtpServer net = new ScriptedSmtpServer(new ScriptedSmtpServer.Script());
                ScriptedSmtpServer com = new ScriptedSmtpServer(refuseAll)) {
            Map<String, StaticRoutes.Entry> routes = Map.of(
                    "example.net", new StaticRoutes.Entry("127.0.0.1", net.port(), Hop.TlsPolicy.NONE, null),
                    "example.com", new StaticRoutes.Entry("127.0.0.1", com.port(), Hop.TlsPolicy.NONE, null));
            try (RelayHarness h = new RelayHarness(dir, routes, RelayHarness.fast(), Duration.ofSeconds(5))) {
                h.runner.start();
                h.enqueue("alice@example.org", "spread", "bob@example.net", "carol@example.com", "dave@example.org",
                        "erin@example.net");
                RelayHarness.await("done", WAIT, () -> h.queueEmpty() && h.mailCount("alice") == 1 && h.mailCount("dave") == 1);
                assertThat(net.accepted).hasSize(1);
                assertThat(net.accepted.get(0).recipients()).containsExactly("<bob@example.net>", "<erin@example.net>");
                assertThat(h.mailCount("dave")).isEqualTo(1);
                List<InternetHeaders> blocks = QueueRunnerTest.onlyDsn(h, "alice").perRecipient();
                assertThat(blocks).hasSize(1);
                assertThat(blocks.get(0).getHeader("Final-Recipient", null)).isEqualTo("rfc822; carol@example.com");
            }
        }
    }

    @Test
    void aSmartHostRouteAuthenticatesWithItsCredentials() throws Exception {
        StringBuilder authLine = new StringBuilder();
        ScriptedSmtpServer.Script smartHost = new ScriptedSmtpServer.Script() {
            @Override
            String ehlo(int connection) {
                return "250-smarthost.test\r\n250-ENHANCEDSTATUSCODES\r\n250 AUTH PLAIN";
            }

            @Override
            String other(String line) {
                if (line.startsWith("AUTH PLAIN ")) {
                    authLine.append(line);
                    return "235 2.7.0 Authentication successful";
                }
                return super.other(line);
            }

            @Override
            String mail(String argument, int tx) {
                return authLine.length() > 0 ? "250 2.1.0 Ok" : "530 5.7.0 Authentication required";
            }
        };
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(smartHost)) {
            Map<String, StaticRoutes.Entry> routes = Map.of("*",
                    new StaticRoutes.Entry("127.0.0.1", server.port(), Hop.TlsPolicy.NONE, new Hop.Credentials("relayuser", "s3cret")));
            // credentials over plain text only because this loopback test says so
            ClientConfig config = ClientConfig.builder().heloName("relay.test").tlsMode(TlsMode.OFF).authWithoutTls(true)
                    .timeouts(Timeouts.uniform(Duration.ofSeconds(5))).build();
            try (RelayHarness h = new RelayHarness(dir, routes, RelayHarness.fast(), new ClientTransport(config))) {
                h.runner.start();
                h.enqueue("alice@example.org", "via smart host", "someone@far.example");
                RelayHarness.await("delivered", WAIT, () -> server.accepted.size() == 1 && h.queueEmpty());
                String plain = new String(Base64.getDecoder().decode(authLine.substring("AUTH PLAIN ".length())),
                        StandardCharsets.UTF_8);
                assertThat(plain).isEqualTo("\0relayuser\0s3cret");
            }
        }
    }

    @Test
    void expiredRecipientsAreFailedEvenWhenTheRelayWasDownPastTheLifetime() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(new ScriptedSmtpServer.Script());
                RelayHarness h = new RelayHarness(dir, server.port(), RelayHarness.fast().withLifetime(Duration.ofMillis(1)),
                        Duration.ofSeconds(5))) {
            String id = h.enqueue("alice@example.org", "old", "bob@example.net");
            Thread.sleep(20);
            h.runner.start();
            // a first attempt is still made: expiry is judged after an attempt, never instead of one
            RelayHarness.await("delivered", WAIT, () -> h.queueEmpty());
            assertThat(server.accepted).hasSize(1);
            assertThat(h.load(id)).isEmpty();
        }
    }

    static boolean status(RelayHarness h, String id, RecipientStatus s) throws Exception {
        QueuedMessage m = h.load(id).orElseThrow();
        return m.recipients().get(0).status() == s;
    }

    @Test
    void aDomainThatCannotBeReachedIsTriedOncePerRoundNotOncePerMessage() throws Exception {
        java.util.concurrent.atomic.AtomicInteger greetings = new java.util.concurrent.atomic.AtomicInteger();
        ScriptedSmtpServer.Script busy = new ScriptedSmtpServer.Script() {
            @Override
            String greeting(int connection) {
                greetings.incrementAndGet();
                return "421 4.7.0 scripted.test Too many connections, try again later";
            }
        };
        RelaySettings slow = RelayHarness.fast().withBackoff(Duration.ofHours(1), Duration.ofHours(1)).withLimits(4, 1)
                .withLifetime(Duration.ofDays(5));
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(busy);
                RelayHarness h = new RelayHarness(dir, server.port(), slow, Duration.ofSeconds(5))) {
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ids.add(h.enqueue("alice@example.org", "dead " + i, "bob@example.net"));
            }
            h.runner.start();
            RelayHarness.await("all deferred", WAIT, () -> ids.stream().allMatch(id -> QueueRunnerTest.deferredAfterOneRound(h, id)));
            assertThat(greetings.get()).isEqualTo(1);
            assertThat(h.load(ids.get(5)).orElseThrow().recipients().get(0).lastReply().code()).isEqualTo(421);
        }
    }
}
