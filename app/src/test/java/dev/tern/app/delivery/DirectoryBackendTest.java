package dev.tern.app.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.app.config.ConfigLoader;
import dev.tern.app.config.TernConfig;
import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.Mailbox;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.RcptParameters;
import dev.tern.protocol.reply.Reply;
import dev.tern.relay.OutboundQueue;
import dev.tern.relay.queue.FileQueueStore;
import dev.tern.server.ConnectionInfo;
import dev.tern.server.Session;
import dev.tern.server.SmtpException;
import dev.tern.store.MaildirStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default backend called as the server calls it, with real Maildirs and a real outbound queue on disk. */
class DirectoryBackendTest {

    static final String CONFIG = """
            hostname: mx.example.test
            domains: [ example.test, other.example ]
            users:
              - { address: alice@example.test, quota: 400 }
              - { address: bob@example.test }
              - { address: carol@example.test, disabled: true }
              - { address: alice@other.example }
            aliases:
              postmaster@example.test: [ alice@example.test ]
              fwd@example.test: [ someone@elsewhere.test ]
              both@example.test: [ bob@example.test, someone@elsewhere.test ]
            lists:
              staff@example.test: [ alice@example.test, bob@example.test ]
            moved:
              dave@example.test: dave@new.example.test
            vrfy: true
            expn: true
            """;

    static final String MESSAGE = "Received: from test\r\nSubject: hi\r\n\r\nbody\r\n";

    @TempDir
    Path dir;

    MaildirStore store;
    FileQueueStore queueStore;
    DirectoryBackend backend;

    @BeforeEach
    void setUp() throws Exception {
        backend = backend(CONFIG);
    }

    DirectoryBackend backend(String yaml) throws Exception {
        TernConfig config = ConfigLoader.parse("test.yaml", yaml);
        store = new MaildirStore(dir.resolve("mail"), MaildirStore.Settings.defaults("mx.example.test"));
        queueStore = new FileQueueStore(dir.resolve("queue"));
        return new DirectoryBackend(config, store, new OutboundQueue(queueStore, null));
    }

    static ConnectionInfo client() {
        return new ConnectionInfo() {
            @Override
            public InetSocketAddress remoteAddress() {
                return new InetSocketAddress("127.0.0.1", 40000);
            }

            @Override
            public InetSocketAddress localAddress() {
                return new InetSocketAddress("127.0.0.1", 2525);
            }

            @Override
            public Optional<String> heloName() {
                return Optional.of("client.test");
            }

            @Override
            public boolean esmtp() {
                return true;
            }

            @Override
            public boolean tls() {
                return false;
            }

            @Override
            public Optional<String> authenticatedIdentity() {
                return Optional.empty();
            }

            @Override
            public String serverHostname() {
                return "mx.example.test";
            }
        };
    }

    static ForwardPath to(String address) {
        int at = address.lastIndexOf('@');
        return ForwardPath.of(new Mailbox(address.substring(0, at), address.substring(at + 1)));
    }

    static ReversePath from(String address) {
        int at = address.lastIndexOf('@');
        return ReversePath.of(new Mailbox(address.substring(0, at), address.substring(at + 1)));
    }

