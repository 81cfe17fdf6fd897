package dev.tern.relay.deliver;

import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.reply.Reply;
import dev.tern.relay.queue.QueuedRecipient;
import dev.tern.relay.route.Hop;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * How the relay speaks SMTP to a next hop. {@link ClientTransport} implements it with Tern's
 * client library; the relay's scheduler only sees replies.
 */
public interface Transport {

    /** Opens a session: connect, greeting, EHLO (STARTTLS, AUTH as the hop asks). */
    Session open(Hop hop) throws TransportException;

    /** Source of the message content; each call gives a fresh stream from the start. */
    @FunctionalInterface
    interface Content {
        InputStream open() throws IOException;
    }

    /** One SMTP session to a hop; several transactions may run on it, one after another. */
    interface Session extends AutoCloseable {

        /**
         * Sends one message to these recipients and gives each recipient's final reply, in order:
         * the reply to the end of data for accepted ones, the RCPT reply for refused ones, the
         * reply that ended the session for the rest. Recipients refused with 452 4.5.3 (too many
         * recipients) are sent in further transactions on the session (RFC 5321 §4.5.3.1.10).
         * Throws only when nothing was sent at all; the reply then stands for every recipient.
         */
        TransactionResult send(ReversePath sender, MailParameters mail, List<QueuedRecipient> recipients, Content content)
                throws TransportException;

        /** Whether another transaction may be started (the server did not close or say 421). */
        boolean reusable();

        /** Whether the server advertised DSN (RFC 3461), so NOTIFY/ORCPT/RET/ENVID were passed on. */
        boolean dsnPassedOn();

        /** QUIT and close; never throws. */
        @Override
        void close();
    }

    /** One final reply per recipient, in the order given. */
    record TransactionResult(List<Reply> replies) {
        public TransactionResult {
            replies = List.copyOf(replies);
        }
    }

    /** A failure before or instead of a reply to each recipient, with the reply to record. */
    final class TransportException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Reply reply;
        private final boolean ourSide;

        public TransportException(Reply reply) {
            this(reply, false, null);
        }

        public TransportException(Reply reply, Throwable cause) {
            this(reply, false, cause);
        }

        /**
         * @param ourSide the failure is about this host's setup (TLS or AUTH to a smart host), not
         *                about the message: whatever the code, the message waits for the operator
         *                instead of bouncing back to its sender
         */
        public TransportException(Reply reply, boolean ourSide, Throwable cause) {
            super(reply.toString(), cause);
            this.reply = reply;
            this.ourSide = ourSide;
        }

        public Reply reply() {
            return reply;
        }

        public boolean ourSide() {
            return ourSide;
        }
    }
}
