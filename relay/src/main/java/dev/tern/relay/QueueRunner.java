package dev.tern.relay;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.PathParser;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.Notify;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import dev.tern.protocol.reply.ReplyException;
import dev.tern.knowledge.BounceType;
import dev.tern.relay.deliver.LocalDelivery;
import dev.tern.relay.deliver.Transport;
import dev.tern.relay.deliver.Transport.TransactionResult;
import dev.tern.relay.deliver.Transport.TransportException;
import dev.tern.relay.dsn.DsnRecipient;
import dev.tern.relay.dsn.DsnWriter;
import dev.tern.relay.queue.Envelope;
import dev.tern.relay.queue.MessageKind;
import dev.tern.relay.queue.QueueEvent;
import dev.tern.relay.queue.QueueEvent.ReportKind;
import dev.tern.relay.queue.QueueStore;
import dev.tern.relay.queue.QueuedMessage;
import dev.tern.relay.queue.QueuedMessage.RecipientState;
import dev.tern.relay.queue.QueuedRecipient;
import dev.tern.relay.queue.RecipientStatus;
import dev.tern.relay.route.Hop;
import dev.tern.relay.route.Route;
import dev.tern.relay.route.Router;
import dev.tern.relay.suppress.Suppression;
import dev.tern.relay.suppress.SuppressionList;
import dev.tern.relay.suppress.SuppressionPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler: finds due messages in the store, groups their open recipients by destination
 * domain, delivers each group over a session to the domain's route (reusing a session for the
 * next group of the same domain), records each recipient's outcome durably the moment it is known,
 * and after each round writes DSNs, updates the suppression list, schedules the next attempt with
 * exponential backoff, or removes the finished message.
 *
 * <p>Limits: at most {@code maxConnections} sessions in all and {@code maxPerDomain} per domain.
 * Crash safety: an outcome is appended (fsynced) before anything depends on it, so after a kill -9
 * only a recipient whose end-of-data reply arrived just before the crash is sent again.
 */
