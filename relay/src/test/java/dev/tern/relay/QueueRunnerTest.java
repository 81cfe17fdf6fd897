package dev.tern.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.Notify;
import dev.tern.protocol.params.Orcpt;
import dev.tern.protocol.params.RcptParameters;
import dev.tern.protocol.params.Ret;
import dev.tern.relay.dsn.DsnParsing;
import dev.tern.relay.queue.Envelope;
import dev.tern.relay.queue.MessageKind;
import dev.tern.relay.queue.QueuedMessage;
import dev.tern.relay.queue.QueuedRecipient;
import dev.tern.relay.queue.RecipientStatus;
import jakarta.mail.internet.InternetHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on loopback: the queue runner against scripted raw-socket SMTP servers. */
class QueueRunnerTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    static DsnParsing.Parsed onlyDsn(RelayHarness h, String box) throws Exception {
        List<Path> files = h.mailbox(box);
        assertThat(files).hasSize(1);
        return DsnParsing.parse(Files.readAllBytes(files.get(0)));
    }

    @Test
    void aSoftBounceIsRetriedAfterTheBackoffAndThenDelivered() throws Exception {
        List<Instant> mailTimes = new CopyOnWriteArrayList<>();
        ScriptedSmtpServer.Script script = new ScriptedSmtpServer.Script() {
            @Override
            String rcpt(String argument, int index, int tx) {
                mailTimes.add(Instant.now());
                return tx == 0 ? "451 4.3.0 Temporary local problem, try later" : "250 2.1.5 Ok";
            }
        };
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(script);
                RelayHarness h = new RelayHarness(dir, server.port(), RelayHarness.fast(), Duration.ofSeconds(5))) {
            h.runner.start();
            String id = h.enqueue("alice@example.org", "retry me", "bob@example.net");
            RelayHarness.await("first attempt deferred", WAIT, () -> mailTimes.size() >= 1);
            RelayHarness.await("delivered after retry", WAIT, () -> server.accepted.size() == 1 && h.queueEmpty());

            assertThat(server.accepted.get(0).recipients()).containsExactly("<bob@example.net>");
            assertThat(server.accepted.get(0).text()).contains("Subject: retry me").contains("\r\n.leading dot\r\n");
            assertThat(mailTimes).hasSize(2);
            assertThat(Duration.between(mailTimes.get(0), mailTimes.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            assertThat(h.load(id)).isEmpty();
            assertThat(h.mailCount("alice")).isZero();
        }
    }

    @Test
    void aHardBounceSendsOneDsnToTheLocalSenderAndSuppressesTheAddress() throws Exception {
        ScriptedSmtpServer.Script script =
                ScriptedSmtpServer.Script.answeringEveryRcpt("550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown");
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(script);
                RelayHarness h = new RelayHarness(dir, server.port(), RelayHarness.fast(), Duration.ofSeconds(5))) {
            h.runner.start();
            QueuedRecipient bob = new QueuedRecipient(RelayHarness.rcpt("bob@example.net").recipient(),
                    new RcptParameters(Set.of(Notify.FAILURE), Orcpt.rfc822("Bob@example.net"), Map.of()));
            String id = h.enqueue("alice@example.org", List.of(bob), MailParameters.NONE.withRet(Ret.HDRS).withEnvid("E-1"),
                    RelayHarness.message("lost"));
            RelayHarness.await("DSN in alice's Maildir and queue empty", WAIT, () -> h.mailCount("alice") == 1 && h.queueEmpty());

            DsnParsing.Parsed dsn = onlyDsn(h, "alice");
            assertThat(dsn.message().getContentType()).startsWith("multipart/report").contains("delivery-status");
            assertThat(dsn.message().getHeader("Return-Path")[0]).isEqualTo("<>");
            assertThat(dsn.perMessage().getHeader("Reporting-MTA", null)).isEqualTo("dns; relay.test");
            assertThat(dsn.perMessage().getHeader("Original-Envelope-Id", null)).isEqualTo("E-1");
            assertThat(dsn.perMessage().getHeader("X-Tern-Queue-ID", null)).isEqualTo(id);
            InternetHeaders r = dsn.perRecipient().get(0);
            assertThat(r.getHeader("Final-Recipient", null)).isEqualTo("rfc822; bob@example.net");
            assertThat(r.getHeader("Original-Recipient", null)).isEqualTo("rfc822; Bob@example.net");
            assertThat(r.getHeader("Action", null)).isEqualTo("failed");
            assertThat(r.getHeader("Status", null)).isEqualTo("5.1.1");
            assertThat(r.getHeader("Remote-MTA", null)).isEqualTo("dns; 127.0.0.1");
            assertThat(r.getHeader("Diagnostic-Code", null))
                    .isEqualTo("smtp; 550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown");
            assertThat(dsn.report().getBodyPart(2).isMimeType("text/rfc822-headers")).isTrue();
            assertThat(server.accepted).isEmpty();

            // the address is now suppressed: the next message is not attempted, the sender hears at once
            assertThat(h.suppression.check("bob@example.net")).get().extracting(s -> s.reason()).isEqualTo("user-unknown");
            int rcptsSeen = (int) server.commands.stream().filter(c -> c.startsWith("RCPT")).count();
            h.enqueue("alice@example.org", "again", "bob@example.net");
            RelayHarness.await("second DSN", WAIT, () -> h.mailCount("alice") == 2 && h.queueEmpty());
            assertThat(server.commands.stream().filter(c -> c.startsWith("RCPT")).count()).isEqualTo(rcptsSeen);
            // the second report is the one about the suppressed address (file names need not sort by time)
            List<String> reports = new ArrayList<>();
            for (Path f : h.mailbox("alice")) {
                reports.add(Files.readString(f, StandardCharsets.UTF_8));
            }
            assertThat(reports).filteredOn(t -> t.contains("Diagnostic-Code: smtp; 550 5.1.1 <bob@example.net>: Address suppressed since"))
                    .hasSize(1);
        }
    }

    @Test
    void fourFiftyTwoTooManyRecipientsSplitsAndEveryRecipientGetsItOnce() throws Exception {
        ScriptedSmtpServer.Script script = new ScriptedSmtpServer.Script() {
            @Override
            String rcpt(String argument, int index, int tx) {
                return index >= 2 ? "452 4.5.3 Too many recipients" : "250 2.1.5 Ok";
            }
        };
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(script);
                RelayHarness h = new RelayHarness(dir, server.port(), RelayHarness.fast(), Duration.ofSeconds(5))) {
            h.runner.start();
            h.enqueue("alice@example.org", "many", "r1@example.net", "r2@example.net", "r3@example.net", "r4@example.net",
                    "r5@example.net");
            RelayHarness.await("all delivered", WAIT, () -> h.queueEmpty());
            List<String> all = new ArrayList<>();
            server.accepted.forEach(m -> all.addAll(m.recipients()));
            assertThat(all).containsExactlyInAnyOrder("<r1@example.net>", "<r2@example.net>", "<r3@example.net>",
                    "<r4@example.net>", "<r5@example.net>");
            assertThat(server.accepted).hasSize(3);
            assertThat(server.connections.get()).isEqualTo(1);
            assertThat(h.mailCount("alice")).isZero();
        }
    }

    @Test
    void a421MidTransactionDefersWithTheReplyRecorded() throws Exception {
        ScriptedSmtpServer.Script script = new ScriptedSmtpServer.Script() {
            @Override
            String data(int tx) {
                return "421 4.3.2 scripted.test Service shutting down";
            }
        };
        RelaySettings slow = RelayHarness.fast().withBackoff(Duration.ofMinutes(5), Duration.ofHours(1));
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(script);
                RelayHarness h = new RelayHarness(dir, server.port(), slow, Duration.ofSeconds(5))) {
            h.runner.start();
            String id = h.enqueue("alice@example.org", "interrupted", "bob@example.net");
            RelayHarness.await("deferred", WAIT, () -> deferredAfterOneRound(h, id));
            QueuedMessage m = h.load(id).orElseThrow();
            assertThat(m.recipients().get(0).lastReply().code()).isEqualTo(421);
            assertThat(m.recipients().get(0).lastReply().enhanced()).hasToString("4.3.2");
            assertThat(m.nextAttempt()).isAfter(Instant.now().plus(Duration.ofMinutes(4)));
            assertThat(server.accepted).isEmpty();
            assertThat(h.mailCount("alice")).isZero();
        }
    }

    static boolean deferredAfterOneRound(RelayHarness h, String id) {
        try {
            QueuedMessage m = h.load(id).orElseThrow();
            return m.attempts() == 1 && m.recipients().get(0).status() == RecipientStatus.DEFERRED;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aGreeting554BouncesEveryRecipient() throws Exception {
        ScriptedSmtpServer.Script script = new ScriptedSmtpServer.Script() {
            @Override
            String greeting(int connection) {
                return "554 scripted.test No SMTP service here";
            }
        };
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(script);
                RelayHarness h = new RelayHarness(dir, server.port(), RelayHarness.fast(), Duration.ofSeconds(5))) {
            h.runner.start();
            h.enqueue("alice@example.org", "refused", "bob@example.net", "carol@example.net");
            RelayHarness.await("DSN", WAIT, () -> h.mailCount("alice") == 1 && h.queueEmpty());
            DsnParsing.Parsed dsn = onlyDsn(h, "alice");
            assertThat(dsn.perRecipient()).hasSize(2);
            for (InternetHeaders r : dsn.perRecipient()) {
                assertThat(r.getHeader("Action", null)).isEqualTo("failed");
                assertThat(r.getHeader("Status", null)).isEqualTo("5.0.0");
                assertThat(r.getHeader("Diagnostic-Code", null)).isEqualTo("smtp; 554 scripted.test No SMTP service here");
            }
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void aServerThatStopsAnsweringIsATimeoutAndDefers() throws Exception {
        ScriptedSmtpServer.Script script = new ScriptedSmtpServer.Script() {
            @Override
            String endOfData(ScriptedSmtpServer.Received message, int tx) {
                return ScriptedSmtpServer.HANG;
            }
        };
        RelaySettings slow = RelayHarness.fast().withBackoff(Duration.ofMinutes(5), Duration.ofHours(1));
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(script);
                RelayHarness h = new RelayHarness(dir, server.port(), slow, Duration.ofMillis(800))) {
            h.runner.start();
            String id = h.enqueue("alice@example.org", "slow", "bob@example.net");
            RelayHarness.await("deferred", WAIT, () -> deferredAfterOneRound(h, id));
            QueuedMessage m = h.load(id).orElseThrow();
            assertThat(m.recipients().get(0).lastReply().isTransient()).isTrue();
            assertThat(m.recipients().get(0).lastReply().enhanced()).hasToString("4.4.2");
            assertThat(h.mailCount("alice")).isZero();
        }
    }

    @Test
    void nobodyListensIsAConnectionFailureAndDefers() throws Exception {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        RelaySettings slow = RelayHarness.fast().withBackoff(Duration.ofMinutes(5), Duration.ofHours(1));
        try (RelayHarness h = new RelayHarness(dir, deadPort, slow, Duration.ofSeconds(2))) {
            h.runner.start();
            String id = h.enqueue("alice@example.org", "nobody", "bob@example.net");
            RelayHarness.await("deferred", WAIT, () -> deferredAfterOneRound(h, id));
            assertThat(h.load(id).orElseThrow().recipients().get(0).lastReply().isTransient()).isTrue();
        }
    }

    @Test
    void oneSessionCarriesSeveralMessagesWhenTheDomainIsLimitedToOne() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(new ScriptedSmtpServer.Script());
                RelayHarness h = new RelayHarness(dir, server.port(), RelayHarness.fast().withLimits(4, 1), Duration.ofSeconds(5))) {
            for (int i = 0; i < 5; i++) {
                h.enqueue("alice@example.org", "batch " + i, "bob@example.net");
            }
            h.runner.start();
            RelayHarness.await("all delivered", WAIT, () -> h.queueEmpty());
            assertThat(server.accepted).hasSize(5);
            assertThat(server.connections.get()).isEqualTo(1);
            assertThat(server.commands.stream().filter(c -> c.equals("RSET")).count()).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void notifyNeverSendsNoReportAndNotifySuccessSendsARelayedReport() throws Exception {
        ScriptedSmtpServer.Script script = new ScriptedSmtpServer.Script() {
            @Override
            String rcpt(String argument, int index, int tx) {
                return argument.contains("gone") ? "550 5.1.1 no such user" : "250 2.1.5 Ok";
            }
        };
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(script);
                RelayHarness h = new RelayHarness(dir, server.port(), RelayHarness.fast(), Duration.ofSeconds(5))) {
            h.runner.start();
            QueuedRecipient gone = new QueuedRecipient(RelayHarness.rcpt("gone@example.net").recipient(),
                    new RcptParameters(Set.of(Notify.NEVER), null, Map.of()));
            QueuedRecipient ok = new QueuedRecipient(RelayHarness.rcpt("ok@example.net").recipient(),
                    new RcptParameters(Set.of(Notify.SUCCESS), null, Map.of()));
            h.enqueue("alice@example.org", List.of(gone, ok), MailParameters.NONE, RelayHarness.message("notify"));
            RelayHarness.await("one report and queue empty", WAIT, () -> h.mailCount("alice") == 1 && h.queueEmpty());
            DsnParsing.Parsed dsn = onlyDsn(h, "alice");
            assertThat(dsn.message().getSubject()).isEqualTo("Successful mail delivery report");
            assertThat(dsn.perRecipient()).hasSize(1);
            assertThat(dsn.perRecipient().get(0).getHeader("Final-Recipient", null)).isEqualTo("rfc822; ok@example.net");
            assertThat(dsn.perRecipient().get(0).getHeader("Action", null)).isEqualTo("relayed");
            assertThat(dsn.perRecipient().get(0).getHeader("Status", null)).isEqualTo("2.0.0");
            // NOTIFY=NEVER: no report, but the address is still suppressed
            assertThat(h.suppression.check("gone@example.net")).isPresent();
        }
    }

    @Test
    void aDelayWarningGoesOutOnceWithWillRetryUntil() throws Exception {
        ScriptedSmtpServer.Script script = ScriptedSmtpServer.Script.answeringEveryRcpt("450 4.2.1 Mailbox busy");
        RelaySettings s = RelayHarness.fast().withDelayWarning(Duration.ZERO).withLifetime(Duration.ofDays(5));
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(script);
                RelayHarness h = new RelayHarness(dir, server.port(), s, Duration.ofSeconds(5))) {
            h.runner.start();
            h.enqueue("alice@example.org", "busy", "bob@example.net");
            RelayHarness.await("three attempts and the warning stored", WAIT,
                    () -> server.transactions.get() >= 3 && h.mailCount("alice") >= 1);
            assertThat(h.mailCount("alice")).isEqualTo(1);
            DsnParsing.Parsed dsn = onlyDsn(h, "alice");
            InternetHeaders r = dsn.perRecipient().get(0);
            assertThat(r.getHeader("Action", null)).isEqualTo("delayed");
            assertThat(r.getHeader("Status", null)).isEqualTo("4.2.1");
            assertThat(r.getHeader("Will-Retry-Until", null)).isNotNull();
            assertThat(h.queueEmpty()).isFalse();
        }
    }

    @Test
    void aMessageThatOutlivesTheQueueLifetimeFailsWith4_4_7() throws Exception {
        ScriptedSmtpServer.Script script = ScriptedSmtpServer.Script.answeringEveryRcpt("451 4.7.1 Greylisted, try again later");
        RelaySettings s = RelayHarness.fast().withLifetime(Duration.ofMillis(800));
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(script);
                RelayHarness h = new RelayHarness(dir, server.port(), s, Duration.ofSeconds(5))) {
            h.runner.start();
            h.enqueue("alice@example.org", "expiring", "bob@example.net");
            RelayHarness.await("expiry DSN", WAIT, () -> h.mailCount("alice") == 1 && h.queueEmpty());
            InternetHeaders r = onlyDsn(h, "alice").perRecipient().get(0);
            assertThat(r.getHeader("Action", null)).isEqualTo("failed");
            assertThat(r.getHeader("Status", null)).isEqualTo("4.4.7");
            assertThat(r.getHeader("Diagnostic-Code", null)).contains("451 4.7.1 Greylisted");
            // a soft failure that expired says nothing about the address
            assertThat(h.suppression.check("bob@example.net")).isEmpty();
        }
    }

    @Test
    void aFailedBounceGoesToThePostmasterOnceAndNeverToTheNullPath() throws Exception {
        ScriptedSmtpServer.Script script = ScriptedSmtpServer.Script.answeringEveryRcpt("550 5.1.1 no such user");
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(script);
                RelayHarness h = new RelayHarness(dir, server.port(), RelayHarness.fast(), Duration.ofSeconds(5))) {
            h.runner.start();
            h.queue.enqueue(new Envelope(ReversePath.nullPath(), MailParameters.NONE,
                    List.of(RelayHarness.rcpt("someone@example.net")), Instant.now(), MessageKind.BOUNCE),
                    out -> out.write(RelayHarness.message("a bounce").getBytes(StandardCharsets.US_ASCII)));
            RelayHarness.await("postmaster report", WAIT, () -> h.mailCount("postmaster") == 1 && h.queueEmpty());
            assertThat(server.commands).filteredOn(c -> c.startsWith("MAIL")).containsExactly("MAIL FROM:<>");
            InternetHeaders r = onlyDsn(h, "postmaster").perRecipient().get(0);
            assertThat(r.getHeader("Final-Recipient", null)).isEqualTo("rfc822; someone@example.net");
            assertThat(r.getHeader("Status", null)).isEqualTo("5.1.1");
        }
    }

    @Test
    void aFailedPostmasterReportIsDroppedSoBouncesNeverLoop() throws Exception {
        ScriptedSmtpServer.Script script = ScriptedSmtpServer.Script.answeringEveryRcpt("550 5.1.1 no such user");
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(script);
                RelayHarness h = new RelayHarness(dir, server.port(), RelayHarness.fast(), Duration.ofSeconds(5))) {
            h.runner.start();
            h.queue.enqueue(new Envelope(ReversePath.nullPath(), MailParameters.NONE,
                    List.of(RelayHarness.rcpt("postmaster@example.net")), Instant.now(), MessageKind.DOUBLE_BOUNCE),
                    out -> out.write(RelayHarness.message("double").getBytes(StandardCharsets.US_ASCII)));
            RelayHarness.await("dropped", WAIT, h::queueEmpty);
            Thread.sleep(300); // several scans: nothing new may appear
            assertThat(h.queueEmpty()).isTrue();
            assertThat(server.transactions.get()).isEqualTo(1);
            assertThat(h.mailCount("postmaster")).isZero();
        }
    }
}
