package dev.tern.relay.deliver;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.Mailbox;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import dev.tern.store.DeliveryException;
import dev.tern.store.MaildirStore;
import dev.tern.store.Recipient;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link LocalDelivery} into Tern's Maildir store. The caller says which recipients are local and
 * which mailbox each goes to (the server's directory knows users and aliases); a recipient the
 * mapping does not know fails with 550 5.1.1.
 */
public final class MaildirLocalDelivery implements LocalDelivery {

    private final MaildirStore store;
    private final Function<ForwardPath, Boolean> isLocal;
    private final Function<ForwardPath, Optional<Recipient>> mailbox;

    /**
     * @param isLocal whether the recipient's domain is served here
     * @param mailbox the mailbox (and quota) for a local recipient, empty when there is none
     */
    public MaildirLocalDelivery(MaildirStore store, Function<ForwardPath, Boolean> isLocal,
            Function<ForwardPath, Optional<Recipient>> mailbox) {
        this.store = store;
        this.isLocal = isLocal;
        this.mailbox = mailbox;
    }

    @Override
    public boolean isLocal(ForwardPath recipient) {
        return isLocal.apply(recipient);
    }

    @Override
    public Reply deliver(ReversePath sender, ForwardPath recipient, InputStream content) {
        Optional<Recipient> box = mailbox.apply(recipient);
        if (box.isEmpty()) {
            return Replies.RCPT_UNKNOWN_USER.format(recipient.address());
        }
        try {
            store.deliver(List.of(box.get()), sender.address(), content);
            return Replies.DATA_STORED.format(box.get().mailbox());
        } catch (DeliveryException e) {
            return e.reply();
        }
    }

    /** The local part in lower case, for a store whose mailboxes are named that way. */
    public static Optional<Recipient> byLocalPart(ForwardPath recipient) {
        return Optional.of(Recipient.unlimited(recipient.mailbox().map(Mailbox::localPart).orElse("postmaster")
                .toLowerCase(java.util.Locale.ROOT)));
    }
}
