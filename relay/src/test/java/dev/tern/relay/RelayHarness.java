package dev.tern.relay;

import dev.tern.client.ClientConfig;
import dev.tern.client.Timeouts;
import dev.tern.client.TlsMode;
import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.PathParser;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.RcptParameters;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import dev.tern.relay.deliver.ClientTransport;
import dev.tern.relay.deliver.LocalDelivery;
import dev.tern.relay.deliver.Transport;
import dev.tern.relay.queue.FileQueueStore;
import dev.tern.relay.queue.QueuedMessage;
import dev.tern.relay.queue.QueuedRecipient;
import dev.tern.relay.route.Hop;
import dev.tern.relay.route.StaticRoutes;
import dev.tern.relay.suppress.SuppressionList;
import dev.tern.relay.suppress.SuppressionPolicy;
import dev.tern.store.DeliveryException;
import dev.tern.store.MaildirStore;
import dev.tern.store.Recipient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A relay wired as the server will wire it: file queue, suppression list, static route for
 * {@code example.net} to a scripted server on loopback, the client library, and local delivery
 * of {@code example.org} into Maildirs (where DSNs to local senders land).
 */
final class RelayHarness implements AutoCloseable {

    static final String LOCAL_DOMAIN = "example.org";

    final Path dir;
    final FileQueueStore store;
    final SuppressionList suppression;
    final OutboundQueue queue;
    final MaildirStore maildirs;
    final QueueRunner runner;

    RelayHarness(Path dir, int port, RelaySettings settings, Duration clientTimeout) throws IOException {
        this(dir, Map.of("example.net", new StaticRoutes.Entry("127.0.0.1", port, Hop.TlsPolicy.NONE, null)), settings,
                clientTimeout);
    }

    RelayHarness(Path dir, Map<String, StaticRoutes.Entry> routes, RelaySettings settings, Duration clientTimeout)
            throws IOException {
        this(dir, routes, settings, new ClientTransport(ClientConfig.builder().heloName("relay.test").tlsMode(TlsMode.OFF)
                .timeouts(Timeouts.uniform(clientTimeout)).build()));
    }

    RelayHarness(Path dir, Map<String, StaticRoutes.Entry> routes, RelaySettings settings, Transport transport)
            throws IOException {
        this.dir = dir;
        this.store = new FileQueueStore(dir.resolve("queue"));
        this.suppression = new SuppressionList(dir.resolve("suppressed.tsv"));
        this.queue = new OutboundQueue(store, suppression);
        this.maildirs = new MaildirStore(dir.resolve("mail"), MaildirStore.Settings.defaults("relay.test"));
        this.runner = new QueueRunner(queue, new StaticRoutes(routes, null), transport, maildirDelivery(maildirs),
                SuppressionPolicy.defaults(), settings, Clock.systemUTC());
    }

    static RelaySettings fast() {
        return RelaySettings.defaults("relay.test").withPostmaster("postmaster@" + LOCAL_DOMAIN)
                .withBackoff(Duration.ofMillis(300), Duration.ofSeconds(1)).withScanInterval(Duration.ofMillis(50))
                .withLifetime(Duration.ofMinutes(5));
    }

    /** Local delivery of example.org: mailbox = local part. */
    static LocalDelivery maildirDelivery(MaildirStore maildirs) {
        return new LocalDelivery() {
            @Override
            public boolean isLocal(ForwardPath recipient) {
                return recipient.mailbox().map(m -> m.domainKey().equals(LOCAL_DOMAIN)).orElse(true);
            }

            @Override
            public Reply deliver(ReversePath sender, ForwardPath recipient, InputStream content) throws IOException {
                String box = recipient.mailbox().map(m -> m.localPart().toLowerCase(java.util.Locale.ROOT)).orElse("postmaster");
                try {
                    maildirs.deliver(List.of(Recipient.unlimited(box)), sender.address(), content);
                    return Replies.DATA_STORED.format("maildir");
                } catch (DeliveryException e) {
                    return e.reply();
                }
            }
        };
    }

    static QueuedRecipient rcpt(String address) {
        try {
            return new QueuedRecipient(PathParser.parseForwardPath("<" + address + ">", true), RcptParameters.NONE);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ReversePath sender(String address) {
        try {
            return PathParser.parseReversePath("<" + address + ">", true);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String message(String subject) {
        return "From: alice@example.org\r\nTo: bob@example.net\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "@example.org>\r\n\r\nHello.\r\n.leading dot\r\n";
    }

    String enqueue(String from, List<QueuedRecipient> rcpts, MailParameters params, String body) throws IOException {
        return queue.enqueue(sender(from), params, rcpts,
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    String enqueue(String from, String subject, String... to) throws IOException {
        List<QueuedRecipient> rs = new ArrayList<>();
        for (String t : to) {
            rs.add(rcpt(t));
        }
        return enqueue(from, rs, MailParameters.NONE, message(subject));
    }

    Optional<QueuedMessage> load(String id) throws IOException {
        return store.load(id);
    }

    /** Files in a local Maildir's new/. */
    List<Path> mailbox(String box) throws IOException {
        Path n = dir.resolve("mail").resolve(box).resolve("new");
        if (!Files.isDirectory(n)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(n)) {
            return s.sorted().toList();
        }
    }

    static void await(String what, Duration max, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out after " + max + " waiting for: " + what);
    }

    boolean queueEmpty() {
        try {
            return store.ids().isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    int mailCount(String box) {
        try {
            return mailbox(box).size();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        runner.close();
    }
}
