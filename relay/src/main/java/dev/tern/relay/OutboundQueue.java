package dev.tern.relay;

import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.Ret;
import dev.tern.protocol.reply.Reply;
import dev.tern.relay.queue.Envelope;
import dev.tern.relay.queue.MessageKind;
import dev.tern.relay.queue.QueueEvent;
import dev.tern.relay.queue.QueueStore;
import dev.tern.relay.queue.QueuedRecipient;
import dev.tern.relay.queue.RecipientStatus;
import dev.tern.relay.suppress.SuppressionList;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door into the outbound queue. The server calls {@link #enqueue} at the end of DATA for
 * recipients on other hosts; when it returns, the message is durable and the 250 may be sent.
 * Recipients on the suppression list are marked failed at once, so the sender gets a DSN instead
 * of an attempt (this is the path for mail an alias forwards; direct submissions are refused at
 * RCPT with {@link SuppressionList#rcptReply}).
 */
public final class OutboundQueue {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundQueue.class);

    private final QueueStore store;
    private final SuppressionList suppression;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** @param suppression the list to consult, or null for none */
    public OutboundQueue(QueueStore store, SuppressionList suppression, Clock clock) {
        this.store = store;
        this.suppression = suppression;
        this.clock = clock;
    }

    public OutboundQueue(QueueStore store, SuppressionList suppression) {
        this(store, suppression, Clock.systemUTC());
    }

    public QueueStore store() {
        return store;
    }

    /** The suppression list consulted at enqueue, or null. */
    public SuppressionList suppression() {
        return suppression;
    }

    /** Called after each enqueue, e.g. to wake the scheduler. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Queues a message; returns its queue id once it is durable.
     *
     * @param envid ENVID of the MAIL command, or null
     * @param ret   RET of the MAIL command, or null
     * @param message the content with CRLF line ends, dot-unstuffed; read to its end, not closed
     */
    public String enqueue(ReversePath sender, List<QueuedRecipient> recipients, String envid, Ret ret, InputStream message)
            throws IOException {
        return enqueue(sender, MailParameters.NONE.withEnvid(envid).withRet(ret), recipients, message);
    }

    /** Queues a message with all of its MAIL parameters (BODY and SMTPUTF8 are passed on to the next hop). */
    public String enqueue(ReversePath sender, MailParameters mail, List<QueuedRecipient> recipients, InputStream message)
            throws IOException {
        return enqueue(new Envelope(sender, mail, recipients, clock.instant(), MessageKind.MESSAGE),
                out -> message.transferTo(out));
    }

    /** Queues a message whose content the writer produces (used for DSNs). */
    public String enqueue(Envelope envelope, QueueStore.ContentWriter content) throws IOException {
        List<QueueEvent> refused = new ArrayList<>();
        if (suppression != null) {
            Instant now = clock.instant();
            for (int i = 0; i < envelope.recipients().size(); i++) {
                String addr = envelope.recipients().get(i).recipient().address();
                Optional<Reply> reply = suppression.rcptReply(addr);
                if (reply.isPresent()) {
                    refused.add(new QueueEvent.RecipientOutcome(now, i, RecipientStatus.FAILED, null, reply.get()));
                }
            }
        }
        String id = store.create(envelope, content, refused);
        for (QueueEvent e : refused) {
            QueueEvent.RecipientOutcome o = (QueueEvent.RecipientOutcome) e;
            LOG.info("{}: to=<{}> status=bounced (suppressed) {}", id,
                    envelope.recipients().get(o.recipient()).recipient().address(), o.reply());
        }
        LOG.info("{}: from=<{}> nrcpt={} queued", id, envelope.sender().address(), envelope.recipients().size());
        listeners.forEach(Runnable::run);
        return id;
    }
}
