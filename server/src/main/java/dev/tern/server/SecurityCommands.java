package dev.tern.server;

import dev.tern.protocol.command.Command;
import dev.tern.protocol.params.MailCommand;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import dev.tern.server.auth.AuthExchange;
import dev.tern.server.auth.AuthPolicy;
import dev.tern.server.auth.AuthStep;
import io.netty.handler.ssl.SslHandler;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STARTTLS (RFC 3207) and AUTH (RFC 4954) for one session, kept apart from the rest of the
 * state machine: {@link SmtpProtocol} hands these verbs, the lines of an AUTH exchange, its EHLO
 * keywords and its MAIL checks to this class.
 */
final class SecurityCommands {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityCommands.class);

    /** What this class needs of the session's state machine. */
    interface Host {
        void reply(Reply reply);

        void closeWith(Reply reply);

        boolean inTransaction();

        /** Whether HELO or EHLO was accepted since the connection (or TLS) started. */
        boolean greeted();

        /** RFC 3207 §4.2: forget everything learnt from the client, back to before EHLO. */
        void resetForTls();
    }

    private final Host host;
    private final SmtpConnection connection;
    private final SmtpServer.Config config;
    private final Security security;
    private final SmtpInboundDecoder decoder;
    private AuthExchange exchange;
    private int failures;

    SecurityCommands(Host host, SmtpConnection connection, SmtpServer.Config config, SmtpInboundDecoder decoder) {
        this.host = host;
        this.connection = connection;
        this.config = config;
        this.security = config.security();
        this.decoder = decoder;
    }

    // ---- EHLO and MAIL ----

    /** STARTTLS while TLS is possible and not yet on; AUTH with the mechanisms usable now. */
    List<String> ehloKeywords() {
        List<String> keywords = new ArrayList<>(2);
        if (security.tlsAvailable() && !connection.tls()) {
            keywords.add("STARTTLS");
        }
        if (authAdvertised()) {
            List<String> mechanisms = security.authPolicy().advertised(connection.tls(), security.authenticator());
            keywords.add("AUTH " + String.join(" ", mechanisms));
        }
        return keywords;
    }

    /**
     * The security commands HELP lists: STARTTLS while it can still be used on this connection
     * (TLS configured, not yet on; so never on an implicit-TLS listener), AUTH whenever an
     * authenticator is configured (before TLS its plaintext mechanisms may still answer 538).
     */
    List<String> helpCommands() {
        List<String> commands = new ArrayList<>(2);
        if (security.tlsAvailable() && !connection.tls()) {
            commands.add("STARTTLS");
        }
        if (security.authOffered()) {
            commands.add("AUTH");
        }
        return commands;
    }

    /** The usage line HELP gives for one of {@link #helpCommands()}. */
    String helpUsage(String command) {
        if (command.equals("STARTTLS")) {
            return "STARTTLS: start TLS on this connection, then EHLO again (RFC 3207)";
        }
        List<String> mechanisms = security.authPolicy().advertised(connection.tls(), security.authenticator());
        return "AUTH <mechanism> [initial-response]: authenticate"
                + (mechanisms.isEmpty() ? " after STARTTLS" : "; mechanisms now: " + String.join(" ", mechanisms));
    }

    /** AUTH is in the EHLO reply: offered, not yet done, and some mechanism is usable now. */
    boolean authAdvertised() {
        return security.authOffered() && connection.authenticatedIdentity().isEmpty()
                && !security.authPolicy().advertised(connection.tls(), security.authenticator()).isEmpty();
    }

    /** Why MAIL is refused before anything else is looked at, or null. */
    Reply mailRefusal() {
        if (!connection.role().authRequired() || connection.authenticatedIdentity().isPresent()) {
            return null;
        }
        if (!connection.tls() && security.tlsAvailable()) {
            // RFC 8314 §3.3 and RFC 6409: submission of credentials and mail happens under TLS
            return Replies.MAIL_STARTTLS_REQUIRED.reply();
        }
        return Replies.MAIL_AUTH_REQUIRED.reply();
    }

    /**
     * RFC 4954 §5: an AUTH= parameter from a client that has not authenticated is treated as
     * {@code AUTH=<>}; an authenticated client is trusted with the identity it names, and one
     * that names none gets its own.
     */
    MailCommand applyAuthParameter(MailCommand mail) {
        String auth = mail.params().auth();
        if (connection.authenticatedIdentity().isEmpty()) {
            return auth == null || auth.equals("<>") ? mail : new MailCommand(mail.from(), mail.params().withAuth("<>"));
        }
        if (auth == null) {
            return new MailCommand(mail.from(), mail.params().withAuth(connection.authenticatedIdentity().get()));
        }
        return mail;
    }

    // ---- STARTTLS ----

    /**
     * Returns true when TLS is being started: the decoder then stays paused until the TLS handler
     * is in place. On false the caller lets the decoder read commands again.
     */
    boolean handleStarttls(Command c) {
        if (c.hasArgument()) {
            host.reply(Replies.STARTTLS_ARGUMENT.reply());
            return false;
        }
        if (connection.tls()) {
            host.reply(Replies.STARTTLS_ALREADY.reply());
            return false;
        }
        if (host.inTransaction()) {
            host.reply(Replies.STARTTLS_IN_TRANSACTION.reply());
            return false;
        }
        if (!security.tlsAvailable()) {
            host.reply(Replies.STARTTLS_UNAVAILABLE.reply());
            return false;
        }
        SslHandler ssl;
        try {
            ssl = security.tls().get().newHandler(connection.channel().alloc());
        } catch (RuntimeException e) {
            LOG.error("cannot start TLS for {}: {}", connection.remoteAddress(), e.toString());
            host.reply(Replies.STARTTLS_UNAVAILABLE.reply());
            return false;
        }
        host.reply(Replies.STARTTLS_READY.reply());
        connection.flush();
        // RFC 3207 §4.2: the session starts over; AUTH and EHLO of the plaintext part are void
        host.resetForTls();
        exchange = null;
        failures = 0;
        connection.authenticatedIdentity(null);
        connection.startTls(ssl);
        // Anything the client pipelined after STARTTLS was sent in the clear: it is dropped,
        // never read as if it came through TLS (the CVE-2011-0411 class of injection).
        decoder.startTls(ssl);
        return true;
    }

    // ---- AUTH ----

    boolean exchangeInProgress() {
        return exchange != null;
    }

    void handleAuth(Command c) {
        if (!security.authOffered()) {
            host.reply(Replies.UNKNOWN_COMMAND.reply());
            return;
        }
        if (!host.greeted()) {
            host.reply(Replies.AUTH_NEEDS_HELO.reply());
            return;
        }
        if (connection.authenticatedIdentity().isPresent()) {
            host.reply(Replies.AUTH_ALREADY.reply());
            return;
        }
        if (host.inTransaction()) {
            host.reply(Replies.AUTH_IN_TRANSACTION.reply());
            return;
        }
        InetAddress client = connection.remoteAddress().getAddress();
        if (security.failureLimiter().blocked(client)) {
            LOG.warn("AUTH from {} refused: too many recent failures from this address", client.getHostAddress());
            host.closeWith(Replies.TOO_MANY_AUTH_FAILURES.format(config.hostname()));
            return;
        }
        String[] words = c.argument().trim().split("[ \\t]+");
        if (words[0].isEmpty() || words.length > 2) {
            host.reply(Replies.AUTH_SYNTAX.reply());
            return;
        }
        String mechanism = words[0].toUpperCase(Locale.ROOT);
        AuthPolicy.Decision decision = security.authPolicy().decide(mechanism, connection.tls(), security.authenticator());
        if (decision != AuthPolicy.Decision.ALLOWED) {
            host.reply(decision.reply());
            return;
        }
        exchange = AuthPolicy.exchange(mechanism, security.authenticator(), config.hostname());
        apply(exchange.begin(words.length == 2 ? words[1] : null));
    }

    /** A line of the client during an AUTH exchange (its answer to a 334). */
    void continueAuth(Command line) {
        String text = line.argument().isEmpty() ? line.name() : line.name() + " " + line.argument();
        apply(exchange.respond(text));
    }

    /** A line over 512 octets during the exchange ends it (RFC 4954 allows 12288, Tern keeps 512). */
    void lineTooLong() {
        exchange = null;
        host.reply(Replies.AUTH_LINE_TOO_LONG.reply());
    }

    private void apply(AuthStep step) {
        if (step instanceof AuthStep.Challenge) {
            host.reply(step.reply());
            return;
        }
        exchange = null;
        if (step instanceof AuthStep.Success ok) {
            connection.authenticatedIdentity(ok.identity());
            LOG.info("AUTH {} from {} succeeded as {}", ok.mechanism(), connection.remoteAddress().getAddress().getHostAddress(),
                    ok.identity());
            host.reply(step.reply());
            return;
        }
        AuthStep.Failed failed = (AuthStep.Failed) step;
        InetAddress client = connection.remoteAddress().getAddress();
        LOG.info("AUTH {} from {} failed: {}", failed.mechanism(), client.getHostAddress(), failed.detail());
        if (!failed.outcome().countsAsFailure()) {
            host.reply(step.reply());
            return;
        }
        failures++;
        Duration delay = security.failureLimiter().recordFailure(client);
        if (!delay.isZero()) {
            // slows guessing down; this session's worker waits, other sessions go on
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failures >= security.maxAuthFailuresPerSession()) {
            host.closeWith(Replies.TOO_MANY_AUTH_FAILURES.format(config.hostname()));
            return;
        }
        host.reply(step.reply());
    }
}
