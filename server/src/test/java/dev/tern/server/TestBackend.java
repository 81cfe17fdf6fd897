package dev.tern.server;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.RcptParameters;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small real backend for tests: each accepted message is streamed to a file in a temporary
 * directory ({@code tmp/} first, renamed into {@code new/} when complete). Recipients:
 * {@code unknown@...} is refused 550 5.1.1, {@code fwd@...} is accepted with 251, everything else
 * with the default 250. VRFY of {@code known@...} answers 250; EXPN of {@code list@...} lists two
 * members; other addresses use the interface defaults.
 */
final class TestBackend implements Backend {

    record Delivered(String queueId, String from, List<String> to, MailParameters mailParams, Path file) {
        byte[] bytes() throws IOException {
            return Files.readAllBytes(file);
        }

        String text() throws IOException {
            return new String(bytes(), java.nio.charset.StandardCharsets.UTF_8);
        }

        /** The message without the Received header the server put first. */
        String body() throws IOException {
            String t = text();
            int end = t.indexOf("\r\n", t.indexOf("; ")) + 2;
            return t.substring(end);
        }
    }

    final Path dir;
    final List<Delivered> delivered = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final AtomicInteger sessions = new AtomicInteger();
    final AtomicInteger logouts = new AtomicInteger();
    final AtomicInteger verifies = new AtomicInteger();
    /** When set, data() waits for it before storing (to hold a transaction in flight). */
    volatile CountDownLatch holdData;
    /** When set, data() returns this reply after reading instead of storing. */
    volatile SmtpException refuseData;

    TestBackend(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("new"));
    }

    @Override
    public Session newSession(ConnectionInfo connection) {
        sessions.incrementAndGet();
        return new TestSession(connection);
    }

    final class TestSession implements Session {
        final ConnectionInfo connection;
        ReversePath from;
        MailParameters params;
        final List<String> to = new ArrayList<>();

        TestSession(ConnectionInfo connection) {
            this.connection = connection;
        }

        @Override
        public void mail(ReversePath from, MailParameters params) {
            events.add("mail " + from);
            if (from.address().startsWith("blocked@")) {
                throw new SmtpException(Replies.MAIL_SENDER_REJECTED, from.address());
            }
            this.from = from;
            this.params = params;
        }

        @Override
        public Reply rcpt(ForwardPath rcpt, RcptParameters p) {
            events.add("rcpt " + rcpt);
            String a = rcpt.address();
            if (a.startsWith("unknown@")) {
                throw new SmtpException(Replies.RCPT_UNKNOWN_USER, a);
            }
            to.add(a);
            return a.startsWith("fwd@") ? Replies.RCPT_WILL_FORWARD.format("someone@elsewhere.test") : null;
        }

        @Override
        public Reply data(String queueId, InputStream message) throws IOException {
            events.add("data " + queueId);
            Path tmp = dir.resolve("tmp").resolve(queueId);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                message.transferTo(out);
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            CountDownLatch hold = holdData;
            if (hold != null) {
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            SmtpException refuse = refuseData;
            if (refuse != null) {
                Files.deleteIfExists(tmp);
                throw refuse;
            }
            Path done = dir.resolve("new").resolve(queueId);
            Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
            delivered.add(new Delivered(queueId, from.address(), List.copyOf(to), params, done));
            return null;
        }

        @Override
        public void reset() {
            events.add("reset");
            from = null;
            to.clear();
        }

        @Override
        public void logout() {
            events.add("logout");
            logouts.incrementAndGet();
        }

        @Override
        public Reply verify(String argument) {
            verifies.incrementAndGet();
            if (argument.startsWith("known@")) {
                return Replies.VRFY_OK.format(argument);
            }
            if (argument.startsWith("nobody@")) {
                throw new SmtpException(Replies.VRFY_UNKNOWN, argument);
            }
            return Session.super.verify(argument);
        }

        @Override
        public Reply expand(String argument) {
            if (argument.startsWith("list@")) {
                return Replies.EXPN_OK.reply().withLines(List.of("<a@example.test>", "<b@example.test>"));
            }
            if (argument.startsWith("person@")) {
                throw new SmtpException(Replies.EXPN_NOT_A_LIST, argument);
            }
            return Session.super.expand(argument);
        }
    }
}
