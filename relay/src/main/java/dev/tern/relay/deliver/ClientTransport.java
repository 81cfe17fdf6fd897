package dev.tern.relay.deliver;

import dev.tern.client.ClientConfig;
import dev.tern.client.Credentials;
import dev.tern.client.Envelope;
import dev.tern.client.MessageSource;
import dev.tern.client.RecipientResult;
import dev.tern.client.SmtpClient;
import dev.tern.client.SmtpConnectException;
import dev.tern.client.SmtpSession;
import dev.tern.client.Stage;
import dev.tern.client.TlsMode;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.RcptCommand;
import dev.tern.protocol.reply.Reply;
import dev.tern.relay.queue.QueuedRecipient;
import dev.tern.relay.route.Hop;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@link Transport} over Tern's client library ({@link SmtpClient}, {@link SmtpSession}): the hop
 * decides STARTTLS, implicit TLS and AUTH; the rest comes from the base configuration (EHLO name,
 * timeouts, trust). Opportunistic STARTTLS does not verify the certificate (RFC 7435: encryption
 * without authentication beats plain text); a hop that requires TLS does, unless the base
 * configuration switched verification off.
 */
public final class ClientTransport implements Transport {

    private final ClientConfig base;

    public ClientTransport(ClientConfig base) {
        this.base = base;
    }

    ClientConfig configFor(Hop hop) {
        ClientConfig.Builder b = base.toBuilder();
        switch (hop.tls()) {
            case NONE -> b.tlsMode(TlsMode.OFF).implicitTls(false);
            case OPPORTUNISTIC -> b.tlsMode(TlsMode.OPPORTUNISTIC).implicitTls(false).verifyCertificates(false);
            case REQUIRED -> b.tlsMode(TlsMode.REQUIRED).implicitTls(false);
            case IMPLICIT -> b.tlsMode(TlsMode.OFF).implicitTls(true);
            default -> throw new IllegalArgumentException(hop.tls().toString());
        }
        b.credentials(hop.auth() == null ? null : new Credentials(hop.auth().username(), hop.auth().password()));
        return b.build();
    }

    @Override
    public Transport.Session open(Hop hop) throws TransportException {
        try {
            SmtpSession s = SmtpClient.create(configFor(hop)).connect(hop.host(), hop.address(), hop.port());
            return new ClientSession(s);
        } catch (SmtpConnectException e) {
            // refused credentials or TLS a smart host requires are for the operator to fix
            boolean setup = e.stage() == Stage.AUTH || e.stage() == Stage.TLS;
            throw new TransportException(e.reply(), setup, e);
        }
    }

    private static final class ClientSession implements Transport.Session {
        private final SmtpSession session;

        ClientSession(SmtpSession session) {
            this.session = session;
        }

        @Override
        public TransactionResult send(ReversePath sender, MailParameters mail, List<QueuedRecipient> recipients,
                Content content) throws TransportException {
            List<RcptCommand> rcpts = recipients.stream().map(r -> new RcptCommand(r.recipient(), r.params())).toList();
            // SIZE is the client's to set from the content; the queue's parameters never carry it over
            MailParameters params = new MailParameters(OptionalLong.empty(), mail.body(), mail.smtputf8(), mail.ret(),
                    mail.envid(), null, mail.other());
            dev.tern.client.TransactionResult r = session.send(new Envelope(sender, params, rcpts), source(content));
            List<Reply> replies = new ArrayList<>();
            for (RecipientResult rr : r.recipients()) {
                replies.add(rr.reply());
            }
            return new TransactionResult(replies);
        }

        /** One pass learns the size and what the message needs (8BITMIME, SMTPUTF8); each send streams it again. */
        private static MessageSource source(Content content) throws TransportException {
            try {
                return MessageSource.scanned(content::open);
            } catch (IOException e) {
                throw new TransportException(dev.tern.protocol.reply.Replies.DATA_LOCAL_ERROR.reply(), e);
            }
        }

        @Override
        public boolean reusable() {
            return session.isOpen();
        }

        @Override
        public boolean dsnPassedOn() {
            return session.capabilities().dsn();
        }

        @Override
        public void close() {
            session.close();
        }
    }
}
