package dev.tern.app.delivery;

import dev.tern.app.config.TernConfig;
import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.Mailbox;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.io.CountingInputStream;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.RcptParameters;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import dev.tern.relay.OutboundQueue;
import dev.tern.relay.queue.QueuedRecipient;
import dev.tern.server.Backend;
import dev.tern.server.ConnectionInfo;
import dev.tern.server.Session;
import dev.tern.server.SmtpException;
import dev.tern.store.DeliveryException;
import dev.tern.store.MaildirStore;
import dev.tern.store.Recipient;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link Backend} of {@code tern serve}: the {@link Directory} decides what each
 * recipient is, local mail goes into Maildirs through {@link MaildirStore}, and mail for other
 * hosts (aliases that forward) goes into the relay's {@link OutboundQueue}.
 *
 * <p>End of data answers 250 only when every local copy and the outbound queue entry are
 * durable. With both kinds of recipient the message is queued first (the queue file then serves
 * as the source of the local copies, so the stream is read once); if the local delivery then
 * fails, the queue entry is removed again and the client gets 451 4.3.0, so nothing is delivered
 * twice when it retries.
 *
 * <p>The server logs one line per transaction (logger {@code dev.tern.server.transactions}); this
 * backend adds one line per end of data saying where the message went, logger
 * {@code dev.tern.app.delivery}: {@code <queue id> client=<ip> from=<sender> rcpt=<r1>,<r2>
 * mailboxes=<m1>,<m2> outbound=<relay queue id> size=<octets> result=<code> <enhanced>}.
 */
