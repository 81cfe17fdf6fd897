package dev.tern.client;

import dev.tern.protocol.params.RcptCommand;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Tern's SMTP client: talks to any SMTP server and tells, per recipient, whether the message was
 * accepted, failed for now (retry) or failed for good, with the reply that said so.
 *
 * <pre>{@code
 * SmtpClient client = SmtpClient.create(ClientConfig.builder()
 *         .heloName("relay.example.org")
 *         .tlsMode(TlsMode.OPPORTUNISTIC)
 *         .build());
 * Envelope envelope = Envelope.of("alice@example.org", "bob@example.net", "carol@example.net");
 * MessageSource message = MessageSource.of(Path.of("message.eml"));
 *
 * // to a domain's MX hosts, in preference order:
 * TransactionResult result = client.sendToDomain("example.net", envelope, message);
 * for (RecipientResult r : result.recipients()) {
 *     switch (r.status()) {
 *         case ACCEPTED -> markDelivered(r.recipient());
 *         case SOFT_FAILURE -> retryLater(r.recipient(), r.reply());   // e.g. 451 4.3.0, 421 4.4.2
 *         case HARD_FAILURE -> bounce(r.recipient(), r.reply());       // e.g. 550 5.1.1, 556 5.1.10
 *     }
 * }
 *
 * // or many messages over one connection (RSET between them):
 * try (SmtpSession session = client.connect("mx.example.net", 25)) {
 *     TransactionResult first = session.send(envelope, message);
 *     TransactionResult second = session.send(otherEnvelope, otherMessage);
 * } catch (SmtpConnectException e) {
 *     // no session: e.reply() says why, e.isTransient() whether to retry
 * }
 * }</pre>
 *
 * <p>Thread-safe: sessions are independent; each {@link SmtpSession} is for one thread.
 */
public final class SmtpClient {

    private final ClientConfig config;
    private final MxResolver mxResolver;

    private SmtpClient(ClientConfig config, MxResolver mxResolver) {
        this.config = Objects.requireNonNull(config, "config");
        this.mxResolver = Objects.requireNonNull(mxResolver, "mxResolver");
    }

    /** A client that resolves MX hosts with the system's DNS servers. */
    public static SmtpClient create(ClientConfig config) {
        return new SmtpClient(config, MxResolver.system());
    }

    /** A client that resolves MX hosts with the given resolver. */
    public static SmtpClient create(ClientConfig config, MxResolver mxResolver) {
        return new SmtpClient(config, mxResolver);
    }

    public ClientConfig config() {
        return config;
    }

    public MxResolver mxResolver() {
        return mxResolver;
    }

    /** Opens a session to {@code host:port} (the host name is resolved by the system resolver). */
    public SmtpSession connect(String host, int port) throws SmtpConnectException {
        return connect(host, null, port);
    }

    /**
     * Opens a session to a known address; {@code host} names it for TLS verification and messages.
     *
     * <p>With {@link TlsMode#OPPORTUNISTIC}, a failed STARTTLS handshake does not fail the
     * session (RFC 7435: encryption without authentication beats none): when the certificate did
     * not verify, the client connects again and uses TLS without verification
     * ({@link SmtpSession#tlsVerified()} is then false); when the handshake itself fails, it
     * connects again without TLS. Both are noted in the transcript. {@link TlsMode#REQUIRED}
     * never falls back.
     */
    public SmtpSession connect(String host, InetAddress address, int port) throws SmtpConnectException {
        try {
            return SmtpSession.open(config, host, address, port);
        } catch (SmtpConnectException e) {
            if (config.tlsMode() != TlsMode.OPPORTUNISTIC || config.implicitTls() || e.stage() != Stage.TLS
                    || !e.synthetic() || e.reply().code() != Replies.CLIENT_TLS_FAILED.code()) {
                throw e;
            }
            List<TranscriptEntry> earlier = new ArrayList<>(e.transcript());
            if (config.verifyCertificates()) {
                earlier.add(note("STARTTLS failed (" + e.reply().text() + "); connecting again for TLS without"
                        + " certificate verification (opportunistic, RFC 7435)"));
                try {
                    SmtpSession s = SmtpSession.open(config.toBuilder().verifyCertificates(false).build(), host, address, port);
                    s.prependSetup(earlier);
                    return s;
                } catch (SmtpConnectException again) {
                    if (again.stage() != Stage.TLS || !again.synthetic()) {
                        throw again;
                    }
                    earlier.addAll(again.transcript());
                }
            }
            earlier.add(note("TLS handshake failed; connecting again without TLS (opportunistic)"));
            SmtpSession s = SmtpSession.open(config.toBuilder().tlsMode(TlsMode.OFF).build(), host, address, port);
            s.prependSetup(earlier);
            return s;
        }
    }