public final class QueueRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueRunner.class);
    /** One line per delivery attempt and recipient (queue id, recipient, relay, delay, status, reply). */
    private static final Logger DELIVERY = LoggerFactory.getLogger("dev.tern.relay.delivery");

    private final QueueStore store;
    private final OutboundQueue queue;
    private final Router router;
    private final Transport transport;
    private final LocalDelivery local;
    private final SuppressionList suppression;
    private final SuppressionPolicy suppressionPolicy;
    private final RelaySettings settings;
    private final Clock clock;
    private final DsnWriter dsnWriter;

    private final ExecutorService workers;
    private final Object lock = new Object();
    /** Messages with a round in progress: id → parts still running. */
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    /** Per domain: groups waiting for a session. */
    private final Map<String, Deque<Group>> waiting = new LinkedHashMap<>();
    private final Map<String, Integer> activePerDomain = new HashMap<>();
    private int activeTotal;
    private volatile boolean running;
    private Thread scanner;
    private boolean wakeRequested;

    public QueueRunner(OutboundQueue queue, Router router, Transport transport, LocalDelivery local,
            SuppressionPolicy suppressionPolicy, RelaySettings settings, Clock clock) {
        this.queue = queue;
        this.store = queue.store();
        this.router = router;
        this.transport = transport;
        this.local = local == null ? LocalDelivery.NONE : local;
        this.suppression = queue.suppression();
        this.suppressionPolicy = suppressionPolicy;
        this.settings = settings;
        this.clock = clock;
        this.dsnWriter = new DsnWriter(settings.hostname(), settings.fullReturnLimit());
        this.workers = Executors.newFixedThreadPool(settings.maxConnections() + 2, r -> {
            Thread t = new Thread(r, "tern-relay-worker");
            t.setDaemon(true);
            return t;
        });
        queue.addListener(this::wake);
    }

    /** A recipient group of one message for one domain (or for local delivery, domain null). */
    private record Group(QueuedMessage message, String domain, List<Integer> recipients) {
    }

    /** Starts the scanning thread. */
    public void start() {
        running = true;
        scanner = new Thread(this::scanLoop, "tern-relay-scanner");
        scanner.setDaemon(true);
        scanner.start();
    }

    /** Makes the scanner look at the queue now rather than at the next interval. */
    public void wake() {
        synchronized (lock) {
            wakeRequested = true;
            lock.notifyAll();
        }
    }

    private void scanLoop() {
        while (running) {
            try {
                scanOnce();
            } catch (IOException | RuntimeException ex) {
                LOG.warn("queue scan failed: {}", ex.toString());
            }
            synchronized (lock) {
                if (!wakeRequested && running) {
                    try {
                        lock.wait(Math.max(1, settings.scanInterval().toMillis()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                wakeRequested = false;
            }
        }
    }

    /** One pass over the queue: starts a round for each due message not already in one. */
    public void scanOnce() throws IOException {
        Instant now = clock.instant();
        List<QueuedMessage> due = new ArrayList<>();
        for (String id : store.ids()) {
            if (!running && scanner != null) {
                return;
            }
            if (inFlight.containsKey(id)) {
                continue;
            }
            Optional<QueuedMessage> loaded = store.load(id);
            if (loaded.isEmpty()) {
                continue;
            }
            QueuedMessage m = loaded.get();
            if (m.held()) {
                continue;
            }
            if (m.open().isEmpty()) {
                // every recipient is final: a round ended (or crashed) before its reports were done
                finishRound(id);
                continue;
            }
            if (!m.nextAttempt().isAfter(now)) {
                due.add(m);
            }
        }
        // all due groups wait in their lines before any session starts, so that one session per
        // domain carries as many of them as the limits make it
        synchronized (lock) {
            for (QueuedMessage m : due) {
                startRound(m);
            }
            dispatch();
        }
    }

    /** Puts a message's groups in their lines. Caller holds {@link #lock} and calls {@link #dispatch} after. */
    private void startRound(QueuedMessage m) {
        Map<String, List<Integer>> byDomain = new LinkedHashMap<>();
        for (int i : m.open()) {
            QueuedRecipient r = m.recipients().get(i).recipient();
            String key = local.isLocal(r.recipient()) ? null : r.domain();
            byDomain.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        AtomicInteger parts = new AtomicInteger(byDomain.size());
        if (inFlight.putIfAbsent(m.id(), parts) != null) {
            return;
        }
        for (Map.Entry<String, List<Integer>> e : byDomain.entrySet()) {
            Group g = new Group(m, e.getKey(), e.getValue());
            if (e.getKey() == null) {
                workers.execute(() -> deliverLocal(g));
            } else {
                waiting.computeIfAbsent(e.getKey(), k -> new ArrayDeque<>()).add(g);
            }
        }
    }

    /** Starts sessions for waiting groups as the limits allow. Caller holds {@link #lock}. */
    private void dispatch() {
        for (Map.Entry<String, Deque<Group>> e : waiting.entrySet()) {
            String domain = e.getKey();
            int active = activePerDomain.getOrDefault(domain, 0);
            // no more sessions than waiting groups, within both limits
            int start = Math.min(settings.maxPerDomain() - active, e.getValue().size());
            for (int k = 0; k < start && activeTotal < settings.maxConnections(); k++) {
                activeTotal++;
                activePerDomain.merge(domain, 1, Integer::sum);
                workers.execute(() -> sessionLoop(domain));
            }
        }
        waiting.values().removeIf(Deque::isEmpty);
    }

    private Group nextGroup(String domain) {
        synchronized (lock) {
            Deque<Group> d = waiting.get(domain);
            return d == null ? null : d.poll();
        }
    }

    /** A worker: one session to the domain, used for its waiting groups one after another. */
    private void sessionLoop(String domain) {
        Transport.Session session = null;
        String relay = null;
        // once no hop of the domain could be reached, the rest of this line waits for the next
        // round instead of timing out once per message (Postfix calls such a destination "dead")
        TransportException down = null;
        try {
            Group g;
            while ((g = nextGroup(domain)) != null) {
                try {
                    if (session != null && !session.reusable()) {
                        session.close();
                        session = null;
                    }
                    if (down != null) {
                        if (down.ourSide()) {
                            deferAll(g, down.reply(), relay);
                        } else {
                            recordAll(g, down.reply(), relay);
                        }
                        continue;
                    }
                    if (session == null) {
                        Route route = router.route(domain);
                        if (route instanceof Route.Unroutable u) {
                            recordAll(g, u.reply(), null);
                            continue;
                        }
                        List<Hop> hops = ((Route.Hops) route).hops();
                        TransportException last = null;
                        for (Hop hop : hops) {
                            try {
                                session = transport.open(hop);
                                relay = hop.describe();
                                break;
                            } catch (TransportException ex) {
                                last = ex;
                                relay = hop.describe();
                                // a 5xx greeting refuses the mail outright; a 4xx or no answer tries the next MX
                                if (ex.reply().isPermanent()) {
                                    break;
                                }
                            }
                        }
                        if (session == null) {
                            if (last != null && !last.reply().isPermanent()) {
                                down = last;
                            }
                            if (last != null && last.ourSide()) {
                                deferAll(g, last.reply(), relay);
                            } else {
                                recordAll(g, last == null ? Replies.CLIENT_NO_ROUTE.format(domain, "no hop") : last.reply(), relay);
                            }
                            continue;
                        }
                    }
                    deliverGroup(session, relay, g);
                } catch (RuntimeException ex) {
                    LOG.error("{}: delivery to {} failed unexpectedly", g.message().id(), domain, ex);
                    recordAll(g, Replies.CLIENT_CONNECTION_LOST.format(domain, ex.toString()), relay);
                } finally {
                    partDone(g.message().id());
                }
            }
        } finally {
            if (session != null) {
                session.close();
            }
            synchronized (lock) {
                activeTotal--;
                activePerDomain.merge(domain, -1, Integer::sum);
                if (activePerDomain.get(domain) <= 0) {
                    activePerDomain.remove(domain);
                }
                dispatch();
            }
        }
    }

    /** Sends one group over the session (the transport splits it on 452 4.5.3) and records each outcome. */
    private void deliverGroup(Transport.Session session, String relay, Group g) {
        QueuedMessage m = g.message();
        List<QueuedRecipient> rcpts = g.recipients().stream().map(i -> m.recipients().get(i).recipient()).toList();
        TransactionResult result;
        try {
            result = session.send(m.envelope().sender(), m.envelope().mailParameters(), rcpts, () -> store.openContent(m.id()));
        } catch (TransportException ex) {
            if (ex.ourSide()) {
                deferAll(g, ex.reply(), relay);
            } else {
                recordAll(g, ex.reply(), relay);
            }
            return;
        }
        // one fsync for the whole transaction: the window for a duplicate after a crash is one write
        List<QueueEvent> events = new ArrayList<>();
        Instant now = clock.instant();
        for (int k = 0; k < g.recipients().size(); k++) {
            int i = g.recipients().get(k);
            Reply r = k < result.replies().size() ? result.replies().get(k)
                    : Replies.CLIENT_CONNECTION_LOST.format(relay, "no reply for this recipient");
            events.add(outcome(m, i, r, relay, now));
            if (r.isPositive() && session.dsnPassedOn()) {
                // the next hop took NOTIFY on; a success report is its job now (RFC 3461 §6.2.1)
                events.add(new QueueEvent.ReportQueued(now, ReportKind.DELIVERED, Set.of(i)));
            }
        }
        appendAll(m.id(), events);
    }

    private void deliverLocal(Group g) {
        QueuedMessage m = g.message();
        try {
            for (int i : g.recipients()) {
                ForwardPath to = m.recipients().get(i).recipient().recipient();
                Reply reply;
                try (InputStream in = store.openContent(m.id())) {
                    reply = local.deliver(m.envelope().sender(), to, in);
                } catch (IOException | RuntimeException ex) {
                    reply = Replies.CLIENT_LOCAL_DELIVERY_FAILED.format(to.address(), ex.toString());
                }
                record(m, i, reply, "local");
            }
        } finally {
            partDone(m.id());
        }
    }

    private void recordAll(Group g, Reply reply, String relay) {
        for (int i : g.recipients()) {
            record(g.message(), i, reply, relay);
        }
    }

    /** Records the reply as a deferral whatever its class (a problem of this host's setup). */
    private void deferAll(Group g, Reply reply, String relay) {
        Instant now = clock.instant();
        List<QueueEvent> events = new ArrayList<>();
        for (int i : g.recipients()) {
            QueueEvent.RecipientOutcome o = outcome(g.message(), i, reply, relay, now, RecipientStatus.DEFERRED);
            events.add(o);
        }
        appendAll(g.message().id(), events);
    }

    /** Records one recipient's outcome durably and writes the delivery log line. */
    private void record(QueuedMessage m, int i, Reply reply, String relay) {
        append(m.id(), outcome(m, i, reply, relay, clock.instant()));
    }

    /** The outcome event for a reply (classified per spec §3), with its delivery log line. */
    private QueueEvent.RecipientOutcome outcome(QueuedMessage m, int i, Reply reply, String relay, Instant now) {
        BounceType bounce = SuppressionPolicy.bounce(reply);
        return outcome(m, i, reply, relay, now, bounce == BounceType.NONE ? RecipientStatus.DELIVERED
                : bounce == BounceType.HARD ? RecipientStatus.FAILED : RecipientStatus.DEFERRED);
    }

    private QueueEvent.RecipientOutcome outcome(QueuedMessage m, int i, Reply reply, String relay, Instant now,
            RecipientStatus status) {
        Duration delay = Duration.between(m.envelope().arrival(), now);
        DELIVERY.info("{}: to=<{}>, relay={}, delay={}s, status={} ({})", m.id(),
                m.recipients().get(i).recipient().recipient().address(), relay == null ? "none" : relay,
                String.format(java.util.Locale.ROOT, "%.1f", delay.toMillis() / 1000.0),
                status == RecipientStatus.DELIVERED ? "sent" : status == RecipientStatus.FAILED ? "bounced" : "deferred", reply);
        return new QueueEvent.RecipientOutcome(now, i, status, relay, reply);
    }

    private void appendAll(String id, List<QueueEvent> events) {
        try {
            store.appendAll(id, events);
        } catch (IOException ex) {
            LOG.error("{}: cannot record {} outcomes: {}", id, events.size(), ex.toString());
        }
    }

    private void append(String id, QueueEvent e) {
        try {
            store.append(id, e);
        } catch (IOException ex) {
            // without a durable record the outcome will be attempted again: at least once
            LOG.error("{}: cannot record {}: {}", id, e, ex.toString());
        }
    }

    private void partDone(String id) {
        AtomicInteger parts = inFlight.get(id);
        if (parts != null && parts.decrementAndGet() == 0) {
            try {
                finishRound(id);
            } catch (IOException | RuntimeException ex) {
                LOG.error("{}: finishing the round failed: {}", id, ex.toString());
            } finally {
                inFlight.remove(id);
                wake();
            }
        }
    }

    /**
     * After a round: expire or reschedule open recipients, send the reports that are due, update
     * the suppression list, and remove the message when nothing is left to do.
     */
    void finishRound(String id) throws IOException {
        Optional<QueuedMessage> loaded = store.load(id);
        if (loaded.isEmpty()) {
            return;
        }
        QueuedMessage m = loaded.get();
        Instant now = clock.instant();
        Instant expiry = m.envelope().arrival().plus(settings.lifetime());
        if (!m.open().isEmpty()) {
            if (!now.isBefore(expiry)) {
                for (int i : m.open()) {
                    RecipientState s = m.recipients().get(i);
                    Reply last = s.lastReply() == null ? Replies.CLIENT_NO_ROUTE.format(s.recipient().domain(), "never tried")
                            : s.lastReply();
                    append(id, new QueueEvent.RecipientOutcome(now, i, RecipientStatus.FAILED, s.remoteMta(),
                            Replies.QUEUE_EXPIRED.format(human(settings.lifetime()), last)));
                    DELIVERY.info("{}: to=<{}>, relay=none, status=expired ({})", id, s.recipient().recipient().address(), last);
                }
            } else {
                Instant next = now.plus(settings.backoff(m.attempts() + 1));
                if (next.isAfter(expiry)) {
                    next = expiry;
                }
                append(id, new QueueEvent.AttemptDone(now, next));
            }
            m = store.load(id).orElse(null);
            if (m == null) {
                return;
            }
        }
        reportFailures(m, now);
        reportDelays(m, now, expiry);
        reportSuccesses(m, now);
        m = store.load(id).orElse(null);
        if (m != null && m.open().isEmpty() && allReported(m)) {
            store.remove(id);
            LOG.info("{}: removed", id);
        }
    }

    private static String human(Duration d) {
        return d.toDays() > 0 ? d.toDays() + " days" : d.toHours() > 0 ? d.toHours() + " hours" : d.toSeconds() + " seconds";
    }

    private boolean allReported(QueuedMessage m) {
        for (int i = 0; i < m.recipients().size(); i++) {
            RecipientStatus s = m.recipients().get(i).status();
            if (s == RecipientStatus.FAILED && !m.reported(ReportKind.FAILED, i)) {
                return false;
            }
            if (s == RecipientStatus.DELIVERED && notifies(m.recipients().get(i).recipient(), Notify.SUCCESS)
                    && !m.reported(ReportKind.DELIVERED, i)) {
                return false;
            }
        }
        return true;
    }

    /** NOTIFY (RFC 3461 §4.1): without NOTIFY, failures (and delays) are reported, successes not. */
    static boolean notifies(QueuedRecipient r, Notify what) {
        Set<Notify> n = r.params().notifyOn();
        if (n.isEmpty()) {
            return what == Notify.FAILURE || what == Notify.DELAY;
        }
        return n.contains(what);
    }

    private void reportFailures(QueuedMessage m, Instant now) {
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < m.recipients().size(); i++) {
            if (m.recipients().get(i).status() == RecipientStatus.FAILED && !m.reported(ReportKind.FAILED, i)) {
                fresh.add(i);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        for (int i : fresh) {
            suppress(m, i, now);
        }
        List<Integer> wanted = fresh.stream().filter(i -> notifies(m.recipients().get(i).recipient(), Notify.FAILURE)).toList();
        if (!wanted.isEmpty() && !sendReport(m, wanted, DsnRecipient.Action.FAILED, now, null)) {
            return; // not queued: tried again after the next round or scan
        }
        append(m.id(), new QueueEvent.ReportQueued(now, ReportKind.FAILED, Set.copyOf(fresh)));
    }

    private void reportDelays(QueuedMessage m, Instant now, Instant expiry) {
        if (settings.delayWarning() == null || now.isBefore(m.envelope().arrival().plus(settings.delayWarning()))) {
            return;
        }
        List<Integer> due = new ArrayList<>();
        for (int i : m.open()) {
            if (!m.reported(ReportKind.DELAYED, i) && notifies(m.recipients().get(i).recipient(), Notify.DELAY)) {
                due.add(i);
            }
        }
        if (!due.isEmpty() && sendReport(m, due, DsnRecipient.Action.DELAYED, now, expiry)) {
            append(m.id(), new QueueEvent.ReportQueued(now, ReportKind.DELAYED, Set.copyOf(due)));
        }
    }

    private void reportSuccesses(QueuedMessage m, Instant now) {
        List<Integer> due = new ArrayList<>();
        for (int i = 0; i < m.recipients().size(); i++) {
            if (m.recipients().get(i).status() == RecipientStatus.DELIVERED && !m.reported(ReportKind.DELIVERED, i)
                    && notifies(m.recipients().get(i).recipient(), Notify.SUCCESS)) {
                due.add(i);
            }
        }
        if (!due.isEmpty()) {
            // Tern delivered it itself ("delivered") or handed it to a host that does not do DSN ("relayed")
            if (sendReport(m, due, null, now, null)) {
                append(m.id(), new QueueEvent.ReportQueued(now, ReportKind.DELIVERED, Set.copyOf(due)));
            }
        }
    }

    private void suppress(QueuedMessage m, int i, Instant now) {
        if (suppression == null || m.envelope().kind() != MessageKind.MESSAGE) {
            return;
        }
        RecipientState s = m.recipients().get(i);
        Optional<Suppression> entry = suppressionPolicy.decide(s.recipient().recipient().address(), s.lastReply(), now);
        if (entry.isPresent()) {
            try {
                if (suppression.check(entry.get().address()).isPresent()) {
                    return; // keep the date of the first hard bounce
                }
                suppression.add(entry.get());
                LOG.info("{}: <{}> suppressed: {}", m.id(), entry.get().address(), entry.get().reason());
            } catch (IOException ex) {
                LOG.error("{}: cannot update the suppression list: {}", m.id(), ex.toString());
            }
        }
    }

    /**
     * Queues a DSN about these recipients; {@code action} null means delivered/relayed per
     * recipient. Returns false only when a report was due and could not be queued.
     */
    private boolean sendReport(QueuedMessage m, List<Integer> recipients, DsnRecipient.Action action, Instant now,
            Instant willRetryUntil) {
        Envelope env = m.envelope();
        String to;
        MessageKind kind;
        if (!env.sender().isNull()) {
            to = env.sender().address();
            kind = MessageKind.BOUNCE;
        } else if (env.kind() == MessageKind.BOUNCE && action == DsnRecipient.Action.FAILED) {
            // RFC 5321 §4.5.5 / RFC 3461 §6.2: never to <>; a failed bounce goes to the postmaster, once
            to = settings.postmaster();
            kind = MessageKind.DOUBLE_BOUNCE;
        } else {
            LOG.info("{}: no report sent ({} with null reverse path)", m.id(), action == null ? "success" : action.field());
            return true;
        }
        List<DsnRecipient> blocks = new ArrayList<>();
        for (int i : recipients) {
            RecipientState s = m.recipients().get(i);
            DsnRecipient.Action a = action != null ? action
                    : "local".equals(s.remoteMta()) ? DsnRecipient.Action.DELIVERED : DsnRecipient.Action.RELAYED;
            blocks.add(new DsnRecipient(s.recipient(), a, s.lastReply(), "local".equals(s.remoteMta()) ? null : s.remoteMta(),
                    s.lastAttempt(), willRetryUntil));
        }
        ForwardPath dest;
        try {
            dest = PathParser.parseForwardPath("<" + to + ">", true);
        } catch (ReplyException ex) {
            LOG.error("{}: cannot report to <{}>: {}", m.id(), to, ex.getMessage());
            return true; // an address that cannot be written as a path never will be
        }
        try {
            String dsnId = queue.enqueue(new Envelope(ReversePath.nullPath(), MailParameters.NONE,
                    List.of(QueuedRecipient.of(dest)), now, kind),
                    out -> dsnWriter.write(out, m.id(), env, m.size(), blocks, to, now, () -> store.openContent(m.id())));
            LOG.info("{}: {} report to <{}> queued as {}", m.id(), action == null ? "success" : action.field(), to, dsnId);
            return true;
        } catch (IOException ex) {
            LOG.error("{}: cannot queue the report: {}", m.id(), ex.toString());
            return false;
        }
    }

    /** Stops scanning and waits (bounded) for sessions in progress. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        wake();
        if (scanner != null) {
            scanner.join(5000);
        }
        workers.shutdown();
        workers.awaitTermination(30, TimeUnit.SECONDS);
        workers.shutdownNow();
    }

    /** Whether no round is in progress (for tests and orderly shutdown). */
    public boolean idle() {
        return inFlight.isEmpty();
    }
}
