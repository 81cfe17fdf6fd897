package dev.tern.relay.queue;

import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the queue keeps beside the message content: the reverse path with its MAIL parameters
 * (RET, ENVID, BODY, SMTPUTF8), the recipients with theirs, the arrival time and the kind.
 * Written once at enqueue and never changed; progress goes to the event log.
 */
public record Envelope(ReversePath sender, MailParameters mailParameters, List<QueuedRecipient> recipients,
        Instant arrival, MessageKind kind) {

    public Envelope {
        Objects.requireNonNull(sender, "sender");
        mailParameters = mailParameters == null ? MailParameters.NONE : mailParameters;
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a queued message needs at least one recipient");
        }
        Objects.requireNonNull(arrival, "arrival");
        Objects.requireNonNull(kind, "kind");
    }
}
