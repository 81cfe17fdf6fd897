package dev.tern.relay.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.Mailbox;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.Notify;
import dev.tern.protocol.params.Orcpt;
import dev.tern.protocol.params.RcptParameters;
import dev.tern.protocol.params.Ret;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileQueueStoreTest {

    @TempDir
    Path dir;

    static Envelope envelope() {
        return new Envelope(ReversePath.of(new Mailbox("alice", "example.org")),
                MailParameters.NONE.withRet(Ret.HDRS).withEnvid("env-42"),
                List.of(new QueuedRecipient(ForwardPath.of(new Mailbox("bob", "example.net")),
                                new RcptParameters(Set.of(Notify.FAILURE, Notify.DELAY), Orcpt.rfc822("bob+x@example.net"), Map.of())),
                        QueuedRecipient.of(ForwardPath.of(new Mailbox("carol", "Example.COM")))),
                Instant.parse("2026-11-23T10:00:00.123Z"), MessageKind.MESSAGE);
    }

    @Test
    void createThenLoadGivesEnvelopeContentAndFreshState() throws Exception {
        FileQueueStore store = new FileQueueStore(dir);
        byte[] body = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
        String id = store.create(envelope(), out -> out.write(body));

        assertThat(FileQueueStore.isId(id)).isTrue();
        assertThat(store.ids()).containsExactly(id);
        QueuedMessage m = store.load(id).orElseThrow();
        assertThat(m.envelope()).isEqualTo(envelope());
        assertThat(m.size()).isEqualTo(body.length);
        assertThat(m.recipients()).extracting(QueuedMessage.RecipientState::status)
                .containsExactly(RecipientStatus.PENDING, RecipientStatus.PENDING);
        assertThat(m.nextAttempt()).isEqualTo(envelope().arrival());
        try (InputStream in = store.openContent(id)) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
        assertThat(Files.list(dir.resolve("tmp"))).isEmpty();
    }

    @Test
    void eventsAreReplayedInOrderAndFinalOutcomesStay() throws Exception {
        FileQueueStore store = new FileQueueStore(dir);
        String id = store.create(envelope(), out -> out.write('x'));
        Instant t = Instant.parse("2026-11-23T10:05:00Z");
        Reply soft = Replies.RCPT_GREYLISTED.format("bob@example.net");
        Reply hard = Reply.of(550, "5.1.1", "no such\tuser % here");
        store.append(id, new QueueEvent.RecipientOutcome(t, 0, RecipientStatus.DEFERRED, "mx.example.net[127.0.0.1]:25", soft));
        store.append(id, new QueueEvent.RecipientOutcome(t, 1, RecipientStatus.FAILED, null, hard));
        store.append(id, new QueueEvent.RecipientOutcome(t, 1, RecipientStatus.DELIVERED, null, Replies.OK.reply()));
        store.append(id, new QueueEvent.AttemptDone(t, t.plusSeconds(300)));
        store.append(id, new QueueEvent.Hold(t));
        store.append(id, new QueueEvent.ReportQueued(t, QueueEvent.ReportKind.FAILED, Set.of(1)));

        QueuedMessage m = store.load(id).orElseThrow();
        assertThat(m.recipients().get(0).status()).isEqualTo(RecipientStatus.DEFERRED);
        assertThat(m.recipients().get(0).lastReply()).isEqualTo(soft);
        assertThat(m.recipients().get(0).remoteMta()).isEqualTo("mx.example.net[127.0.0.1]:25");
        assertThat(m.recipients().get(1).status()).isEqualTo(RecipientStatus.FAILED);
        assertThat(m.recipients().get(1).lastReply()).isEqualTo(hard);
        assertThat(m.attempts()).isEqualTo(1);
        assertThat(m.nextAttempt()).isEqualTo(t.plusSeconds(300));
        assertThat(m.held()).isTrue();
        assertThat(m.reported(QueueEvent.ReportKind.FAILED, 1)).isTrue();
        assertThat(m.reported(QueueEvent.ReportKind.FAILED, 0)).isFalse();
        assertThat(m.open()).containsExactly(0);

        store.append(id, new QueueEvent.Release(t));
        store.append(id, new QueueEvent.RetryNow(t.plusSeconds(1)));
        m = store.load(id).orElseThrow();
        assertThat(m.held()).isFalse();
        assertThat(m.nextAttempt()).isEqualTo(t.plusSeconds(1));
    }

    @Test
    void aTornLastLineIsIgnoredAndTheNextAppendStartsAFreshLine() throws Exception {
        FileQueueStore store = new FileQueueStore(dir);
        String id = store.create(envelope(), out -> out.write('x'));
        Instant t = Instant.parse("2026-11-23T10:05:00Z");
        store.append(id, new QueueEvent.Hold(t));
        // what a kill -9 in the middle of a write can leave behind
        Files.writeString(dir.resolve("log").resolve(id), "1763892300000\trcpt\t0\tdeliv", StandardOpenOption.APPEND);
        assertThat(store.load(id).orElseThrow().recipients().get(0).status()).isEqualTo(RecipientStatus.PENDING);

        store.append(id, new QueueEvent.RecipientOutcome(t, 0, RecipientStatus.DELIVERED, null, Replies.OK.reply()));
        QueuedMessage m = store.load(id).orElseThrow();
        assertThat(m.recipients().get(0).status()).isEqualTo(RecipientStatus.DELIVERED);
        assertThat(m.held()).isTrue();
    }

    @Test
    void removedMessagesAreGoneAndAppendsDoNotResurrectThem() throws Exception {
        FileQueueStore store = new FileQueueStore(dir);
        String id = store.create(envelope(), out -> out.write('x'));
        assertThat(store.remove(id)).isTrue();
        assertThat(store.remove(id)).isFalse();
        assertThat(store.load(id)).isEmpty();
        assertThat(store.append(id, new QueueEvent.Hold(Instant.now()))).isFalse();
        assertThat(store.ids()).isEmpty();
        assertThat(Files.list(dir.resolve("log"))).isEmpty();
        assertThat(Files.list(dir.resolve("data"))).isEmpty();
    }

    @Test
    void sweepRemovesOnlyOldLeftoversOfAnInterruptedEnqueue() throws Exception {
        FileQueueStore store = new FileQueueStore(dir);
        String kept = store.create(envelope(), out -> out.write('x'));
        Path orphanData = dir.resolve("data").resolve("0000000000000000001");
        Path orphanTmp = dir.resolve("tmp").resolve("0000000000000000002.data");
        Path youngTmp = dir.resolve("tmp").resolve("0000000000000000003.data");
        Files.writeString(orphanData, "half");
        Files.writeString(orphanTmp, "half");
        Files.writeString(youngTmp, "half");
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        Files.setLastModifiedTime(orphanData, old);
        Files.setLastModifiedTime(orphanTmp, old);
        Files.setLastModifiedTime(dir.resolve("data").resolve(kept), old);

        assertThat(store.sweep(Duration.ofHours(1))).isEqualTo(2);
        assertThat(orphanData).doesNotExist();
        assertThat(orphanTmp).doesNotExist();
        assertThat(youngTmp).exists();
        assertThat(store.load(kept)).isPresent();
    }

    @Test
    void concurrentAppendersFromTwoStoresNeverInterleaveLines() throws Exception {
        FileQueueStore a = new FileQueueStore(dir);
        FileQueueStore b = new FileQueueStore(dir);
        String id = a.create(envelope(), out -> out.write('x'));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            FileQueueStore s = w % 2 == 0 ? a : b;
            fs.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    s.append(id, new QueueEvent.AttemptDone(Instant.now(), Instant.now()));
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(a.load(id).orElseThrow().attempts()).isEqualTo(200);
        assertThat(Files.readAllLines(dir.resolve("log").resolve(id))).hasSize(200)
                .allSatisfy(l -> assertThat(l).matches("\\d+\tattempt\t\\d+\t\\."));
    }

    @Test
    void eventTextEscapesTabsNewlinesAndPercent() {
        assertThat(EventCodec.unescape(EventCodec.escape("a\tb\nc%d\re"))).isEqualTo("a\tb\nc%d\re");
        assertThat(EventCodec.escape("a\tb")).doesNotContain("\t");
        assertThat(EventCodec.decode("garbage")).isEmpty();
        assertThat(EventCodec.decode("12\tattempt\t%4")).isEmpty();
    }
}
