package dev.tern.app.queue;

import dev.tern.app.config.TernConfig;
import dev.tern.app.delivery.Directory;
import dev.tern.app.delivery.Resolution;
import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import dev.tern.relay.Relay;
import dev.tern.relay.RelaySettings;
import dev.tern.relay.deliver.LocalDelivery;
import dev.tern.server.SmtpException;
import dev.tern.store.DeliveryException;
import dev.tern.store.MaildirStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Builds the relay for {@code tern serve} from its configuration: the queue in
 * {@code data-dir/queue/}, the suppression list in {@code data-dir/suppressed.tsv}, MX routing,
 * and local delivery (DSNs to local senders, the postmaster's copy of a failed bounce) through the
 * server's directory into its Maildirs.
 */
public final class RelayWiring {

    private RelayWiring() {
    }

    /** The relay for this configuration, not started; {@code customise} may add routes or settings. */
    public static Relay build(TernConfig config, MaildirStore store, Consumer<Relay.Builder> customise) throws IOException {
        String postmaster = "postmaster@" + config.domains().iterator().next();
        Relay.Builder b = Relay.builder(config.queueDir(), config.hostname())
                .suppressionFile(QueueOptions.suppressionFile(config.dataDir()))
                .settings(RelaySettings.defaults(config.hostname()).withPostmaster(postmaster))
                .localDelivery(localDelivery(new Directory(config), store));
        if (customise != null) {
            customise.accept(b);
        }
        return b.build();
    }

    /** Local recipients are resolved as RCPT would (users, aliases, catch-all) and stored in Maildirs. */
    static LocalDelivery localDelivery(Directory directory, MaildirStore store) {
        return new LocalDelivery() {
            @Override
            public boolean isLocal(ForwardPath recipient) {
                return recipient.mailbox().map(m -> directory.config().isLocalDomain(m)).orElse(true);
            }

            @Override
            public Reply deliver(ReversePath sender, ForwardPath recipient, InputStream content) throws IOException {
                Resolution r;
                try {
                    r = directory.resolve(recipient);
                } catch (SmtpException refused) {
                    return refused.reply();
                }
                if (r.local().isEmpty()) {
                    // an alias that only forwards: a report to it is not sent on again (no loops)
                    return Replies.RCPT_UNKNOWN_USER.format(recipient.address());
                }
                try {
                    store.deliver(r.local(), sender.address(), content);
                    return Replies.DATA_STORED.format("maildir");
                } catch (DeliveryException e) {
                    return e.reply();
                }
            }
        };
    }
}
