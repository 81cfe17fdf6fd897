package dev.tern.app.send;

import dev.tern.client.Envelope;
import dev.tern.client.MessageSource;
import dev.tern.client.MxHost;
import dev.tern.client.RecipientResult;
import dev.tern.client.RecipientStatus;
import dev.tern.client.Route;
import dev.tern.client.SmtpClient;
import dev.tern.client.SmtpConnectException;
import dev.tern.client.SmtpSession;
import dev.tern.client.TransactionResult;
import dev.tern.protocol.reply.Reply;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load mode of {@code tern send}: N messages over C connections, each connection reused for its
 * share (RSET between messages) and reopened when the server closes it. Shows a progress bar on
 * standard error and a summary: messages per second and the final replies by code.
 */
final class LoadRun {

    private final SmtpClient client;
    private final SendCommand.HostPort server;
    private final String mxDomain;
    private final Envelope envelope;
    private final MessageSource message;
    private final int count;
    private final int concurrency;

    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Map<String, LongAdder> replies = new ConcurrentHashMap<>();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder soft = new LongAdder();
    private final LongAdder hard = new LongAdder();

    LoadRun(SmtpClient client, SendCommand.HostPort server, String mxDomain, Envelope envelope, MessageSource message,
            int count, int concurrency) {
        this.client = client;
        this.server = server;
        this.mxDomain = mxDomain;
        this.envelope = envelope;
        this.message = message;
        this.count = count;
        this.concurrency = Math.min(concurrency, count);
    }

    int run(PrintWriter out, PrintWriter err, boolean quiet, boolean json) throws InterruptedException {
        long start = System.nanoTime();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tern-send-progress");
            t.setDaemon(true);
            return t;
        });
        boolean bar = !quiet && !json;
        if (bar) {
            progress.scheduleAtFixedRate(() -> drawBar(err, start), 200, 200, TimeUnit.MILLISECONDS);
        }
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            Thread t = new Thread(this::work, "tern-send-" + w);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        progress.shutdownNow();
        progress.awaitTermination(1, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (bar) {
            drawBar(err, start);
            err.println();
            err.flush();
        }
        int exit = hard.sum() > 0 ? SendCommand.EXIT_HARD : soft.sum() > 0 ? SendCommand.EXIT_SOFT : SendCommand.EXIT_OK;
        Map<String, Long> byCode = new TreeMap<>();
        replies.forEach((k, v) -> byCode.put(k, v.sum()));
        double rate = count / Math.max(seconds, 1e-9);
        if (json) {
            Map<String, Object> o = JsonOut.object();
            o.put("messages", count);
            o.put("recipientsPerMessage", envelope.recipients().size());
            o.put("connections", connections.get());
            o.put("concurrency", concurrency);
            o.put("seconds", Math.round(seconds * 1000) / 1000.0);
            o.put("messagesPerSecond", Math.round(rate * 10) / 10.0);
            o.put("accepted", accepted.sum());
            o.put("softFailures", soft.sum());
            o.put("hardFailures", hard.sum());
            Map<String, Object> codes = JsonOut.object();
            byCode.forEach(codes::put);
            o.put("replies", codes);
            o.put("exitCode", exit);
            out.println(JsonOut.write(o));
        } else {
            out.printf(Locale.ROOT, "messages:   %d sent over %d connection(s) in %.3f s: %.1f messages/s%n",
                    count, connections.get(), seconds, rate);
            out.printf(Locale.ROOT, "recipients: %d accepted, %d soft failures, %d hard failures%n",
                    accepted.sum(), soft.sum(), hard.sum());
            out.println("final replies by code:");
            byCode.forEach((code, n) -> out.printf(Locale.ROOT, "  %-10s %8d  %s%n", code, n,
                    ReplyExplainer.explain(Reply.of(Integer.parseInt(code.substring(0, 3)),
                            code.length() > 4 ? code.substring(4) : null, ""))));
        }
        out.flush();
        return exit;
    }

    private void drawBar(PrintWriter err, long start) {
        int d = done.get();
        int width = 30;
        int filled = (int) ((long) d * width / count);
        double seconds = (System.nanoTime() - start) / 1e9;
        err.printf(Locale.ROOT, "\r[%s%s] %d/%d  %.1f messages/s ", "#".repeat(filled), " ".repeat(width - filled), d, count,
                d / Math.max(seconds, 1e-9));
        err.flush();
    }

    private void work() {
        SmtpSession session = null;
        try {
            int i;
            while ((i = next.getAndIncrement()) < count) {
                if (session == null || !session.isOpen()) {
                    try {
                        session = connect();
                        connections.incrementAndGet();
                    } catch (SmtpConnectException e) {
                        for (int r = 0; r < envelope.recipients().size(); r++) {
                            tally(e.reply());
                        }
                        done.incrementAndGet();
                        continue;
                    }
                }
                TransactionResult r = session.send(envelope, message);
                for (RecipientResult rr : r.recipients()) {
                    tally(rr.reply());
                }
                done.incrementAndGet();
            }
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    private void tally(Reply reply) {
        replies.computeIfAbsent(reply.code() + (reply.enhanced() == null ? "" : " " + reply.enhanced()), k -> new LongAdder())
                .increment();
        RecipientStatus s = RecipientStatus.ofCode(reply.code());
        (s == RecipientStatus.ACCEPTED ? accepted : s == RecipientStatus.SOFT_FAILURE ? soft : hard).increment();
    }

    private SmtpSession connect() throws SmtpConnectException {
        if (server != null) {
            return client.connect(server.host(), server.port());
        }
        Route route = client.mxResolver().resolve(mxDomain);
        if (!route.deliverable()) {
            throw new SmtpConnectException(dev.tern.client.Stage.ROUTE, route.failure(), true, List.of());
        }
        SmtpConnectException last = null;
        for (MxHost h : route.hosts()) {
            for (InetAddress a : h.addresses()) {
                try {
                    return client.connect(h.name(), a, client.config().mxPort());
                } catch (SmtpConnectException e) {
                    last = e;
                }
            }
        }
        if (last != null) {
            throw last;
        }
        throw new SmtpConnectException(dev.tern.client.Stage.ROUTE,
                dev.tern.protocol.reply.Replies.CLIENT_NO_ADDRESS.format(mxDomain), true, List.of());
    }
}
