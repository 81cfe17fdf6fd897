package dev.tern.relay.deliver;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.reply.Reply;
import java.io.IOException;
import java.io.InputStream;

/**
 * The hook for recipients this host keeps itself (a DSN back to a local sender, for one): the
 * app wiring fills it with the Maildir store. The queue calls it instead of SMTP for recipients
 * it claims.
 */
public interface LocalDelivery {

    /** Whether this recipient is delivered here. */
    boolean isLocal(ForwardPath recipient);

    /**
     * Stores the message for the recipient. Returns the outcome as a reply: 2xx stored, 4xx try
     * again later, 5xx permanent failure (e.g. 550 5.1.1 for a local user that does not exist).
     *
     * @throws IOException for a failure to be retried later
     */
    Reply deliver(ReversePath sender, ForwardPath recipient, InputStream content) throws IOException;

    /** No local recipients at all. */
    LocalDelivery NONE = new LocalDelivery() {
        @Override
        public boolean isLocal(ForwardPath recipient) {
            return false;
        }

        @Override
        public Reply deliver(ReversePath sender, ForwardPath recipient, InputStream content) {
            throw new IllegalStateException("no local delivery configured");
        }
    };
}
