package dev.tern.relay.queue;

import dev.tern.protocol.reply.Reply;
import java.time.Instant;
import java.util.Set;

/**
 * One line of a message's event log. The log is append-only and each append is fsynced before
 * the writer moves on, so the state of a message after a crash is the envelope plus every event
 * that made it to disk.
 */
public sealed interface QueueEvent {

    Instant time();

    /** The outcome of one attempt for one recipient (by its index in the envelope). */
    record RecipientOutcome(Instant time, int recipient, RecipientStatus status, String remoteMta, Reply reply)
            implements QueueEvent {
    }

    /** An attempt round is over; the next one is due at {@code next}. */
    record AttemptDone(Instant time, Instant next) implements QueueEvent {
    }

    /** The operator asked for an attempt now ({@code tern queue retry}). */
    record RetryNow(Instant time) implements QueueEvent {
    }

    /** The operator put the message on hold: no attempts until released. */
    record Hold(Instant time) implements QueueEvent {
    }

    record Release(Instant time) implements QueueEvent {
    }

    /** A report of the given kind was queued for these recipients. */
    record ReportQueued(Instant time, ReportKind kind, Set<Integer> recipients) implements QueueEvent {
    }

    /** The kinds of delivery status notification (RFC 3464 §2.3.3 actions Tern reports). */
    enum ReportKind {
        FAILED, DELAYED, DELIVERED
    }
}
