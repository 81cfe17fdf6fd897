package dev.tern.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirStoreTest {

    private static final String MESSAGE = "Subject: hello\r\nFrom: a@x.test\r\n\r\nline one\r\nline two\r\n";

    @TempDir
    Path root;

    private MaildirStore store(long minFree, boolean softQuota, boolean crlf) {
        return new MaildirStore(root, new MaildirStore.Settings("mx.example.test", minFree, softQuota, crlf));
    }

    private MaildirStore store() {
        return store(0, false, false);
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void oneDeliveryLandsInNewWithReturnPathAndLfLineEnds() throws Exception {
        MaildirStore store = store();
        MaildirStore.Delivered d = store.deliver(List.of(Recipient.unlimited("alice@example.test")), "bob@x.test", stream(MESSAGE));

        Maildir m = store.maildir("alice@example.test");
        assertThat(m.path()).isEqualTo(root.resolve("alice@example.test"));
        assertThat(list(m.tmp())).isEmpty();
        assertThat(list(m.cur())).isEmpty();
        List<Path> files = list(m.newDir());
        assertThat(files).hasSize(1).containsExactlyElementsOf(d.files());
        String content = Files.readString(files.get(0));
        assertThat(content).isEqualTo("Return-Path: <bob@x.test>\nSubject: hello\nFrom: a@x.test\n\nline one\nline two\n");
        String name = files.get(0).getFileName().toString();
        long size = Files.size(files.get(0));
        assertThat(name).matches("\\d+\\.M\\d{6}P\\d+Q\\d+R[0-9a-f]{8}\\.mx\\.example\\.test,S=" + size + ",W=" + (size + 6));
        assertThat(d.size()).isEqualTo(size);
        assertThat(Maildir.sizeFromName(name)).isEqualTo(size);
        assertThat(m.usage()).isEqualTo(size);
    }

    @Test
    void nullSenderGivesEmptyReturnPathAndCrlfModeKeepsBytes() throws Exception {
        MaildirStore store = store(0, false, true);
        MaildirStore.Delivered d = store.deliver(List.of(Recipient.unlimited("alice@example.test")), "", stream(MESSAGE));
        assertThat(Files.readString(d.files().get(0))).isEqualTo("Return-Path: <>\r\n" + MESSAGE);
        assertThat(d.wireSize()).isEqualTo(d.size());
    }

    @Test
    void bareCrIsKeptAndCrlfSplitAcrossReadsIsStillOneLineEnd() throws Exception {
        // A stream that hands out one byte per read, so that CR and LF arrive in different reads.
        byte[] bytes = "a\rb\r\nc\r".getBytes(StandardCharsets.US_ASCII);
        InputStream slow = new InputStream() {
            int i;

            @Override
            public int read() {
                return i < bytes.length ? bytes[i++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[i++];
                return 1;
            }
        };
        MaildirStore.Delivered d = store().deliver(List.of(Recipient.unlimited("a@example.test")), "s@x.test", slow);
        assertThat(Files.readString(d.files().get(0))).isEqualTo("Return-Path: <s@x.test>\na\rb\nc\r");
    }

    @Test
    void severalMailboxesEachGetOneDurableCopyAndDuplicatesCollapse() throws Exception {
        MaildirStore store = store();
        MaildirStore.Delivered d = store.deliver(List.of(Recipient.unlimited("alice@example.test"),
                Recipient.unlimited("bob@example.test"), Recipient.unlimited("alice@EXAMPLE.test")), "s@x.test", stream(MESSAGE));
        assertThat(d.files()).hasSize(2);
        for (String who : List.of("alice@example.test", "bob@example.test")) {
            Maildir m = store.maildir(who);
            assertThat(list(m.newDir())).hasSize(1);
            assertThat(list(m.tmp())).isEmpty();
            assertThat(Files.readString(list(m.newDir()).get(0))).startsWith("Return-Path: <s@x.test>\nSubject: hello\n");
        }
    }

    @Test
    void failureOfOneMailboxRemovesTheOthersCopies() throws Exception {
        MaildirStore store = store();
        // bob's new/ is a plain file: the rename into it fails after alice's copy was renamed.
        Path bob = root.resolve("bob@example.test");
        Files.createDirectories(bob.resolve("tmp"));
        Files.createDirectories(bob.resolve("cur"));
        Files.writeString(bob.resolve("new"), "not a directory");

        assertThatThrownBy(() -> store.deliver(List.of(Recipient.unlimited("alice@example.test"),
                Recipient.unlimited("bob@example.test")), "s@x.test", stream(MESSAGE)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DeliveryException.Reason.IO_ERROR);
                    assertThat(e.reply().code()).isEqualTo(451);
                    assertThat(e.reply().enhanced()).hasToString("4.3.0");
                    assertThat(e.mailbox()).isEqualTo("bob@example.test");
                });
        Maildir alice = store.maildir("alice@example.test");
        assertThat(list(alice.newDir())).isEmpty();
        assertThat(list(alice.tmp())).isEmpty();
        assertThat(list(bob.resolve("tmp"))).isEmpty();
    }

    @Test
    void aMailboxRemovedWhileRunningIsCreatedAgainOnTheNextAttempt() throws Exception {
        MaildirStore store = store();
        Recipient alice = Recipient.unlimited("alice@example.test");
        store.deliver(List.of(alice), "s@x.test", stream(MESSAGE));
        Path box = store.maildir("alice@example.test").path();
        try (Stream<Path> all = Files.walk(box)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        assertThatThrownBy(() -> store.deliver(List.of(alice), "s@x.test", stream(MESSAGE)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.reply().code()).isEqualTo(451));
        store.deliver(List.of(alice), "s@x.test", stream(MESSAGE));
        assertThat(list(store.maildir("alice@example.test").newDir())).hasSize(1);
    }

    @Test
    void readFailureMidMessageLeavesNothingBehind() throws Exception {
        MaildirStore store = store();
        InputStream broken = new InputStream() {
            int left = 100_000;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("connection reset");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> store.deliver(List.of(Recipient.unlimited("alice@example.test")), "s@x.test", broken))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.reply().code()).isEqualTo(451);
                    assertThat(e.reply().enhanced()).hasToString("4.3.0");
                });
        Maildir alice = store.maildir("alice@example.test");
        assertThat(list(alice.newDir())).isEmpty();
        assertThat(list(alice.tmp())).isEmpty();
    }

    @Test
    void quotaExceededIs552AndNothingIsLeft() throws Exception {
        MaildirStore store = store();
        Recipient alice = new Recipient("alice@example.test", 120);
        store.deliver(List.of(alice), "s@x.test", stream(MESSAGE)); // 73 octets
        assertThatThrownBy(() -> store.deliver(List.of(alice), "s@x.test", stream(MESSAGE)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DeliveryException.Reason.OVER_QUOTA);
                    assertThat(e.reply().code()).isEqualTo(552);
                    assertThat(e.reply().enhanced()).hasToString("5.2.2");
                });
        assertThat(list(store.maildir("alice@example.test").newDir())).hasSize(1);
        assertThat(list(store.maildir("alice@example.test").tmp())).isEmpty();
        // at RCPT time, with the SIZE the client declared
        assertThatThrownBy(() -> store.checkQuota(alice, 100))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.reply().code()).isEqualTo(552);
                    assertThat(e.reply().enhanced()).hasToString("5.2.2");
                    assertThat(e.reply().text()).contains("<alice@example.test>");
                });
        store.checkQuota(alice, 40);
    }

    @Test
    void softQuotaIs452AndAFullMailboxRefusesAtRcpt() throws Exception {
        MaildirStore store = store(0, true, false);
        Recipient alice = new Recipient("alice@example.test", 50);
        Recipient bob = new Recipient("bob@example.test", 50);
        store.maildir("bob@example.test").create();
        Files.writeString(store.maildir("bob@example.test").cur().resolve("old:2,S"), "x".repeat(60));
        assertThatThrownBy(() -> store.deliver(List.of(alice), "s@x.test", stream(MESSAGE)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.reply().code()).isEqualTo(452);
                    assertThat(e.reply().enhanced()).hasToString("4.2.2");
                });
        assertThatThrownBy(() -> store.checkQuota(bob, 0))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.reply().code()).isEqualTo(452);
                    assertThat(e.reply().enhanced()).hasToString("4.2.2");
                });
    }

    @Test
    void usageIsCountedAgainWhenAReaderDeletedMail() throws Exception {
        MaildirStore store = store();
        Recipient alice = new Recipient("alice@example.test", 150);
        MaildirStore.Delivered first = store.deliver(List.of(alice), "s@x.test", stream(MESSAGE));
        Files.delete(first.files().get(0)); // as an IMAP client expunging it
        store.deliver(List.of(alice), "s@x.test", stream(MESSAGE));
        assertThat(list(store.maildir("alice@example.test").newDir())).hasSize(1);
    }

    @Test
    void freeDiskBelowTheFloorIs452_431() throws Exception {
        MaildirStore store = store(Long.MAX_VALUE / 4, false, false);
        assertThatThrownBy(() -> store.deliver(List.of(Recipient.unlimited("alice@example.test")), "s@x.test", stream(MESSAGE)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DeliveryException.Reason.NO_ROOM);
                    assertThat(e.reply().code()).isEqualTo(452);
                    assertThat(e.reply().enhanced()).hasToString("4.3.1");
                });
        assertThatThrownBy(() -> store.checkRoom(1)).isInstanceOf(DeliveryException.class);
        store(1, false, false).checkRoom(1000);
    }

    @Test
    void undoRemovesTheDeliveredFiles() throws Exception {
        MaildirStore store = store();
        MaildirStore.Delivered d = store.deliver(List.of(Recipient.unlimited("a@example.test"), Recipient.unlimited("b@example.test")),
                "s@x.test", stream(MESSAGE));
        d.undo();
        assertThat(list(store.maildir("a@example.test").newDir())).isEmpty();
        assertThat(list(store.maildir("b@example.test").newDir())).isEmpty();
    }

    @Test
    void concurrentDeliveriesGetDistinctNames() throws Exception {
        MaildirStore store = store();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        store.deliver(List.of(Recipient.unlimited("a@example.test")), "s@x.test", stream(MESSAGE));
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Path> files = list(store.maildir("a@example.test").newDir());
        Set<String> uniques = new HashSet<>();
        for (Path f : files) {
            String n = f.getFileName().toString();
            uniques.add(n.substring(0, n.indexOf(',')));
        }
        assertThat(files).hasSize(200);
        assertThat(uniques).hasSize(200);
        // names sort in time order: the sorted list's seconds and microseconds never go backwards
        List<String> sorted = files.stream().map(f -> f.getFileName().toString()).sorted().toList();
        long previous = -1;
        for (String n : sorted) {
            long micros = Long.parseLong(n.substring(0, n.indexOf('.'))) * 1_000_000
                    + Long.parseLong(n.substring(n.indexOf(".M") + 2, n.indexOf('P')));
            assertThat(micros).as(n).isGreaterThanOrEqualTo(previous);
            previous = micros;
        }
    }

    @Test
    void sweepRemovesUnfinishedDeliveriesOfEarlierProcessesOnly() throws Exception {
        MaildirStore store = store();
        Maildir m = store.maildir("alice@example.test");
        m.create();
        Path deadProcess = m.tmp().resolve("1795430953.M585588P999999999Q7R42a7d90a.mx.example.test");
        Path otherHost = m.tmp().resolve("1795430953.M585588P999999999Q7R42a7d90a.other.host");
        Path otherWriter = m.tmp().resolve("dovecot-saving-this");
        Path staleOther = m.tmp().resolve("very-old");
        for (Path p : List.of(deadProcess, otherHost, otherWriter, staleOther)) {
            Files.writeString(p, "partial");
        }
        Files.setLastModifiedTime(staleOther, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofHours(37))));
        Path delivered = store.deliver(List.of(Recipient.unlimited("alice@example.test")), "s@x.test", stream(MESSAGE)).files().get(0);

        assertThat(store.sweepTemporary()).isEqualTo(2);
        assertThat(list(m.tmp())).containsExactlyInAnyOrder(otherHost, otherWriter);
        assertThat(delivered).exists();
        // a fresh store (a restarted server, possibly with the same pid) also takes its own host's leftovers
        Path samePid = m.tmp().resolve("1795430953.M1P" + ProcessHandle.current().pid() + "Q1R00000000.mx.example.test");
        Files.writeString(samePid, "partial");
        assertThat(store().sweepTemporary()).isEqualTo(1);
        assertThat(samePid).doesNotExist();
    }

    @Test
    void mailboxNamesCannotEscapeTheRoot() {
        assertThat(MailboxName.of("alice@Example.TEST")).isEqualTo("alice@example.test");
        assertThat(MailboxName.of("../../etc@x.test")).isEqualTo("%2E.%2F..%2Fetc@x.test");
        assertThat(MailboxName.of(".hidden@x.test")).startsWith("%2E");
        assertThat(MailboxName.of("a/b@x.test")).isEqualTo("a%2Fb@x.test");
        assertThat(MailboxName.of("100%@x.test")).isEqualTo("100%25@x.test");
        assertThat(MailboxName.of("jörg@x.test")).isEqualTo("j%C3%B6rg@x.test");
    }

    @Test
    void sizeFromNameReadsMaildirPlusPlusSizes() {
        assertThat(Maildir.sizeFromName("1.M2P3.host,S=1234,W=1260:2,S")).isEqualTo(1234);
        assertThat(Maildir.sizeFromName("1.M2P3.host:2,S")).isEqualTo(-1);
        assertThat(Maildir.sizeFromName("1.M2P3.host,S=:2,")).isEqualTo(-1);
    }
}
