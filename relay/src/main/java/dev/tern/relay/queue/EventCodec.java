package dev.tern.relay.queue;

import dev.tern.protocol.reply.EnhancedCode;
import dev.tern.protocol.reply.Reply;
import dev.tern.relay.queue.QueueEvent.ReportKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The text form of one event: fields separated by TAB, the first the time in epoch milliseconds,
 * the second the event name, the last a lone {@code .}; TAB, CR, LF and {@code %} inside a field
 * are percent-escaped. See docs/relay.md.
 */
final class EventCodec {

    private EventCodec() {
    }

    static String encode(QueueEvent e) {
        List<String> f = new ArrayList<>();
        f.add(Long.toString(e.time().toEpochMilli()));
        if (e instanceof QueueEvent.RecipientOutcome o) {
            f.add("rcpt");
            f.add(Integer.toString(o.recipient()));
            f.add(o.status().name().toLowerCase(java.util.Locale.ROOT));
            f.add(o.remoteMta() == null ? "" : o.remoteMta());
            f.add(o.reply() == null ? "" : Integer.toString(o.reply().code()));
            f.add(o.reply() == null || o.reply().enhanced() == null ? "" : o.reply().enhanced().toString());
            f.add(o.reply() == null ? "" : String.join("\n", o.reply().lines()));
        } else if (e instanceof QueueEvent.AttemptDone d) {
            f.add("attempt");
            f.add(Long.toString(d.next().toEpochMilli()));
        } else if (e instanceof QueueEvent.RetryNow) {
            f.add("retry");
        } else if (e instanceof QueueEvent.Hold) {
            f.add("hold");
        } else if (e instanceof QueueEvent.Release) {
            f.add("release");
        } else if (e instanceof QueueEvent.ReportQueued q) {
            f.add("report");
            f.add(q.kind().name().toLowerCase(java.util.Locale.ROOT));
            f.add(new TreeSet<>(q.recipients()).stream().map(String::valueOf).collect(Collectors.joining(",")));
        } else {
            throw new IllegalArgumentException("unknown event " + e);
        }
        f.add(END);
        return f.stream().map(EventCodec::escape).collect(Collectors.joining("\t"));
    }

    /**
     * The last field of every line. With the exact field count per event it tells a complete line
     * from a prefix that a crash left behind: a torn line never reads as a different event.
     */
    static final String END = ".";

    private static int fields(String name) {
        return switch (name) {
            case "rcpt" -> 9;
            case "attempt" -> 4;
            case "report" -> 5;
            case "retry", "hold", "release" -> 3;
            default -> -1;
        };
    }

    /** Parses one line; empty for a line that is torn or unknown (a crash mid-append leaves one). */
    static Optional<QueueEvent> decode(String line) {
        try {
            String[] f = line.split("\t", -1);
            if (f.length < 3 || f.length != fields(f[1]) || !f[f.length - 1].equals(END)) {
                return Optional.empty();
            }
            for (int i = 0; i < f.length; i++) {
                f[i] = unescape(f[i]);
            }
            Instant t = Instant.ofEpochMilli(Long.parseLong(f[0]));
            switch (f[1]) {
                case "rcpt": {
                    Reply reply = null;
                    if (!f[5].isEmpty()) {
                        EnhancedCode enh = f[6].isEmpty() ? null : EnhancedCode.parse(f[6]);
                        reply = new Reply(Integer.parseInt(f[5]), enh, Arrays.asList(f[7].split("\n", -1)));
                    }
                    RecipientStatus st = RecipientStatus.valueOf(f[3].toUpperCase(java.util.Locale.ROOT));
                    return Optional.of(new QueueEvent.RecipientOutcome(t, Integer.parseInt(f[2]), st,
                            f[4].isEmpty() ? null : f[4], reply));
                }
                case "attempt":
                    return Optional.of(new QueueEvent.AttemptDone(t, Instant.ofEpochMilli(Long.parseLong(f[2]))));
                case "retry":
                    return Optional.of(new QueueEvent.RetryNow(t));
                case "hold":
                    return Optional.of(new QueueEvent.Hold(t));
                case "release":
                    return Optional.of(new QueueEvent.Release(t));
                case "report": {
                    ReportKind k = ReportKind.valueOf(f[2].toUpperCase(java.util.Locale.ROOT));
                    Set<Integer> idx = f[3].isEmpty() ? Set.of()
                            : Arrays.stream(f[3].split(",")).map(Integer::valueOf).collect(Collectors.toSet());
                    return Optional.of(new QueueEvent.ReportQueued(t, k, idx));
                }
                default:
                    return Optional.empty();
            }
        } catch (RuntimeException ex) {
            return Optional.empty();
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '%' -> b.append("%25");
                case '\t' -> b.append("%09");
                case '\n' -> b.append("%0A");
                case '\r' -> b.append("%0D");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '%') {
                throw new IllegalArgumentException("torn escape");
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
