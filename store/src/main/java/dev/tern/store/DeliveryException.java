package dev.tern.store;

import dev.tern.protocol.reply.Reply;
import dev.tern.protocol.reply.ReplyException;

/** A local delivery that did not happen; {@link #reply()} is what the server answers. */
public final class DeliveryException extends ReplyException {
    private static final long serialVersionUID = 1L;

    /** Why the delivery failed. */
    public enum Reason {
        /** The mailbox would exceed its quota (552 5.2.2, or 452 4.2.2 when quotas are soft). */
        OVER_QUOTA,
        /** Free disk space is below the configured floor (452 4.3.1). */
        NO_ROOM,
        /** Reading the message or writing, syncing or renaming a file failed (451 4.3.0). */
        IO_ERROR
    }

    private final Reason reason;
    private final String mailbox;

    public DeliveryException(Reason reason, String mailbox, Reply reply, Throwable cause) {
        super(reply, cause);
        this.reason = reason;
        this.mailbox = mailbox;
    }

    public Reason reason() {
        return reason;
    }

    /** The mailbox concerned, or null when the failure is not about one mailbox. */
    public String mailbox() {
        return mailbox;
    }
}
