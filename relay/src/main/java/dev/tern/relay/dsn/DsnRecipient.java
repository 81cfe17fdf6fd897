package dev.tern.relay.dsn;

import dev.tern.protocol.reply.Reply;
import dev.tern.relay.queue.QueuedRecipient;
import java.time.Instant;
import java.util.Objects;

/**
 * One per-recipient block of a delivery status notification (RFC 3464 §2.3).
 *
 * @param reply          the last reply for this recipient (becomes Status and Diagnostic-Code), or null
 * @param remoteMta      the host that gave the reply, or null
 * @param lastAttempt    when it was last tried, or null
 * @param willRetryUntil for {@link Action#DELAYED}: when the queue gives up; else null
 */
public record DsnRecipient(QueuedRecipient recipient, Action action, Reply reply, String remoteMta, Instant lastAttempt,
        Instant willRetryUntil) {

    /** The Action field values (RFC 3464 §2.3.3). */
    public enum Action {
        FAILED, DELAYED, DELIVERED, RELAYED, EXPANDED;

        public String field() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public DsnRecipient {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(action, "action");
    }

    /**
     * The Status field: the reply's enhanced code; without one, the class with 0.0 (RFC 3463 §3.1);
     * for a delivery without a reply, 2.0.0.
     */
    public String status() {
        if (reply != null && reply.enhanced() != null) {
            return reply.enhanced().toString();
        }
        int klass = reply == null ? (action == Action.FAILED ? 5 : action == Action.DELAYED ? 4 : 2) : reply.replyClass();
        if (klass != 2 && klass != 4 && klass != 5) {
            klass = 5;
        }
        return klass + ".0.0";
    }
}
