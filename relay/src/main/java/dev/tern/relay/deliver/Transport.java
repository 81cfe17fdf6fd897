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
         * Runs one transaction: MAIL, RCPT for each recipient, DATA if any was accepted.
         * A failure of the whole transaction (MAIL refused, 421, connection lost) is thrown; the
         * caller then records it for every recipient of the transaction.
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

    /**
     * What one transaction gave. {@code rcptReplies} has one entry per recipient, in order; the
     * data reply is null when no recipient was accepted.
     */
    record TransactionResult(List<Reply> rcptReplies, Reply dataReply) {
        public TransactionResult {
            rcptReplies = List.copyOf(rcptReplies);
        }
    }

    /** A failure before or instead of a reply to each recipient, with the reply to record. */
    final class TransportException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Reply reply;

        public TransportException(Reply reply) {
            super(reply.toString());
            this.reply = reply;
        }

        public TransportException(Reply reply, Throwable cause) {
            super(reply.toString(), cause);
            this.reply = reply;
        }

        public Reply reply() {
            return reply;
        }
    }
}
