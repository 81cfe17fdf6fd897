package dev.tern.client;

import dev.tern.client.auth.SaslMechanism;
import dev.tern.protocol.params.BodyType;
import dev.tern.protocol.params.MailCommand;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.RcptCommand;
import dev.tern.protocol.params.RcptParameters;
import dev.tern.protocol.reply.EnhancedCode;
import dev.tern.protocol.reply.ParsedReply;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import dev.tern.protocol.reply.ReplyDeviation;
import dev.tern.protocol.reply.ReplyParseException;
import dev.tern.protocol.reply.ReplyReader;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open SMTP connection, greeted, EHLO'd, with TLS and AUTH done as configured. Send any number
 * of messages with {@link #send}; between them the session sends RSET (RFC 5321 §4.1.1.5), so a
 * connection can be reused for many messages to the same server. {@link #close()} sends QUIT.
 *
 * <p>Obtain one from {@link SmtpClient#connect}. Not thread-safe: one thread per session.
 */
public final class SmtpSession implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpSession.class);

    /**
     * Sessions with a write in progress, checked a few times a second: Java has no write timeout
     * of its own, so a write blocked past the data-block timeout gets its socket closed here.
     * Polling a deadline costs each write two volatile stores instead of a scheduled task.
     */
    private static final java.util.Set<SmtpSession> WRITING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Thread t = new Thread(SmtpSession::watchWrites, "tern-smtp-write-watchdog");
        t.setDaemon(true);
        t.start();
    }

    private static void watchWrites() {
        while (true) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (SmtpSession s : WRITING) {
                long deadline = s.writeDeadline;
                if (deadline != 0 && now - deadline > 0) {
                    s.writeTimedOut = true;
                    s.closeSocket();
                }
            }
        }
    }

    /** When the write in progress must have finished (System.nanoTime), 0 when none is. */
    private volatile long writeDeadline;

    /** RCPT commands per pipelined write. */
    static final int RCPT_GROUP = 100;

    private final ClientConfig config;
    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private ReplyReader reader;
    private Capabilities capabilities = Capabilities.none("");
    private Capabilities capabilitiesBeforeTls;
    private ParsedReply greeting;
    private boolean open;
    private SSLSession tls;
    private boolean tlsVerified;
    private String authMechanism;
    private boolean needsReset;
    private int transactionsSent;
    private volatile boolean writeTimedOut;
    private List<TranscriptEntry> log = new ArrayList<>();
    /** The step being done, for results of a failure that a read or write reports. */
    private Stage stage = Stage.CONNECT;
    private final List<TranscriptEntry> setupTranscript;

    private SmtpSession(ClientConfig config, String host, int port) {
        this.config = config;
        this.host = host;
        this.port = port;
        this.setupTranscript = log;
    }

    /**
     * Connects to {@code address:port}, reads the greeting, says EHLO (HELO when EHLO is refused),
     * does STARTTLS and AUTH as configured.
     *
     * @param host    the server's name: for TLS host-name verification and for messages
     * @param address where to connect, or null to resolve {@code host} with the system resolver
     */
    static SmtpSession open(ClientConfig config, String host, InetAddress address, int port) throws SmtpConnectException {
        SmtpSession s = new SmtpSession(config, host, port);
        try {
            s.setUp(address);
            return s;
        } catch (SmtpConnectException e) {
            s.closeSocket();
            throw e;
        }
    }

    private void setUp(InetAddress address) throws SmtpConnectException {
        Timeouts t = config.timeouts();
        try {
            InetSocketAddress target = address == null ? new InetSocketAddress(host, port) : new InetSocketAddress(address, port);
            if (target.isUnresolved()) {
                throw fail(Stage.CONNECT, Replies.CLIENT_NO_ADDRESS.format(host));
            }
            note("connecting to " + target.getAddress().getHostAddress() + " port " + port);
            Socket raw = new Socket();
            socket = raw;
            raw.setTcpNoDelay(true);
            raw.connect(target, millis(t.connect()));
        } catch (IOException e) {
            throw fail(Stage.CONNECT, Replies.CLIENT_CONNECTION_FAILED.format(hostPort(), message(e)));
        }
        open = true;
        WRITING.add(this);
        try {
            try {
                attachStreams();
            } catch (IOException e) {
                throw fail(Stage.CONNECT, Replies.CLIENT_CONNECTION_LOST.format(hostPort(), message(e)));
            }
            if (config.implicitTls()) {
                startTls(Stage.CONNECT);
            }
            stage = Stage.CONNECT;
            greeting = read(t.greeting(), false);
            if (greeting.code() != 220) {
                // 554 or 521 refuse the session; 421 says "later" (RFC 5321 §3.1, RFC 7504)
                quitQuietly();
                throw fail(Stage.CONNECT, greeting.reply(), false);
            }
            hello();
            if (!config.implicitTls() && config.tlsMode() != TlsMode.OFF) {
                if (capabilities.starttls()) {
                    stage = Stage.TLS;
                    writeLine("STARTTLS");
                    flush();
                    ParsedReply r = read(t.command(), capabilities.enhancedStatusCodes());
                    if (r.code() == 220) {
                        capabilitiesBeforeTls = capabilities;
                        startTls(Stage.TLS);
                        // RFC 3207 §4.2: forget everything learnt before TLS and ask again
                        hello();
                    } else if (config.tlsMode() == TlsMode.REQUIRED || !r.reply().isTransient()) {
                        quitQuietly();
                        throw fail(Stage.TLS, r.reply(), false);
                    } else {
                        note("STARTTLS refused; going on without TLS (opportunistic)");
                    }
                } else if (config.tlsMode() == TlsMode.REQUIRED) {
                    quitQuietly();
                    throw fail(Stage.TLS, Replies.CLIENT_TLS_REQUIRED.reply());
                }
            }
            if (config.credentials() != null) {
                authenticate();
            }
        } catch (Ended e) {
            closeSocket();
            throw new SmtpConnectException(e.stage == null ? stage : e.stage, e.reply, e.synthetic, log);
        }
    }

    private void hello() throws Ended, SmtpConnectException {
        stage = Stage.HELLO;
        writeLine("EHLO " + config.heloName());
        flush();
        ParsedReply r = read(config.timeouts().command(), false);
        if (r.reply().isPositive() && r.code() / 100 == 2) {
            capabilities = Capabilities.parse(r.reply());
            return;
        }
        // RFC 5321 §3.2: a server without the extensions answers EHLO with 500, 501, 502, 504 or 550; try HELO
        if (Set.of(500, 501, 502, 504, 550).contains(r.code())) {
            writeLine("HELO " + config.heloName());
            flush();
            ParsedReply h = read(config.timeouts().command(), false);
            if (h.code() / 100 == 2) {
                capabilities = Capabilities.none(h.reply().lines().get(0).split(" ", 2)[0]);
                note("EHLO refused; HELO accepted, so no service extensions");
                return;
            }
            quitQuietly();
            throw fail(Stage.HELLO, h.reply(), false);
        }
        quitQuietly();
        throw fail(Stage.HELLO, r.reply(), false);
    }

    private void startTls(Stage stage) throws SmtpConnectException {
        try {
            if (in.available() > 0) {
                // RFC 3207 §4.2 / CVE-2011-0411: bytes before the handshake would be read as if protected
                throw fail(stage, Replies.CLIENT_TLS_FAILED.format("the server sent data before the TLS handshake"));
            }
            javax.net.ssl.SSLContext ctx = config.sslContext() != null ? config.sslContext()
                    : config.verifyCertificates() ? javax.net.ssl.SSLContext.getDefault() : TrustAll.context();
            SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(socket, host, port, true);
            ssl.setUseClientMode(true);
            SSLParameters params = ssl.getSSLParameters();
            if (config.verifyCertificates()) {
                // checks the certificate names the host (RFC 6125), as HTTPS does
                params.setEndpointIdentificationAlgorithm("HTTPS");
            }
            ssl.setSSLParameters(params);
            ssl.setSoTimeout(millis(config.timeouts().connect()));
            ssl.startHandshake();
            socket = ssl;
            tls = ssl.getSession();
            tlsVerified = config.verifyCertificates();
            attachStreams();
            note("TLS established: " + describeTls(tls));
        } catch (SSLException e) {
            throw fail(stage, Replies.CLIENT_TLS_FAILED.format(message(e)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw fail(stage, Replies.CLIENT_TLS_FAILED.format(message(e)));
        }
    }

    /** Protocol, cipher suite and the peer certificate's subject and expiry. */
    static String describeTls(SSLSession s) {
        StringBuilder sb = new StringBuilder(s.getProtocol()).append(' ').append(s.getCipherSuite());
        try {
            Certificate[] chain = s.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate x) {
                sb.append(", certificate ").append(x.getSubjectX500Principal().getName())
                        .append(" valid until ").append(x.getNotAfter().toInstant());
            }
        } catch (SSLPeerUnverifiedException e) {
            sb.append(", no peer certificate");
        }
        return sb.toString();
    }

    private void authenticate() throws Ended, SmtpConnectException {
        Credentials cred = config.credentials();
        stage = Stage.AUTH;
        if (tls == null && !config.authWithoutTls()) {
            quitQuietly();
            throw fail(Stage.AUTH, Replies.CLIENT_AUTH_NEEDS_TLS.format(host));
        }
        var chosen = SaslMechanism.choose(capabilities.authMechanisms());
        if (chosen.isEmpty()) {
            quitQuietly();
            throw fail(Stage.AUTH, Replies.CLIENT_AUTH_NOT_OFFERED.format(host, SaslMechanism.SUPPORTED));
        }
        SaslMechanism mech = SaslMechanism.create(chosen.get(), cred);
        byte[] initial = mech.initialResponse();
        Base64.Encoder b64 = Base64.getEncoder();
        if (initial != null) {
            writeSecret("AUTH " + mech.name() + " " + (initial.length == 0 ? "=" : b64.encodeToString(initial)),
                    "AUTH " + mech.name() + " <redacted>");
        } else {
            writeLine("AUTH " + mech.name());
        }
        flush();
        boolean ehs = capabilities.enhancedStatusCodes();
        for (int round = 0; round < 10; round++) {
            ParsedReply r = read(config.timeouts().command(), ehs);
            if (r.code() == 334) {
                byte[] challenge;
                try {
                    challenge = Base64.getMimeDecoder().decode(r.reply().text().trim());
                } catch (IllegalArgumentException e) {
                    writeLine("*");
                    flush();
                    read(config.timeouts().command(), ehs);
                    quitQuietly();
                    throw fail(Stage.AUTH, Replies.CLIENT_PROTOCOL_ERROR.format(host, "334 challenge is not base64"));
                }
                try {
                    byte[] response = mech.respond(challenge);
                    writeSecret(b64.encodeToString(response), "<redacted>");
                    flush();
                } catch (SaslMechanism.SaslException e) {
                    // RFC 4954 §4: "*" cancels the exchange
                    writeLine("*");
                    flush();
                    read(config.timeouts().command(), ehs);
                    quitQuietly();
                    throw fail(Stage.AUTH, Replies.CLIENT_AUTH_SERVER_UNVERIFIED.format(e.getMessage()));
                }
                continue;
            }
            if (r.code() == 235) {
                if (!mech.serverVerified()) {
                    quitQuietly();
                    throw fail(Stage.AUTH, Replies.CLIENT_AUTH_SERVER_UNVERIFIED.format("no server signature before 235"));
                }
                authMechanism = mech.name();
                if (config.transcriptListener() == null) {
                    LOG.debug("authenticated to {} with {}", host, authMechanism);
                }
                return;
            }
            quitQuietly();
            throw fail(Stage.AUTH, r.reply(), false);
        }
        quitQuietly();
        throw fail(Stage.AUTH, Replies.CLIENT_PROTOCOL_ERROR.format(host, "AUTH exchange did not end"));
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends one message. Never throws for anything the server or the network does: every
     * recipient of the envelope gets a {@link RecipientResult}. Recipients refused with 452 4.5.3
     * or 453 (too many recipients) are sent in further transactions on this connection
     * (RFC 5321 §4.5.3.1.10). A 421 or a lost connection soft-fails every recipient still open
     * and closes the session.
     */
    public TransactionResult send(Envelope envelope, MessageSource message) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(message, "message");
        List<TranscriptEntry> tx = new ArrayList<>();
        log = tx;
        List<RcptCommand> rcpts = envelope.recipients();
        Map<Integer, RecipientResult> results = new HashMap<>();
        lastTooMany.clear();
        int transactions = 0;
        try {
            if (!open) {
                throw new Ended(Replies.CLIENT_CONNECTION_LOST.format(hostPort(), "the session is closed"), true, Stage.MAIL);
            }
            MailParameters params = precheck(envelope, message, results);
            List<Integer> pending = new ArrayList<>();
            for (int i = 0; i < rcpts.size(); i++) {
                if (!results.containsKey(i)) {
                    pending.add(i);
                }
            }
            boolean pipelining = config.pipelining() && capabilities.pipelining();
            while (!pending.isEmpty()) {
                boolean resetFirst = needsReset || transactionsSent > 0;
                if (resetFirst && !pipelining) {
                    reset();
                }
                transactions++;
                transactionsSent++;
                List<Integer> deferred = transaction(envelope, params, message, pending, results, resetFirst && pipelining);
                if (deferred.size() == pending.size()) {
                    // nothing got a final answer: another round would loop; report the deferral
                    for (int i : deferred) {
                        results.put(i, result(rcpts.get(i), lastTooMany.get(i), false, Stage.RCPT,
                                "too many recipients, and a new transaction made no progress"));
                    }
                    break;
                }
                if (!deferred.isEmpty()) {
                    note(deferred.size() + " recipient(s) refused as too many; sending them in a new transaction");
                }
                pending = deferred;
            }
        } catch (Ended e) {
            for (int i = 0; i < rcpts.size(); i++) {
                if (!results.containsKey(i)) {
                    results.put(i, result(rcpts.get(i), e.reply, e.synthetic, e.stage == null ? stage : e.stage,
                            e.reply.code() == 421 && !e.synthetic ? "the server closed the session (421) before this recipient was done"
                                    : "the connection ended before this recipient was done"));
                }
            }
            closeSocket();
        }
        List<RecipientResult> ordered = new ArrayList<>();
        for (int i = 0; i < rcpts.size(); i++) {
            ordered.add(results.get(i));
        }
        log = setupTranscript;
        return new TransactionResult(hostPort(), ordered, transactions, tx);
    }

    private final Map<Integer, Reply> lastTooMany = new HashMap<>();

    /**
     * Checks what the server must offer for this message (SIZE, 8BITMIME, SMTPUTF8) and builds the
     * MAIL parameters. Recipients that cannot be sent get their hard failure in {@code results}.
     */
    private MailParameters precheck(Envelope envelope, MessageSource message, Map<Integer, RecipientResult> results) {
        List<RcptCommand> rcpts = envelope.recipients();
        Reply refusal = null;
        String why = null;
        boolean utf8 = envelope.needsSmtputf8() || message.utf8Headers() || envelope.mailParams().smtputf8();
        OptionalLong size = message.size();
        OptionalLong limit = capabilities.sizeLimit();
        if (utf8 && !capabilities.smtputf8()) {
            refusal = Replies.CLIENT_NEEDS_SMTPUTF8.reply();
            why = "the message or an address needs SMTPUTF8 (RFC 6531), which " + host + " does not offer";
        } else if (message.eightBit() && !capabilities.eightBitMime()) {
            refusal = Replies.CLIENT_NEEDS_8BITMIME.reply();
            why = "the message has 8-bit octets and " + host + " does not offer 8BITMIME (RFC 6152)";
        } else if (size.isPresent() && limit.isPresent() && size.getAsLong() > limit.getAsLong()) {
            refusal = Replies.CLIENT_MESSAGE_TOO_BIG.format(size.getAsLong(), limit.getAsLong());
            why = "the message is larger than the SIZE limit " + host + " announced (RFC 1870)";
        }
        if (refusal != null) {
            note("not sent: " + why);
            for (int i = 0; i < rcpts.size(); i++) {
                results.put(i, result(rcpts.get(i), refusal, true, Stage.PRECHECK, why));
            }
            return envelope.mailParams();
        }
        MailParameters p = envelope.mailParams();
        if (capabilities.size() && size.isPresent()) {
            p = p.withSize(size.getAsLong());
        } else if (!capabilities.size() && p.size().isPresent()) {
            p = new MailParameters(OptionalLong.empty(), p.body(), p.smtputf8(), p.ret(), p.envid(), p.auth(), p.other());
        }
        if (message.eightBit() && p.body() == null) {
            p = p.withBody(BodyType.EIGHT_BIT_MIME);
        }
        if (utf8) {
            p = p.withSmtputf8(true);
        }
        if (!capabilities.dsn() && (p.ret() != null || p.envid() != null)) {
            note("DSN not offered: RET and ENVID left out (RFC 3461 §4)");
            p = new MailParameters(p.size(), p.body(), p.smtputf8(), null, null, p.auth(), p.other());
        }
        if (!capabilities.has("AUTH") && p.auth() != null) {
            p = p.withAuth(null);
        }
        return p;
    }

    /** One MAIL transaction for the {@code pending} recipients; returns those deferred as too many. */
    private List<Integer> transaction(Envelope envelope, MailParameters params, MessageSource message,
                                      List<Integer> pending, Map<Integer, RecipientResult> results,
                                      boolean pipelinedReset) throws Ended {
        Timeouts t = config.timeouts();
        boolean ehs = capabilities.enhancedStatusCodes();
        boolean pipelining = config.pipelining() && capabilities.pipelining();
        boolean chunking = config.chunking() && capabilities.chunking();
        List<RcptCommand> rcpts = envelope.recipients();
        boolean dsn = capabilities.dsn();
        String mailLine = new MailCommand(envelope.from(), params).toWire();

        ParsedReply mail;
        ParsedReply data = null;
        boolean dataSent = false;
        List<Integer> accepted = new ArrayList<>();
        List<Integer> deferred = new ArrayList<>();
        stage = Stage.MAIL;
        if (pipelining) {
            // RFC 2920 §3.1: RSET, MAIL, the RCPTs and DATA (last in the group) go out together; RCPTs
            // in groups of RCPT_GROUP, so that a long list cannot fill both sides' socket buffers
            // while neither side reads
            mail = null;
            for (int from = 0; from < pending.size(); from += RCPT_GROUP) {
                List<Integer> group = pending.subList(from, Math.min(pending.size(), from + RCPT_GROUP));
                boolean first = from == 0;
                boolean last = from + RCPT_GROUP >= pending.size();
                if (first) {
                    if (pipelinedReset) {
                        writeLine("RSET");
                    }
                    writeLine(mailLine);
                }
                for (int i : group) {
                    writeLine(rcptLine(rcpts.get(i), dsn));
                }
                if (last && !chunking) {
                    writeLine("DATA");
                    dataSent = true;
                }
                flush();
                if (first) {
                    if (pipelinedReset) {
                        stage = Stage.RSET;
                        checkReset(read(config.timeouts().command(), ehs));
                    }
                    stage = Stage.MAIL;
                    mail = read(t.mail(), ehs);
                }
                stage = Stage.RCPT;
                for (int i : group) {
                    classifyRcpt(i, rcpts.get(i), read(t.rcpt(), ehs), accepted, deferred, results);
                }
                if (mail.code() / 100 != 2) {
                    break;
                }
            }
            if (dataSent) {
                stage = Stage.DATA;
                data = read(t.dataInit(), ehs);
            }
        } else {
            writeLine(mailLine);
            flush();
            mail = read(t.mail(), ehs);
            if (mail.code() / 100 == 2) {
                stage = Stage.RCPT;
                for (int i : pending) {
                    writeLine(rcptLine(rcpts.get(i), dsn));
                    flush();
                    classifyRcpt(i, rcpts.get(i), read(t.rcpt(), ehs), accepted, deferred, results);
                }
            }
        }

        if (mail.code() / 100 != 2) {
            for (int i : pending) {
                results.put(i, result(rcpts.get(i), mail.reply(), false, Stage.MAIL, "the server refused the sender"));
            }
            finishRefusedData(data);
            needsReset = true;
            return List.of();
        }

        if (accepted.isEmpty()) {
            finishRefusedData(data);
            needsReset = true;
            return deferred;
        }

        ParsedReply end;
        stage = Stage.DATA;
        if (chunking) {
            end = sendChunks(message, accepted, rcpts, results);
            if (end == null) {
                needsReset = true;
                return deferred;
            }
        } else {
            if (!dataSent) {
                writeLine("DATA");
                flush();
                data = read(t.dataInit(), ehs);
            }
            if (data.code() != 354) {
                for (int i : accepted) {
                    results.put(i, result(rcpts.get(i), data.reply(), false, Stage.DATA, "the server refused DATA"));
                }
                needsReset = true;
                return deferred;
            }
            long octets = streamMessage(message);
            stage = Stage.END_OF_DATA;
            note("message sent: " + octets + " octets, dot-stuffed, then <CRLF>.<CRLF>");
            end = read(t.dataEnd(), ehs);
        }
        for (int i : accepted) {
            results.put(i, result(rcpts.get(i), end.reply(), false, Stage.END_OF_DATA,
                    end.code() / 100 == 2 ? "the server accepted the message" : "the server refused the message after the data"));
        }
        needsReset = false;
        return deferred;
    }

    private void classifyRcpt(int i, RcptCommand rcpt, ParsedReply r, List<Integer> accepted, List<Integer> deferred,
                              Map<Integer, RecipientResult> results) {
        if (r.code() / 100 == 2) {
            accepted.add(i);
        } else if (isTooManyRecipients(r.reply())) {
            deferred.add(i);
            lastTooMany.put(i, r.reply());
        } else {
            results.put(i, result(rcpt, r.reply(), false, Stage.RCPT, "the server refused the recipient"));
        }
    }

    /** With pipelining, DATA may have been answered 354 though no recipient was accepted: send an empty message to close it. */
    private void finishRefusedData(ParsedReply data) throws Ended {
        if (data != null && data.code() == 354) {
            note("354 to DATA without any accepted recipient: ending the empty data at once (RFC 2920 §3.1)");
            writeRaw(".\r\n".getBytes(StandardCharsets.US_ASCII), ".");
            flush();
            read(config.timeouts().dataEnd(), capabilities.enhancedStatusCodes());
        }
    }

    /**
     * RFC 5321 §4.5.3.1.10: the limit on recipients per transaction shows as 452 (or the
     * non-standard 453) with X.5.3, or as 452/453 without an enhanced code; 552 with X.5.3 is read
     * the same way, as that section asks of clients for the old 552.
     */
    static boolean isTooManyRecipients(Reply r) {
        EnhancedCode e = r.enhanced();
        boolean x53 = e != null && e.subject() == 5 && e.detail() == 3;
        return switch (r.code()) {
            case 453 -> true;
            case 452 -> x53 || (e == null && r.text().toLowerCase(java.util.Locale.ROOT).contains("recipient"));
            case 552 -> x53;
            default -> false;
        };
    }

    private String rcptLine(RcptCommand rcpt, boolean dsn) {
        if (!dsn && (!rcpt.params().notifyOn().isEmpty() || rcpt.params().orcpt() != null)) {
            return new RcptCommand(rcpt.to(), new RcptParameters(Set.of(), null, rcpt.params().other())).toWire();
        }
        return rcpt.toWire();
    }

    private long streamMessage(MessageSource message) throws Ended {
        try (InputStream src = message.open();
             CanonicalInputStream canon = new CanonicalInputStream(new BufferedInputStream(src, 64 * 1024), true)) {
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = canon.read(buf, 0, buf.length)) > 0) {
                writeData(buf, n);
            }
            writeData(".\r\n".getBytes(StandardCharsets.US_ASCII), 3);
            flush();
            return canon.count();
        } catch (IOException e) {
            throw sourceOrNetwork(e);
        }
    }

    /** BDAT (RFC 3030): chunks of {@code chunkSize} octets, each answered; returns the reply to the last, or null after a refusal. */
    private ParsedReply sendChunks(MessageSource message, List<Integer> accepted, List<RcptCommand> rcpts,
                                   Map<Integer, RecipientResult> results) throws Ended {
        boolean ehs = capabilities.enhancedStatusCodes();
        Timeouts t = config.timeouts();
        try (InputStream src = message.open();
             CanonicalInputStream canon = new CanonicalInputStream(new BufferedInputStream(src, 64 * 1024), false)) {
            byte[] chunk = new byte[config.chunkSize()];
            byte[] next = new byte[1];
            int carried = 0;
            int chunks = 0;
            while (true) {
                int len = carried;
                if (carried == 1) {
                    chunk[0] = next[0];
                }
                while (len < chunk.length) {
                    int n = canon.read(chunk, len, chunk.length - len);
                    if (n < 0) {
                        break;
                    }
                    len += n;
                }
                // look one octet ahead to know whether this is the last chunk
                int peek = len == chunk.length ? canon.read() : -1;
                boolean last = peek < 0;
                carried = 0;
                if (!last) {
                    next[0] = (byte) peek;
                    carried = 1;
                }
                String cmd = "BDAT " + len + (last ? " LAST" : "");
                writeLine(cmd);
                writeDataQuiet(chunk, len);
                flush();
                chunks++;
                if (last) {
                    stage = Stage.END_OF_DATA;
                }
                ParsedReply r = read(last ? t.dataEnd() : t.dataBlock(), ehs);
                if (last) {
                    stage = Stage.END_OF_DATA;
                    note("message sent in " + chunks + " BDAT chunk(s), " + canon.count() + " octets");
                    return r;
                }
                if (r.code() / 100 != 2) {
                    for (int i : accepted) {
                        results.put(i, result(rcpts.get(i), r.reply(), false, Stage.DATA, "the server refused a BDAT chunk"));
                    }
                    return null;
                }
            }
        } catch (IOException e) {
            throw sourceOrNetwork(e);
        }
    }

    /** Sends RSET; a refusal other than 421 closes the session too, since its state is then unknown. */
    private void reset() throws Ended {
        stage = Stage.RSET;
        writeLine("RSET");
        flush();
        checkReset(read(config.timeouts().command(), capabilities.enhancedStatusCodes()));
    }

    private void checkReset(ParsedReply r) throws Ended {
        if (r.code() / 100 != 2) {
            // the server's state is unknown now; replies to anything pipelined after RSET are not read
            closeSocket();
            throw new Ended(r.reply(), false, Stage.RSET);
        }
        needsReset = false;
    }

    /** Sends NOOP and tells whether the server answered 2xx: a liveness check before reusing a pooled session. */
    public boolean noop() {
        if (!open) {
            return false;
        }
        List<TranscriptEntry> before = log;
        // a pooled session may be checked often: keep those NOOPs out of its transcript
        log = new ArrayList<>();
        try {
            writeLine("NOOP");
            flush();
            return read(config.timeouts().command(), capabilities.enhancedStatusCodes()).code() / 100 == 2;
        } catch (Ended e) {
            closeSocket();
            return false;
        } finally {
            log = before;
        }
    }

    /**
     * Sends one command and returns the reply, for probes (VRFY, EXPN, HELP, NOOP, odd commands).
     * A 421 closes the session and is returned like any reply.
     *
     * @throws IOException when the connection is lost or times out
     */
    public ParsedReply command(String line) throws IOException {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("command must be one line");
        }
        try {
            writeLine(line);
            flush();
            return read(config.timeouts().command(), capabilities.enhancedStatusCodes());
        } catch (Ended e) {
            if (e.parsed != null) {
                return e.parsed;
            }
            throw new IOException(e.reply.toString());
        }
    }

    // ------------------------------------------------------------------ wire

    private void attachStreams() throws IOException {
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        out = new BufferedOutputStream(new WatchedOutputStream(socket.getOutputStream()), 16 * 1024);
        reader = new ReplyReader(in);
    }

    private void writeLine(String line) throws Ended {
        writeRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8), line);
    }

    private void writeSecret(String line, String shown) throws Ended {
        writeRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8), shown);
    }

    private void writeRaw(byte[] bytes, String shown) throws Ended {
        add(TranscriptEntry.Kind.CLIENT, shown, null);
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw network(e, null);
        }
    }

    private void writeData(byte[] b, int len) throws Ended {
        writeDataQuiet(b, len);
    }

    private void writeDataQuiet(byte[] b, int len) throws Ended {
        try {
            out.write(b, 0, len);
        } catch (IOException e) {
            throw network(e, null);
        }
    }

    private void flush() throws Ended {
        try {
            out.flush();
        } catch (IOException e) {
            throw network(e, null);
        }
    }

    /** Reads one reply; a 421 ends the session (RFC 5321 §3.8). */
    private ParsedReply read(Duration timeout, boolean enhanced) throws Ended {
        ParsedReply r;
        try {
            socket.setSoTimeout(millis(timeout));
            r = reader.read(enhanced);
        } catch (ReplyParseException e) {
            if (e.kind() == ReplyParseException.Kind.END_OF_STREAM) {
                throw new Ended(Replies.CLIENT_CONNECTION_LOST.format(hostPort(), "the server closed the connection"), true, null);
            }
            throw new Ended(Replies.CLIENT_PROTOCOL_ERROR.format(hostPort(), e.getMessage()), true, null);
        } catch (IOException e) {
            throw network(e, null);
        }
        String raw = r.raw();
        if (raw.endsWith("\n")) {
            raw = raw.substring(0, raw.length() - (raw.endsWith("\r\n") ? 2 : 1));
        }
        add(TranscriptEntry.Kind.SERVER, raw.replace("\r\n", "\n"), r);
        for (ReplyDeviation d : r.deviations()) {
            note("reply deviation tolerated: " + d);
        }
        if (r.code() == 421) {
            Ended e = new Ended(r.reply(), false, null);
            e.parsed = r;
            closeSocket();
            throw e;
        }
        return r;
    }

    private Ended network(IOException e, Stage stage) {
        if (e instanceof SocketTimeoutException || writeTimedOut) {
            return new Ended(Replies.CLIENT_TIMEOUT.format(hostPort()), true, stage);
        }
        return new Ended(Replies.CLIENT_CONNECTION_LOST.format(hostPort(), message(e)), true, stage);
    }

    /** An exception while streaming: the source failing is a local problem; the socket failing a network one. */
    private Ended sourceOrNetwork(IOException e) {
        return network(e, null);
    }

    private void add(TranscriptEntry.Kind kind, String text, ParsedReply reply) {
        TranscriptEntry entry = new TranscriptEntry(Instant.now(), kind, text, reply);
        log.add(entry);
        if (config.transcriptListener() != null) {
            config.transcriptListener().accept(entry);
        }
    }

    private void note(String text) {
        add(TranscriptEntry.Kind.NOTE, text, null);
    }

    private SmtpConnectException fail(Stage stage, Reply reply) {
        return fail(stage, reply, true);
    }

    private SmtpConnectException fail(Stage stage, Reply reply, boolean synthetic) {
        return new SmtpConnectException(stage, reply, synthetic, log);
    }

    private void quitQuietly() {
        if (!open) {
            return;
        }
        try {
            writeLine("QUIT");
            flush();
            socket.setSoTimeout(5000);
            read(Duration.ofSeconds(5), capabilities.enhancedStatusCodes());
        } catch (Ended | IOException e) {
            // the session ends either way
        }
        closeSocket();
    }

    private void closeSocket() {
        open = false;
        WRITING.remove(this);
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
    }

    /** Sends QUIT (when the connection is still up) and closes. */
    @Override
    public void close() {
        log = setupTranscript;
        quitQuietly();
    }

    // ------------------------------------------------------------------ state

    public boolean isOpen() {
        return open;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The greeting the server sent. */
    public ParsedReply greeting() {
        return greeting;
    }

    /** What the server announced in its (last) EHLO reply. */
    public Capabilities capabilities() {
        return capabilities;
    }

    /** What the server announced before STARTTLS; the same as {@link #capabilities()} without STARTTLS. */
    public Capabilities capabilitiesBeforeTls() {
        return capabilitiesBeforeTls != null ? capabilitiesBeforeTls : capabilities;
    }

    /** The TLS session, or null when the connection is plain. */
    public SSLSession tlsSession() {
        return tls;
    }

    /** Whether TLS is on and the certificate chain and host name were verified. */
    public boolean tlsVerified() {
        return tls != null && tlsVerified;
    }

    /** Puts what happened on earlier attempts (opportunistic TLS fallback) before this session's setup transcript. */
    void prependSetup(List<TranscriptEntry> earlier) {
        setupTranscript.addAll(0, earlier);
    }

    /** The AUTH mechanism used, or null. */
    public String authMechanism() {
        return authMechanism;
    }

    /** Connect, greeting, EHLO, STARTTLS and AUTH, as said. */
    public List<TranscriptEntry> setupTranscript() {
        return List.copyOf(setupTranscript);
    }

    private String hostPort() {
        return host + ":" + port;
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** The session ended (421, lost connection, timeout, unreadable reply) or a step failed. */
    private static final class Ended extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Reply reply;
        final boolean synthetic;
        final Stage stage;
        transient ParsedReply parsed;

        Ended(Reply reply, boolean synthetic, Stage stage) {
            super(reply.toString(), null, false, false);
            this.reply = reply;
            this.synthetic = synthetic;
            this.stage = stage;
        }
    }

    private RecipientResult result(RcptCommand rcpt, Reply reply, boolean synthetic, Stage stage, String reason) {
        return new RecipientResult(rcpt.to(), RecipientStatus.ofCode(reply.code()), reply, synthetic, stage, reason);
    }

    /** Socket writes that give up after the data-block timeout (RFC 5321 §4.5.3.2.5). */
    private final class WatchedOutputStream extends OutputStream {
        private final OutputStream target;

        WatchedOutputStream(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            long deadline = System.nanoTime() + config.timeouts().dataBlock().toNanos();
            writeDeadline = deadline == 0 ? 1 : deadline;
            try {
                target.write(b, off, len);
            } finally {
                writeDeadline = 0;
            }
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }
    }
}