    /** Connects, sends one message, says QUIT. Connection failures become per-recipient results. */
    public TransactionResult send(String host, int port, Envelope envelope, MessageSource message) {
        try (SmtpSession session = connect(host, port)) {
            return withSetup(session.setupTranscript(), session.send(envelope, message));
        } catch (SmtpConnectException e) {
            return failAll(host + ":" + port, envelope, e.reply(), e.synthetic(), e.stage(),
                    "could not open a session: " + e.stage().name().toLowerCase(java.util.Locale.ROOT) + " failed",
                    e.transcript());
        }
    }

    /**
     * Sends to a domain's mail hosts (RFC 5321 §5.1): MX hosts by preference, each of their
     * addresses in turn, until one takes a session; the domain itself when it has no MX. A null MX
     * (RFC 7505) fails every recipient with 556 5.1.10, a domain that does not exist with
     * 550 5.1.2, a DNS failure with 451 4.4.3. When no host can be reached, the last failure decides.
     */
    public TransactionResult sendToDomain(String domain, Envelope envelope, MessageSource message) {
        Route route = mxResolver.resolve(domain);
        List<TranscriptEntry> notes = new ArrayList<>();
        notes.add(note("route for " + domain + ": " + route.kind() + " (" + route.detail() + ")"
                + (route.hosts().isEmpty() ? "" : " " + route.hosts().stream()
                .map(h -> h.preference() + " " + h.name()).toList())));
        if (!route.deliverable()) {
            return failAll(domain, envelope, route.failure(), true, Stage.ROUTE, "DNS: " + route.detail(), notes);
        }
        SmtpConnectException last = null;
        for (MxHost host : route.hosts()) {
            if (host.addresses().isEmpty()) {
                notes.add(note("MX host " + host.name() + (host.addressLookupFailed() ? ": address lookup failed for now" : " has no address") + "; next"));
                continue;
            }
            for (InetAddress address : host.addresses()) {
                try (SmtpSession session = connect(host.name(), address, config.mxPort())) {
                    notes.addAll(session.setupTranscript());
                    return withSetup(notes, session.send(envelope, message));
                } catch (SmtpConnectException e) {
                    notes.addAll(e.transcript());
                    notes.add(note(host.name() + " (" + address.getHostAddress() + "): " + e.reply() + "; trying the next address"));
                    last = e;
                }
            }
        }
        if (last == null) {
            Reply r = dev.tern.protocol.reply.Replies.CLIENT_NO_ADDRESS.format(
                    route.hosts().stream().map(MxHost::name).toList().toString());
            return failAll(domain, envelope, r, true, Stage.ROUTE, "no MX host has an address", notes);
        }
        return failAll(domain, envelope, last.reply(), last.synthetic(), last.stage(),
                "no mail host of " + domain + " took a session", notes);
    }

    /** A note for the transcript, also handed to the live listener. */
    private TranscriptEntry note(String text) {
        TranscriptEntry e = new TranscriptEntry(java.time.Instant.now(), TranscriptEntry.Kind.NOTE, text, null);
        if (config.transcriptListener() != null) {
            config.transcriptListener().accept(e);
        }
        return e;
    }

    private static TransactionResult withSetup(List<TranscriptEntry> setup, TransactionResult r) {
        List<TranscriptEntry> all = new ArrayList<>(setup);
        all.addAll(r.transcript());
        return new TransactionResult(r.server(), r.recipients(), r.transactions(), all);
    }

    /** Every recipient fails with the same reply (no session, or no route). */
    static TransactionResult failAll(String server, Envelope envelope, Reply reply, boolean synthetic, Stage stage,
                                     String reason, List<TranscriptEntry> transcript) {
        List<RecipientResult> out = new ArrayList<>();
        for (RcptCommand r : envelope.recipients()) {
            out.add(new RecipientResult(r.to(), RecipientStatus.ofCode(reply.code()), reply, synthetic, stage, reason));
        }
        return new TransactionResult(server, out, 0, transcript);
    }
}
