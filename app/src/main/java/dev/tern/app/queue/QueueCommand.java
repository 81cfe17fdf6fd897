package dev.tern.app.queue;

import dev.tern.app.config.ConfigException;
import dev.tern.protocol.reply.Reply;
import dev.tern.relay.queue.FileQueueStore;
import dev.tern.relay.queue.QueueEvent;
import dev.tern.relay.queue.QueuedMessage;
import dev.tern.relay.queue.QueuedRecipient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tern queue list|show|retry|delete|hold|release}: looks at and changes the outbound queue.
 * Safe while the server runs: every change is one locked, fsynced append to the message's event
 * log (retry, hold, release) or the removal of its envelope (delete); the running queue picks the
 * change up at its next scan.
 */
@Command(name = "queue",
        description = "Show and manage the outbound queue (works while the server runs).",
        mixinStandardHelpOptions = true,
        subcommands = {QueueCommand.ListQueue.class, QueueCommand.Show.class, QueueCommand.Retry.class,
                QueueCommand.Delete.class, QueueCommand.Hold.class, QueueCommand.Release.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:no such message, or the queue cannot be read", "2:usage error"})
public final class QueueCommand implements Runnable {

    static final int EXIT_FAILED = 1;
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static FileQueueStore open(QueueOptions o) throws ConfigException, IOException {
        return new FileQueueStore(o.queue());
    }

    abstract static class Sub implements Callable<Integer> {
        @Mixin
        QueueOptions options;

        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        @Override
        public Integer call() {
            try {
                if (!java.nio.file.Files.isDirectory(options.queue())) {
                    // do not create a queue just to look at it
                    if (this instanceof ListQueue) {
                        out().println("Mail queue is empty (no queue at " + options.queue() + ")");
                        return 0;
                    }
                    err().println("tern queue: no queue at " + options.queue());
                    return EXIT_FAILED;
                }
                return run(open(options));
            } catch (ConfigException | IOException e) {
                err().println("tern queue: " + e.getMessage());
                return EXIT_FAILED;
            }
        }

        abstract int run(FileQueueStore store) throws IOException;

        int noSuch(String id) {
            err().println("tern queue: no message " + id + " in the queue");
            return EXIT_FAILED;
        }
    }

    @Command(name = "list", description = "List queued messages: id, size, arrival, sender, open recipients, last reply, "
            + "next attempt. A ! after the id marks a held message.")
    static final class ListQueue extends Sub {
        @Override
        int run(FileQueueStore store) throws IOException {
            PrintWriter out = out();
            List<QueuedMessage> all = new ArrayList<>();
            for (String id : store.ids()) {
                store.load(id).ifPresent(all::add);
            }
            if (all.isEmpty()) {
                out.println("Mail queue is empty");
                return 0;
            }
            out.printf(Locale.ROOT, "%-20s %9s  %-20s  %s%n", "-Queue ID-", "--Size--", "----Arrival Time----",
                    "-Sender/Recipient-------");
            long total = 0;
            for (QueuedMessage m : all) {
                total += m.size();
                String sender = m.envelope().sender().isNull() ? "MAILER-DAEMON" : m.envelope().sender().address();
                out.printf(Locale.ROOT, "%-20s %9d  %-20s  %s%n", m.id() + (m.held() ? "!" : ""), m.size(),
                        TIME.format(m.envelope().arrival()), sender);
                Reply last = m.lastOpenReply();
                if (last != null) {
                    out.println("    (" + last + ")");
                }
                for (int i : m.open()) {
                    out.printf(Locale.ROOT, "%54s%s%n", "", m.recipients().get(i).recipient().recipient().address());
                }
                out.printf(Locale.ROOT, "%54snext attempt %s%s%n", "", m.held() ? "on hold" : TIME.format(m.nextAttempt()),
                        m.attempts() > 0 ? " (" + m.attempts() + " attempts so far)" : "");
                out.println();
            }
            out.printf(Locale.ROOT, "-- %d Kbytes in %d Request%s.%n", (total + 1023) / 1024, all.size(), all.size() == 1 ? "" : "s");
            return 0;
        }
    }

    @Command(name = "show", description = "Show one message: envelope, each recipient's state and last reply, and its header.")
    static final class Show extends Sub {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(FileQueueStore store) throws IOException {
            Optional<QueuedMessage> loaded = store.load(id);
            if (loaded.isEmpty()) {
                return noSuch(id);
            }
            QueuedMessage m = loaded.get();
            PrintWriter out = out();
            out.println("Queue ID:     " + m.id() + (m.held() ? " (on hold)" : ""));
            out.println("Kind:         " + m.envelope().kind().name().toLowerCase(Locale.ROOT));
            out.println("Sender:       " + m.envelope().sender());
            String params = m.envelope().mailParameters().toWire();
            if (!params.isEmpty()) {
                out.println("Parameters:   " + params);
            }
            out.println("Size:         " + m.size());
            out.println("Arrival:      " + TIME.format(m.envelope().arrival()));
            out.println("Attempts:     " + m.attempts());
            out.println("Next attempt: " + (m.held() ? "on hold" : TIME.format(m.nextAttempt())));
            out.println("Recipients:");
            for (QueuedMessage.RecipientState r : m.recipients()) {
                QueuedRecipient q = r.recipient();
                String p = q.params().toWire();
                out.println("  " + q.recipient() + (p.isEmpty() ? "" : " " + p) + "  " + r.status().name().toLowerCase(Locale.ROOT)
                        + (r.lastAttempt() == null ? "" : " at " + TIME.format(r.lastAttempt()))
                        + (r.remoteMta() == null ? "" : " via " + r.remoteMta()));
                if (r.lastReply() != null) {
                    out.println("    " + r.lastReply());
                }
            }
            List<QueueEvent> events = store.events(id);
            if (!events.isEmpty()) {
                out.println("History:");
                for (QueueEvent e : events) {
                    out.println("  " + TIME.format(e.time()) + "  " + describe(m, e));
                }
            }
            out.println("Header:");
            try (BufferedReader in = new BufferedReader(new InputStreamReader(store.openContent(id), StandardCharsets.UTF_8))) {
                String line;
                for (int n = 0; n < 200 && (line = in.readLine()) != null && !line.isEmpty(); n++) {
                    out.println("  " + line);
                }
            }
            return 0;
        }
    }

    /** One line of history for people. */
    static String describe(QueuedMessage m, QueueEvent e) {
        if (e instanceof QueueEvent.RecipientOutcome o) {
            String who = o.recipient() < m.recipients().size()
                    ? m.recipients().get(o.recipient()).recipient().recipient().toString() : "#" + o.recipient();
            return who + " " + o.status().name().toLowerCase(Locale.ROOT) + (o.remoteMta() == null ? "" : " via " + o.remoteMta())
                    + (o.reply() == null ? "" : ": " + o.reply());
        } else if (e instanceof QueueEvent.AttemptDone d) {
            return "attempt over, next at " + TIME.format(d.next());
        } else if (e instanceof QueueEvent.RetryNow) {
            return "retry requested";
        } else if (e instanceof QueueEvent.Hold) {
            return "put on hold";
        } else if (e instanceof QueueEvent.Release) {
            return "released";
        } else if (e instanceof QueueEvent.ReportQueued q) {
            return q.kind().name().toLowerCase(Locale.ROOT) + " report queued for " + q.recipients().size() + " recipient"
                    + (q.recipients().size() == 1 ? "" : "s");
        }
        return e.toString();
    }

    /** One id or --all. */
    static final class Which {
        @Parameters(paramLabel = "ID", arity = "1")
        String id;

        @Option(names = "--all", required = true, description = "Every message in the queue.")
        boolean all;
    }

    @Command(name = "retry", description = "Attempt delivery now (at the running queue's next scan).")
    static final class Retry extends Sub {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        @Override
        int run(FileQueueStore store) throws IOException {
            List<String> ids = which.all ? store.ids() : List.of(which.id);
            int done = 0;
            for (String id : ids) {
                if (store.append(id, new QueueEvent.RetryNow(Instant.now()))) {
                    done++;
                } else if (!which.all) {
                    return noSuch(id);
                }
            }
            out().println(done + " message" + (done == 1 ? "" : "s") + " scheduled for immediate delivery");
            return 0;
        }
    }

    @Command(name = "delete", description = "Remove a message from the queue without delivering it or telling the sender.")
    static final class Delete extends Sub {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(FileQueueStore store) throws IOException {
            if (!store.remove(id)) {
                return noSuch(id);
            }
            out().println(id + ": deleted");
            return 0;
        }
    }

    @Command(name = "hold", description = "Keep a message in the queue without attempting delivery until released.")
    static final class Hold extends Sub {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(FileQueueStore store) throws IOException {
            if (!store.append(id, new QueueEvent.Hold(Instant.now()))) {
                return noSuch(id);
            }
            out().println(id + ": on hold");
            return 0;
        }
    }

    @Command(name = "release", description = "Release a held message; it is attempted at once.")
    static final class Release extends Sub {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(FileQueueStore store) throws IOException {
            Instant now = Instant.now();
            if (!store.append(id, new QueueEvent.Release(now))) {
                return noSuch(id);
            }
            store.append(id, new QueueEvent.RetryNow(now));
            out().println(id + ": released");
            return 0;
        }
    }

}
