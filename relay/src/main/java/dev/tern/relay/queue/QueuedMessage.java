package dev.tern.relay.queue;

import dev.tern.protocol.reply.Reply;
import dev.tern.relay.queue.QueueEvent.ReportKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A queued message as read back from the store: the envelope, the content size and the state
 * that the event log gives. Immutable snapshot; {@link #apply} builds the next one.
 */
public final class QueuedMessage {

    /** Per recipient: status, the last reply and where it came from, when it was last tried. */
    public record RecipientState(QueuedRecipient recipient, RecipientStatus status, Reply lastReply, String remoteMta,
            Instant lastAttempt) {
    }

    private final String id;
    private final Envelope envelope;
    private final long size;
    private final List<RecipientState> recipients;
    private final int attempts;
    private final Instant nextAttempt;
    private final boolean held;
    private final Map<ReportKind, Set<Integer>> reported;

    private QueuedMessage(String id, Envelope envelope, long size, List<RecipientState> recipients, int attempts,
            Instant nextAttempt, boolean held, Map<ReportKind, Set<Integer>> reported) {
        this.id = id;
        this.envelope = envelope;
        this.size = size;
        this.recipients = List.copyOf(recipients);
        this.attempts = attempts;
        this.nextAttempt = nextAttempt;
        this.held = held;
        this.reported = reported;
    }

    /** A freshly queued message: every recipient pending, first attempt due at arrival. */
    public static QueuedMessage fresh(String id, Envelope envelope, long size) {
        List<RecipientState> states = new ArrayList<>();
        for (QueuedRecipient r : envelope.recipients()) {
            states.add(new RecipientState(r, RecipientStatus.PENDING, null, null, null));
        }
        return new QueuedMessage(id, envelope, size, states, 0, envelope.arrival(), false, new EnumMap<>(ReportKind.class));
    }

    /** The state after one more event. */
    public QueuedMessage apply(QueueEvent event) {
        List<RecipientState> rs = recipients;
        int att = attempts;
        Instant next = nextAttempt;
        boolean h = held;
        Map<ReportKind, Set<Integer>> rep = reported;
        if (event instanceof QueueEvent.RecipientOutcome o) {
            if (o.recipient() < 0 || o.recipient() >= recipients.size()) {
                return this;
            }
            RecipientState old = recipients.get(o.recipient());
            if (old.status().isFinal()) {
                return this; // a final outcome is never undone
            }
            rs = new ArrayList<>(recipients);
            rs.set(o.recipient(), new RecipientState(old.recipient(), o.status(), o.reply(), o.remoteMta(), o.time()));
        } else if (event instanceof QueueEvent.AttemptDone d) {
            att++;
            next = d.next();
        } else if (event instanceof QueueEvent.RetryNow r) {
            next = r.time();
        } else if (event instanceof QueueEvent.Hold) {
            h = true;
        } else if (event instanceof QueueEvent.Release) {
            h = false;
        } else if (event instanceof QueueEvent.ReportQueued q) {
            rep = new EnumMap<>(ReportKind.class);
            rep.putAll(reported);
            Set<Integer> s = new HashSet<>(rep.getOrDefault(q.kind(), Set.of()));
            s.addAll(q.recipients());
            rep.put(q.kind(), Set.copyOf(s));
        }
        return new QueuedMessage(id, envelope, size, rs, att, next, h, rep);
    }

    public String id() {
        return id;
    }

    public Envelope envelope() {
        return envelope;
    }

    /** Content size in octets. */
    public long size() {
        return size;
    }

    public List<RecipientState> recipients() {
        return recipients;
    }

    /** Completed attempt rounds. */
    public int attempts() {
        return attempts;
    }

    public Instant nextAttempt() {
        return nextAttempt;
    }

    public boolean held() {
        return held;
    }

    /** Whether a report of this kind was already queued for that recipient. */
    public boolean reported(ReportKind kind, int recipient) {
        return reported.getOrDefault(kind, Set.of()).contains(recipient);
    }

    /** Indices of recipients not yet final. */
    public List<Integer> open() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            if (!recipients.get(i).status().isFinal()) {
                out.add(i);
            }
        }
        return out;
    }

    /** The most recent reply of any recipient still open, for listings. */
    public Reply lastOpenReply() {
        Reply last = null;
        Instant when = Instant.MIN;
        for (RecipientState r : recipients) {
            if (!r.status().isFinal() && r.lastReply() != null && r.lastAttempt() != null && !r.lastAttempt().isBefore(when)) {
                last = r.lastReply();
                when = r.lastAttempt();
            }
        }
        return last;
    }
}
