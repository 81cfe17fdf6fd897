package dev.tern.app.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.CliRun;
import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.Mailbox;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.reply.Reply;
import dev.tern.relay.queue.Envelope;
import dev.tern.relay.queue.FileQueueStore;
import dev.tern.relay.queue.MessageKind;
import dev.tern.relay.queue.QueueEvent;
import dev.tern.relay.queue.QueuedRecipient;
import dev.tern.relay.queue.RecipientStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueCommandTest {

    @TempDir
    Path dir;

    CliRun tern(String... args) {
        return CliRun.tern(args);
    }

    String queued(FileQueueStore store) throws Exception {
        Envelope env = new Envelope(ReversePath.of(new Mailbox("alice", "example.org")), null,
                List.of(QueuedRecipient.of(ForwardPath.of(new Mailbox("bob", "example.net"))),
                        QueuedRecipient.of(ForwardPath.of(new Mailbox("carol", "example.net")))),
                Instant.parse("2026-11-23T10:00:00Z"), MessageKind.MESSAGE);
        return store.create(env, out -> out.write("Subject: queued\r\nFrom: alice@example.org\r\n\r\nbody\r\n"
                .getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void listShowsIdSizeArrivalSenderOpenRecipientsLastReplyAndNextAttempt() throws Exception {
        FileQueueStore store = new FileQueueStore(dir.resolve("queue"));
        String id = queued(store);
        Instant t = Instant.parse("2026-11-23T10:01:00Z");
        store.append(id, new QueueEvent.RecipientOutcome(t, 0, RecipientStatus.DEFERRED, "mx.example.net[192.0.2.1]:25",
                Reply.of(451, "4.7.1", "Greylisted, try again later")));
        store.append(id, new QueueEvent.RecipientOutcome(t, 1, RecipientStatus.DELIVERED, null, Reply.of(250, "2.0.0", "ok")));
        store.append(id, new QueueEvent.AttemptDone(t, Instant.parse("2026-11-23T10:06:00Z")));

        CliRun r = tern("queue", "list", "--data-dir", dir.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains(id).contains("2026-11-23 10:00:00Z").contains("alice@example.org")
                .contains("(451 4.7.1 Greylisted, try again later)").contains("bob@example.net")
                .doesNotContain("carol@example.net").contains("next attempt 2026-11-23 10:06:00Z (1 attempts so far)")
                .contains("in 1 Request.");
    }

    @Test
    void emptyQueueSaysSo() {
        CliRun r = tern("queue", "list", "--queue-dir", dir.resolve("q").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Mail queue is empty");
        assertThat(dir.resolve("q")).doesNotExist();
        assertThat(tern("queue", "hold", "0000000000000000000", "--queue-dir", dir.resolve("q").toString()).exit()).isEqualTo(1);
    }

    @Test
    void showHoldReleaseRetryAndDelete() throws Exception {
        FileQueueStore store = new FileQueueStore(dir.resolve("queue"));
        String id = queued(store);
        String d = dir.toString();

        CliRun show = tern("queue", "show", id, "--data-dir", d);
        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains("Sender:       <alice@example.org>").contains("<bob@example.net>  pending")
                .contains("  Subject: queued").doesNotContain("History:");
        store.append(id, new QueueEvent.RecipientOutcome(Instant.parse("2026-11-23T10:01:00Z"), 1, RecipientStatus.DEFERRED,
                "mx.example.net[192.0.2.1]:25", Reply.of(451, "4.7.1", "Greylisted")));
        assertThat(tern("queue", "show", id, "--data-dir", d).out()).contains("History:")
                .contains("2026-11-23 10:01:00Z  <carol@example.net> deferred via mx.example.net[192.0.2.1]:25: 451 4.7.1 Greylisted");

        assertThat(tern("queue", "hold", id, "--data-dir", d).exit()).isZero();
        assertThat(store.load(id).orElseThrow().held()).isTrue();
        assertThat(tern("queue", "list", "--data-dir", d).out()).contains(id + "!").contains("on hold");

        assertThat(tern("queue", "release", id, "--data-dir", d).exit()).isZero();
        assertThat(store.load(id).orElseThrow().held()).isFalse();

        store.append(id, new QueueEvent.AttemptDone(Instant.now(), Instant.now().plusSeconds(3600)));
        CliRun retry = tern("queue", "retry", "--all", "--data-dir", d);
        assertThat(retry.exit()).isZero();
        assertThat(retry.out()).contains("1 message scheduled");
        assertThat(store.load(id).orElseThrow().nextAttempt()).isBefore(Instant.now().plusSeconds(1));

        assertThat(tern("queue", "delete", id, "--data-dir", d).exit()).isZero();
        assertThat(store.ids()).isEmpty();
        CliRun again = tern("queue", "delete", id, "--data-dir", d);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("no message " + id);
    }

    @Test
    void retryNeedsAnIdOrAll() {
        assertThat(tern("queue", "retry", "--data-dir", dir.toString()).exit()).isEqualTo(2);
    }

    @Test
    void suppressAddListRemoveExportImport() throws Exception {
        String d = dir.toString();
        assertThat(tern("suppress", "add", "bob@example.net", "--reason", "unknown user", "--data-dir", d).exit()).isZero();
        assertThat(tern("suppress", "add", "full@example.net", "--for", "P7D", "--data-dir", d).exit()).isZero();
        CliRun list = tern("suppress", "list", "--data-dir", d);
        assertThat(list.out()).contains("bob@example.net").contains("permanent  unknown user").contains("full@example.net  since")
                .contains("until ");

        Path csv = dir.resolve("out.csv");
        assertThat(tern("suppress", "export", csv.toString(), "--data-dir", d).exit()).isZero();
        assertThat(Files.readString(csv)).startsWith("address,since,expires,reason,reply").contains("bob@example.net,");

        assertThat(tern("suppress", "remove", "BOB@example.net", "--data-dir", d).exit()).isZero();
        assertThat(tern("suppress", "remove", "bob@example.net", "--data-dir", d).exit()).isEqualTo(1);
        assertThat(tern("suppress", "list", "--data-dir", d).out()).doesNotContain("bob@");

        CliRun imp = tern("suppress", "import", csv.toString(), "--data-dir", d);
        assertThat(imp.exit()).isZero();
        assertThat(imp.out()).contains("2 addresses imported");
        assertThat(tern("suppress", "list", "--data-dir", d).out()).contains("bob@example.net");
        assertThat(Files.exists(dir.resolve("suppressed.tsv"))).isTrue();
    }

    @Test
    void suppressAddRefusesSomethingThatIsNotAnAddress() {
        CliRun r = tern("suppress", "add", "nobody", "--data-dir", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("not an address");
    }
}
