package dev.tern.relay.queue;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.params.RcptParameters;
import java.util.Objects;

/** One recipient handed to the queue: its forward path and its RCPT parameters (NOTIFY, ORCPT). */
public record QueuedRecipient(ForwardPath recipient, RcptParameters params) {

    public QueuedRecipient {
        Objects.requireNonNull(recipient, "recipient");
        params = params == null ? RcptParameters.NONE : params;
    }

    public static QueuedRecipient of(ForwardPath recipient) {
        return new QueuedRecipient(recipient, RcptParameters.NONE);
    }

    /** The recipient's domain, lower case, or {@code ""} for the bare postmaster. */
    public String domain() {
        return recipient.mailbox().map(m -> m.domainKey()).orElse("");
    }
}