public final class DirectoryBackend implements Backend {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryBackend.class);

    private final Directory directory;
    private final MaildirStore store;
    private final OutboundQueue queue;

    /** @param queue the outbound queue, or null when this server relays nothing (forwarding aliases then get 451 at RCPT) */
    public DirectoryBackend(TernConfig config, MaildirStore store, OutboundQueue queue) {
        this.directory = new Directory(config);
        this.store = Objects.requireNonNull(store, "store");
        this.queue = queue;
    }

    public Directory directory() {
        return directory;
    }

    /** For {@code SmtpServer.Builder.storageCheck}: whether {@code octets} more fit above the free-disk floor. */
    public boolean hasRoomFor(long octets) {
        try {
            store.checkRoom(octets);
            return true;
        } catch (DeliveryException e) {
            return false;
        }
    }

    @Override
    public Session newSession(ConnectionInfo connection) {
        return new DirectorySession(connection);
    }

    private record Accepted(ForwardPath path, RcptParameters params, Resolution resolution) {
    }

    private final class DirectorySession implements Session {
        private final ConnectionInfo connection;
        private ReversePath from;
        private MailParameters mailParams = MailParameters.NONE;
        private final List<Accepted> accepted = new ArrayList<>();

        DirectorySession(ConnectionInfo connection) {
            this.connection = connection;
        }

        @Override
        public void mail(ReversePath sender, MailParameters params) {
            this.from = sender;
            this.mailParams = params;
            accepted.clear();
        }

        @Override
        public Reply rcpt(ForwardPath to, RcptParameters params) {
            boolean relayed = relayAllowed(to);
            Resolution r = relayed ? relayResolution(to) : directory.resolve(to);
            if (!r.remote().isEmpty() && queue == null) {
                throw new SmtpException(Replies.RCPT_LOOKUP_FAILED, to.address());
            }
            if (relayed) {
                refuseIfSuppressed(to);
            }
            long declared = mailParams.size().orElse(0);
            for (Recipient local : r.local()) {
                try {
                    store.checkQuota(local, declared);
                } catch (DeliveryException e) {
                    // the reply names the mailbox; for an alias the client should see its own address
                    Replies named = e.reply().code() == Replies.RCPT_OVER_QUOTA.code() ? Replies.RCPT_OVER_QUOTA : Replies.RCPT_OVER_QUOTA_SOFT;
                    throw new SmtpException(e.reason() == DeliveryException.Reason.OVER_QUOTA ? named.format(to.address()) : e.reply(), e);
                }
            }
            accepted.add(new Accepted(to, params, r));
            return r.reply();
        }

        /**
         * A relayed recipient on the suppression list (an earlier hard bounce) is refused at once
         * with 550 5.1.1 "suppressed since DATE"; mail an alias forwards there gets a DSN from the
         * queue instead. An unreadable list does not stop mail.
         */
        private void refuseIfSuppressed(ForwardPath to) {
            if (queue.suppression() == null) {
                return;
            }
            try {
                java.util.Optional<Reply> refused = queue.suppression().rcptReply(to.address());
                if (refused.isPresent()) {
                    throw new SmtpException(refused.get());
                }
            } catch (IOException e) {
                LOG.warn("suppression list unreadable, not checked for <{}>: {}", to.address(), e.toString());
            }
        }

        /**
         * Mail to another domain is relayed only for clients that authenticated (AUTH) or come
         * from a configured relay network; everyone else gets 550 5.7.1 from the directory.
         */
        private boolean relayAllowed(ForwardPath to) {
            TernConfig config = directory.config();
            if (to.mailbox().isEmpty() || config.isLocalDomain(to.mailbox().get())) {
                return false;
            }
            return connection.authenticatedIdentity().isPresent()
                    || config.security().relayAllowedFrom(connection.remoteAddress().getAddress());
        }

        private Resolution relayResolution(ForwardPath to) {
            return new Resolution(List.of(), List.of(to.mailbox().get()), Replies.RCPT_OK.format(to.address()));
        }

        @Override
        public Reply data(String queueId, InputStream message) throws IOException {
            Map<String, Recipient> local = new LinkedHashMap<>();
            List<QueuedRecipient> remote = new ArrayList<>();
            for (Accepted a : accepted) {
                for (Recipient r : a.resolution().local()) {
                    local.putIfAbsent(r.mailbox(), r);
                }
                for (Mailbox m : a.resolution().remote()) {
                    remote.add(new QueuedRecipient(ForwardPath.of(m), a.params()));
                }
            }
            String sender = from == null ? "" : from.address();
            String outboundId = null;
            CountingInputStream counted = new CountingInputStream(message);
            message = counted;
            Reply result;
            try {
                if (!remote.isEmpty()) {
                    outboundId = queue.enqueue(from, mailParams, remote, message);
                    if (!local.isEmpty()) {
                        try (InputStream copy = queue.store().openContent(outboundId)) {
                            store.deliver(List.copyOf(local.values()), sender, copy);
                        } catch (DeliveryException | IOException | RuntimeException e) {
                            removeQuietly(outboundId);
                            throw e;
                        }
                    }
                } else if (!local.isEmpty()) {
                    store.deliver(List.copyOf(local.values()), sender, message);
                }
                result = Replies.DATA_STORED.format(queueId);
            } catch (DeliveryException e) {
                log(queueId, counted.count(), e.reply(), null, local.keySet());
                if (e.reason() == DeliveryException.Reason.IO_ERROR && e.getCause() instanceof IOException io) {
                    // The stream itself may have failed (size limit, lost connection): the server
                    // knows which and answers for itself; otherwise it answers 451 4.3.0.
                    throw io;
                }
                throw new SmtpException(e.reply(), e);
            } catch (IOException e) {
                log(queueId, counted.count(), Replies.DATA_LOCAL_ERROR.reply(), null, local.keySet());
                throw e;
            }
            log(queueId, counted.count(), result, outboundId, local.keySet());
            return result;
        }

        private void removeQuietly(String outboundId) {
            try {
                queue.store().remove(outboundId);
            } catch (IOException e) {
                LOG.error("could not take back outbound message {} after a failed local delivery: {}", outboundId, e.toString());
            }
        }

        private void log(String queueId, long size, Reply result, String outboundId, java.util.Collection<String> mailboxes) {
            String to = accepted.stream().map(a -> "<" + a.path().address() + ">").collect(Collectors.joining(","));
            String client = connection.remoteAddress() == null ? "-" : connection.remoteAddress().getAddress().getHostAddress();
            LOG.info("{} client={} from=<{}> rcpt={} mailboxes={} outbound={} size={} result={}{}", queueId, client,
                    from == null ? "" : from.address(), to, mailboxes.isEmpty() ? "-" : String.join(",", mailboxes),
                    outboundId == null ? "-" : outboundId, size, result.code(),
                    result.enhanced() == null ? "" : " " + result.enhanced());
        }

        @Override
        public void reset() {
            from = null;
            mailParams = MailParameters.NONE;
            accepted.clear();
        }

        @Override
        public void logout() {
            reset();
        }

        @Override
        public Reply verify(String argument) {
            if (!directory.config().vrfy()) {
                return Replies.VRFY_CANNOT_VERIFY.reply();
            }
            return directory.verify(argument);
        }

        @Override
        public Reply expand(String argument) {
            if (!directory.config().expn()) {
                throw new SmtpException(Replies.EXPN_DISABLED.reply());
            }
            return directory.expand(argument);
        }
    }
}