    static InputStream message() {
        return new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.US_ASCII));
    }

    List<Path> newFiles(String mailbox) throws IOException {
        Path d = dir.resolve("mail").resolve(mailbox).resolve("new");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    static void assertReply(Reply r, int code, String enhanced) {
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.enhanced()).hasToString(enhanced);
    }

    static void assertRefused(Runnable call, int code, String enhanced, String textPart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SmtpException.class, e -> {
            assertReply(e.reply(), code, enhanced);
            assertThat(e.reply().text()).contains(textPart);
        });
    }

    @Test
    void rcptAnswersFollowTheDirectory() {
        Session s = backend.newSession(client());
        s.mail(from("x@sender.test"), MailParameters.NONE);
        assertReply(s.rcpt(to("alice@example.test"), RcptParameters.NONE), 250, "2.1.5");
        assertReply(s.rcpt(to("ALICE@Example.TEST"), RcptParameters.NONE), 250, "2.1.5");
        assertReply(s.rcpt(to("postmaster@example.test"), RcptParameters.NONE), 250, "2.1.5");
        assertReply(s.rcpt(ForwardPath.postmaster(), RcptParameters.NONE), 250, "2.1.5");
        assertReply(s.rcpt(to("postmaster@other.example"), RcptParameters.NONE), 250, "2.1.5");
        Reply forward = s.rcpt(to("fwd@example.test"), RcptParameters.NONE);
        assertReply(forward, 251, "2.1.5");
        assertThat(forward.text()).contains("someone@elsewhere.test");
        assertReply(s.rcpt(to("both@example.test"), RcptParameters.NONE), 250, "2.1.5");
        assertReply(s.rcpt(to("staff@example.test"), RcptParameters.NONE), 250, "2.1.5");
        assertRefused(() -> s.rcpt(to("carol@example.test"), RcptParameters.NONE), 550, "5.2.1", "carol@example.test");
        assertRefused(() -> s.rcpt(to("dave@example.test"), RcptParameters.NONE), 551, "5.1.6", "dave@new.example.test");
        assertRefused(() -> s.rcpt(to("nobody@example.test"), RcptParameters.NONE), 550, "5.1.1", "nobody@example.test");
        assertRefused(() -> s.rcpt(to("someone@elsewhere.test"), RcptParameters.NONE), 550, "5.7.1", "someone@elsewhere.test");
    }

    @Test
    void catchAllGivesEveryLocalAddressItsOwnMailbox() throws Exception {
        DirectoryBackend b = backend("domains: [ localhost ]\ncatch-all: true\n");
        Session s = b.newSession(client());
        s.mail(from("x@sender.test"), MailParameters.NONE);
        assertReply(s.rcpt(to("anyone@localhost"), RcptParameters.NONE), 250, "2.1.5");
        assertReply(s.rcpt(to("Other@LOCALHOST"), RcptParameters.NONE), 250, "2.1.5");
        assertRefused(() -> s.rcpt(to("a@example.org"), RcptParameters.NONE), 550, "5.7.1", "a@example.org");
        Reply done = s.data("Q1", message());
        assertReply(done, 250, "2.0.0");
        assertThat(done.text()).contains("Q1");
        assertThat(newFiles("anyone@localhost")).hasSize(1);
        assertThat(newFiles("other@localhost")).hasSize(1);
    }

    @Test
    void localDeliveryIsDurableInEveryMailboxWithReturnPath() throws Exception {
        Session s = backend.newSession(client());
        s.mail(from("x@sender.test"), MailParameters.NONE);
        s.rcpt(to("staff@example.test"), RcptParameters.NONE);
        s.rcpt(to("bob@example.test"), RcptParameters.NONE); // also a member: one copy only
        Reply done = s.data("QID123", message());
        assertReply(done, 250, "2.0.0");
        assertThat(done.text()).isEqualTo("Ok: queued as QID123");
        assertThat(newFiles("alice@example.test")).hasSize(1);
        assertThat(newFiles("bob@example.test")).hasSize(1);
        assertThat(Files.readString(newFiles("bob@example.test").get(0)))
                .isEqualTo("Return-Path: <x@sender.test>\nReceived: from test\nSubject: hi\n\nbody\n");
        assertThat(queueStore.ids()).isEmpty();
    }

    @Test
    void remoteTargetsGoToTheOutboundQueueAndMixedTransactionsToBoth() throws Exception {
        Session s = backend.newSession(client());
        s.mail(from("x@sender.test"), MailParameters.NONE);
        s.rcpt(to("both@example.test"), RcptParameters.NONE);
        assertReply(s.data("Q2", message()), 250, "2.0.0");
        assertThat(newFiles("bob@example.test")).hasSize(1);
        List<String> ids = queueStore.ids();
        assertThat(ids).hasSize(1);
        assertThat(queueStore.load(ids.get(0)).orElseThrow().recipients())
                .extracting(r -> r.recipient().recipient().address()).containsExactly("someone@elsewhere.test");
        try (InputStream in = queueStore.openContent(ids.get(0))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(MESSAGE);
        }
    }

    @Test
    void failedLocalDeliveryTakesBackTheQueueEntryAndAnswers451() throws Exception {
        // bob's new/ is a plain file: his copy cannot be renamed into place
        Path bob = dir.resolve("mail").resolve("bob@example.test");
        Files.createDirectories(bob.resolve("tmp"));
        Files.createDirectories(bob.resolve("cur"));
        Files.writeString(bob.resolve("new"), "in the way");
        Session s = backend.newSession(client());
        s.mail(from("x@sender.test"), MailParameters.NONE);
        s.rcpt(to("alice@example.test"), RcptParameters.NONE);
        s.rcpt(to("both@example.test"), RcptParameters.NONE);
        assertThatThrownBy(() -> s.data("Q3", message())).isInstanceOf(IOException.class);
        assertThat(newFiles("alice@example.test")).isEmpty();
        assertThat(queueStore.ids()).isEmpty();
    }

    @Test
    void quotaAtRcptAndAtEndOfData() throws Exception {
        Session s = backend.newSession(client());
        s.mail(from("x@sender.test"), MailParameters.NONE.withSize(1000));
        assertRefused(() -> s.rcpt(to("alice@example.test"), RcptParameters.NONE), 552, "5.2.2", "alice@example.test");
        s.reset();
        s.mail(from("x@sender.test"), MailParameters.NONE);
        s.rcpt(to("alice@example.test"), RcptParameters.NONE);
        String big = "Subject: big\r\n\r\n" + "x".repeat(500) + "\r\n";
        assertThatThrownBy(() -> s.data("Q4", new ByteArrayInputStream(big.getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOfSatisfying(SmtpException.class, e -> assertReply(e.reply(), 552, "5.2.2"));
        assertThat(newFiles("alice@example.test")).isEmpty();
    }

    @Test
    void softQuotaAnswers452() throws Exception {
        DirectoryBackend b = backend(CONFIG + "soft-quota: true\n");
        store = new MaildirStore(dir.resolve("mail"), new MaildirStore.Settings("mx.example.test", 0, true, false));
        b = new DirectoryBackend(ConfigLoader.parse("t.yaml", CONFIG), store, null);
        Session s = b.newSession(client());
        s.mail(from("x@sender.test"), MailParameters.NONE.withSize(1000));
        assertRefused(() -> s.rcpt(to("alice@example.test"), RcptParameters.NONE), 452, "4.2.2", "alice@example.test");
        // without an outbound queue a forwarding alias cannot be accepted now
        assertRefused(() -> s.rcpt(to("fwd@example.test"), RcptParameters.NONE), 451, "4.3.0", "fwd@example.test");
    }

    @Test
    void freeDiskFloor() throws Exception {
        TernConfig config = ConfigLoader.parse("t.yaml", CONFIG);
        MaildirStore full = new MaildirStore(dir.resolve("mail"), new MaildirStore.Settings("h", Long.MAX_VALUE / 4, false, false));
        DirectoryBackend b = new DirectoryBackend(config, full, null);
        assertThat(b.hasRoomFor(0)).isFalse();
        assertThat(backend.hasRoomFor(1000)).isTrue();
        Session s = b.newSession(client());
        s.mail(from("x@sender.test"), MailParameters.NONE);
        s.rcpt(to("bob@example.test"), RcptParameters.NONE);
        assertThatThrownBy(() -> s.data("Q5", message()))
                .isInstanceOfSatisfying(SmtpException.class, e -> assertReply(e.reply(), 452, "4.3.1"));
    }

    @Test
    void vrfyAndExpnWhenEnabled() {
        Session s = backend.newSession(client());
        Reply ok = s.verify("alice@example.test");
        assertReply(ok, 250, "2.1.5");
        assertThat(ok.text()).isEqualTo("<alice@example.test>");
        assertReply(s.verify("<bob@example.test>"), 250, "2.1.5");
        assertReply(s.verify("bob"), 250, "2.1.5");
        assertRefused(() -> s.verify("alice"), 553, "5.1.4", "alice");
        assertReply(s.verify("fwd@example.test"), 251, "2.1.5");
        assertRefused(() -> s.verify("dave@example.test"), 551, "5.1.6", "dave@new.example.test");
        assertRefused(() -> s.verify("nobody@example.test"), 550, "5.1.1", "nobody@example.test");
        assertRefused(() -> s.verify("carol@example.test"), 550, "5.2.1", "carol@example.test");
        assertRefused(() -> s.verify("a@@b"), 553, "5.1.3", "");
        Reply list = s.expand("staff@example.test");
        assertReply(list, 250, "2.1.5");
        assertThat(list.lines()).containsExactly("<alice@example.test>", "<bob@example.test>");
        assertThat(s.expand("staff").lines()).hasSize(2);
        assertRefused(() -> s.expand("alice@example.test"), 550, "5.1.1", "alice@example.test");
    }

    @Test
    void vrfyAndExpnWhenDisabled() throws Exception {
        DirectoryBackend b = backend(CONFIG.replace("vrfy: true", "vrfy: false").replace("expn: true", "expn: false"));
        Session s = b.newSession(client());
        assertReply(s.verify("alice@example.test"), 252, "2.5.0");
        assertReply(s.verify("nobody@example.test"), 252, "2.5.0");
        assertRefused(() -> s.expand("staff@example.test"), 502, "5.5.1", "");
    }

    @Test
    void aFailingStreamLeavesNothingAndRethrowsForTheServer() throws Exception {
        Session s = backend.newSession(client());
        s.mail(from("x@sender.test"), MailParameters.NONE);
        s.rcpt(to("bob@example.test"), RcptParameters.NONE);
        // 5000 octets, then every read fails: bounded whatever the reader does with the first failure
        InputStream broken = new InputStream() {
            int left = 5000;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    throw new IOException("message over the size limit");
                }
                left--;
                return 'a';
            }
        };
        assertThatThrownBy(() -> s.data("Q6", broken)).isInstanceOf(IOException.class).hasMessageContaining("size limit");
        assertThat(newFiles("bob@example.test")).isEmpty();
        try (Stream<Path> tmp = Files.list(dir.resolve("mail/bob@example.test/tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }
}
