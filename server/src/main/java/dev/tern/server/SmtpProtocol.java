package dev.tern.server;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.Mailbox;
import dev.tern.protocol.command.Command;
import dev.tern.protocol.command.Verb;
import dev.tern.protocol.params.Extension;
import dev.tern.protocol.params.MailCommand;
import dev.tern.protocol.params.MailCommandParser;
import dev.tern.protocol.params.MailOptionsContext;
import dev.tern.protocol.params.RcptCommand;
import dev.tern.protocol.params.RcptCommandParser;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import dev.tern.protocol.reply.ReplyException;
import dev.tern.protocol.reply.ReplyRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMTP state machine of one session (RFC 5321 §4.1.4, spec §2): a {@link SessionState}, one
 * {@code handleXxx} method per verb and one verb → handler table ({@link #HANDLERS}). Every reply
 * comes from the {@link Replies} registry.
 *
 * <p>Runs on the connection's serialized executor: one item at a time, in wire order, off the
 * event loop. {@link Session#data} runs on a worker of its own (it reads while the network
 * feeds), and the session waits for it before calling the backend again.
 */
final class SmtpProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpProtocol.class);
    /** One line per transaction: queue id, client, from, to, size, result. */
    private static final Logger TRANSACTIONS = LoggerFactory.getLogger("dev.tern.server.transactions");
    /** Every command and reply at DEBUG, for troubleshooting; AUTH arguments and exchanges are not shown. */
    private static final Logger WIRE = LoggerFactory.getLogger("dev.tern.server.wire");

    private static final Pattern BDAT_ARGUMENT = Pattern.compile("([0-9]{1,18})(?:[ \\t]+(LAST))?", Pattern.CASE_INSENSITIVE);
    /** Host names as clients really send them (underscores included); checked after the strict grammar. */
    private static final Pattern LENIENT_HOSTNAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?");
    private static final ReplyRegistry REGISTRY = ReplyRegistry.standard();

    /** What each verb does: the one verb → handler table (shared by all sessions). */
    private static final Map<Verb, BiConsumer<SmtpProtocol, Command>> HANDLERS = handlerTable();

    private static Map<Verb, BiConsumer<SmtpProtocol, Command>> handlerTable() {
        Map<Verb, BiConsumer<SmtpProtocol, Command>> table = new EnumMap<>(Verb.class);
        table.put(Verb.HELO, SmtpProtocol::handleHelo);
        table.put(Verb.EHLO, SmtpProtocol::handleEhlo);
        table.put(Verb.MAIL, SmtpProtocol::handleMail);
        table.put(Verb.RCPT, SmtpProtocol::handleRcpt);
        table.put(Verb.DATA, SmtpProtocol::handleData);
        table.put(Verb.BDAT, SmtpProtocol::handleBdat);
        table.put(Verb.RSET, SmtpProtocol::handleRset);
        table.put(Verb.VRFY, SmtpProtocol::handleVrfy);
        table.put(Verb.EXPN, SmtpProtocol::handleExpn);
        table.put(Verb.HELP, SmtpProtocol::handleHelp);
        table.put(Verb.NOOP, SmtpProtocol::handleNoop);
        table.put(Verb.QUIT, SmtpProtocol::handleQuit);
        table.put(Verb.TURN, SmtpProtocol::handleTurn);
        table.put(Verb.SEND, SmtpProtocol::handleSend);
        table.put(Verb.SOML, SmtpProtocol::handleSomlSaml);
        table.put(Verb.SAML, SmtpProtocol::handleSomlSaml);
        // STARTTLS and AUTH: SecurityCommands does the work
        table.put(Verb.STARTTLS, SmtpProtocol::handleStarttls);
        table.put(Verb.AUTH, SmtpProtocol::handleAuth);
        table.put(Verb.UNKNOWN, SmtpProtocol::handleUnknown);
        return table;
    }

    private final SmtpConnection connection;
    private final SmtpServer.Config config;
    private final SmtpInboundDecoder decoder;
    private final Executor workers;
    /** STARTTLS and AUTH, in a class of their own. */
    private final SecurityCommands security;

    private SessionState state = SessionState.CONNECTED;
    private Session session;
    private Transaction transaction;
    private int errors;
    /** Whether the DATA/BDAT/STARTTLS line being handled already told the decoder what follows. */
    private boolean decided;
    private boolean shuttingDown;
    private boolean loggedOut;

    /** The reply owed when the BDAT chunk being read ends (null: the chunk is accepted). */
    private Reply chunkRefusal;
    private boolean chunkAbortsTransaction;
    private long chunkSize;
    private boolean chunkLast;

    SmtpProtocol(SmtpConnection connection, SmtpServer.Config config, SmtpInboundDecoder decoder, Executor workers) {
        this.connection = connection;
        this.config = config;
        this.decoder = decoder;
        this.workers = workers;
        this.security = new SecurityCommands(new SecurityCommands.Host() {
            @Override
            public void reply(Reply reply) {
                SmtpProtocol.this.reply(reply);
            }

            @Override
            public void closeWith(Reply reply) {
                SmtpProtocol.this.closeWith(reply);
            }

            @Override
            public boolean inTransaction() {
                return SmtpProtocol.this.inTransaction();
            }

            @Override
            public boolean greeted() {
                return state != SessionState.CONNECTED;
            }

            @Override
            public void resetForTls() {
                endTransaction();
                state = SessionState.CONNECTED;
                connection.heloName(null, false);
            }
        }, connection, config, decoder);
    }

    /** One open mail transaction: MAIL accepted, recipients, and the message stream once DATA/BDAT began. */
    private static final class Transaction {
        final String queueId = QueueIds.next();
        final MailCommand mail;
        final List<ForwardPath> recipients = new ArrayList<>();
        int rcptCommands;
        boolean chunked;
        long declaredChunkOctets;
        MessagePipe pipe;
        CompletableFuture<Reply> delivery;

        Transaction(MailCommand mail) {
            this.mail = mail;
        }
    }

    // ---- entry points (serialized) ----

    void handle(Inbound item) {
        if (item instanceof Inbound.Line line) {
            handleLine(line.command());
        } else if (item instanceof Inbound.LineTooLong) {
            if (state != SessionState.CLOSING && security.exchangeInProgress()) {
                security.lineTooLong();
            } else if (state != SessionState.CLOSING) {
                reply(Replies.LINE_TOO_LONG.reply());
            }
        } else if (item instanceof Inbound.DataEnd) {
            handleEndOfData();
        } else if (item instanceof Inbound.ChunkEnd) {
            handleChunkEnd();
        } else if (item instanceof Inbound.Task task) {
            task.action().run();
        }
    }

    private void handleLine(Command command) {
        decided = false;
        if (WIRE.isDebugEnabled()) {
            boolean secret = command.verb() == Verb.AUTH || security.exchangeInProgress();
            WIRE.debug("{} C: {}", connection.remoteAddress(), secret ? command.name() + " ..." : command);
        }
        try {
            if (state == SessionState.CLOSING) {
                return;
            }
            if (state == SessionState.REFUSED) {
                handleRefused(command);
                return;
            }
            if (shuttingDown && !inTransaction()) {
                closeWith(Replies.SHUTTING_DOWN.format(config.hostname()));
                return;
            }
            if (security.exchangeInProgress()) {
                // an answer to a 334 challenge, whatever verb it looks like (RFC 4954 §4)
                security.continueAuth(command);
                return;
            }
            HANDLERS.get(command.verb()).accept(this, command);
        } catch (SmtpException e) {
            reply(e.reply());
        } catch (RuntimeException e) {
            backendFailed(command, e);
        } finally {
            // the decoder holds input back after DATA, BDAT and STARTTLS until told what follows
            if ((command.verb() == Verb.DATA || command.verb() == Verb.BDAT || command.verb() == Verb.STARTTLS) && !decided) {
                decoder.resumeCommands();
            }
        }
    }

    /**
     * An unexpected exception, from the backend or from here: spec §1 answers a local failure
     * with 451 4.3.0 where the command's row has it (MAIL, RCPT, DATA, BDAT) and the session goes
     * on; elsewhere 421 4.3.0 and close. The exception is logged, never sent.
     */
    private void backendFailed(Command command, RuntimeException e) {
        LOG.error("{} from {} failed", command.verb(), connection.remoteAddress(), e);
        if (REGISTRY.listedCodes(command.verb().stage()).contains(Replies.DATA_LOCAL_ERROR.code())) {
            reply(Replies.DATA_LOCAL_ERROR.reply());
        } else {
            internalError();
        }
    }

    /** Greeting (RFC 5321 §3.1, §4.3.1; RFC 7504). */
    void open() {
        if (config.rejectClient().test(connection.remoteAddress().getAddress())) {
            state = SessionState.REFUSED;
            reply(Replies.GREETING_CLIENT_REJECTED.format(connection.remoteAddress().getAddress().getHostAddress()));
            return;
        }
        if (!config.acceptMail()) {
            closeWith(Replies.GREETING_NOT_ACCEPTING.format(config.hostname()));
            return;
        }
        try {
            session = config.backend().newSession(connection);
        } catch (SmtpException e) {
            closeWith(e.reply());
            return;
        }
        if (session == null) {
            throw new IllegalStateException("backend returned no session");
        }
        reply(Replies.GREETING.format(config.hostname()));
    }

    void idleTimeout() {
        if (state != SessionState.CLOSING) {
            closeWith(Replies.IDLE_TIMEOUT.format(config.hostname()));
        }
    }

    void shutdown() {
        shuttingDown = true;
        if (state != SessionState.CLOSING && !inTransaction()) {
            closeWith(Replies.SHUTTING_DOWN.format(config.hostname()));
        }
    }

    /** An unexpected failure: 421 4.3.0 and close; the transaction, if any, is dropped. */
    void internalError() {
        if (state != SessionState.CLOSING) {
            closeWith(Replies.INTERNAL_ERROR.format(config.hostname()));
        }
    }

    /** The channel is closed, whoever closed it: drop the open transaction and log the session out. */
    void connectionClosed() {
        state = SessionState.CLOSING;
        if (transaction != null) {
            Transaction tx = transaction;
            abortTransaction(new MessageAbortedException("connection lost", null));
            if (tx.pipe != null) {
                // a message was on its way; a transaction that never reached DATA has nothing to log
                logTransaction(tx, "lost");
            }
        }
        if (session != null && !loggedOut) {
            loggedOut = true;
            try {
                session.logout();
            } catch (RuntimeException e) {
                LOG.warn("backend logout failed", e);
            }
        }
    }

    // ---- HELO / EHLO ----

    private void handleHelo(Command c) {
        if (greet(c, false)) {
            reply(Replies.HELO_OK.format(config.hostname()));
        }
    }

    private void handleEhlo(Command c) {
        if (greet(c, true)) {
            List<String> lines = new ArrayList<>();
            lines.add(config.hostname() + " greets " + c.argument());
            lines.addAll(ehloKeywords());
            reply(Replies.HELO_OK.reply().withLines(lines));
        }
    }

    /** Checks the HELO/EHLO argument and starts a fresh session state; false when refused. */
    private boolean greet(Command c, boolean extended) {
        if (!c.hasArgument()) {
            reply(Replies.HELO_NEEDS_DOMAIN.format(c.verb().name()));
            return false;
        }
        if (!isHeloArgument(c.argument())) {
            reply(Replies.HELO_BAD_DOMAIN.format(printable(c.argument())));
            return false;
        }
        // RFC 5321 §4.1.4: HELO/EHLO in a transaction acts as RSET first
        endTransaction();
        connection.heloName(c.argument(), extended);
        state = SessionState.READY;
        return true;
    }

    /** The EHLO keywords, built from the enabled features (STARTTLS and AUTH will add theirs here). */
    List<String> ehloKeywords() {
        List<String> keywords = new ArrayList<>();
        for (ServerFeature f : ServerFeature.values()) {
            if (config.has(f)) {
                keywords.add(f == ServerFeature.SIZE ? "SIZE " + config.limits().maxMessageSize() : f.keyword());
            }
        }
        keywords.addAll(security.ehloKeywords());
        return keywords;
    }

    private static boolean isHeloArgument(String argument) {
        try {
            new Mailbox("postmaster", argument);
            return true;
        } catch (IllegalArgumentException e) {
            return LENIENT_HOSTNAME.matcher(argument).matches() && argument.length() <= 255;
        }
    }

    // ---- MAIL / RCPT ----

    private void handleMail(Command c) {
        if (state == SessionState.CONNECTED) {
            reply(Replies.MAIL_NEEDS_HELO.reply());
            return;
        }
        if (inTransaction()) {
            reply(Replies.MAIL_NESTED.reply());
            return;
        }
        Reply securityRefusal = security.mailRefusal();
        if (securityRefusal != null) {
            reply(securityRefusal);
            return;
        }
        MailCommand mail;
        try {
            mail = security.applyAuthParameter(MailCommandParser.parse(c.argument(), mailOptions()));
        } catch (ReplyException e) {
            reply(e.reply());
            return;
        }
        long size = mail.params().size().orElse(0);
        if (size > config.limits().maxMessageSize()) {
            reply(Replies.MAIL_SIZE_TOO_BIG.format(config.limits().maxMessageSize()));
            return;
        }
        if (!config.storageCheck().hasRoomFor(size)) {
            reply(Replies.MAIL_NO_ROOM.reply());
            return;
        }
        session.mail(mail.from(), mail.params());
        transaction = new Transaction(mail);
        state = SessionState.MAIL;
        reply(Replies.MAIL_OK.format(mail.from().address()));
    }

    /** Which MAIL/RCPT parameters this session may use: those of the extensions EHLO advertised. */
    private MailOptionsContext mailOptions() {
        if (!connection.esmtp()) {
            return MailOptionsContext.none();
        }
        Set<Extension> enabled = EnumSet.noneOf(Extension.class);
        if (config.has(ServerFeature.SIZE)) {
            enabled.add(Extension.SIZE);
        }
        if (config.has(ServerFeature.EIGHTBITMIME)) {
            enabled.add(Extension.EIGHTBITMIME);
        }
        if (config.has(ServerFeature.SMTPUTF8)) {
            enabled.add(Extension.SMTPUTF8);
        }
        if (config.has(ServerFeature.DSN)) {
            enabled.add(Extension.DSN);
        }
        if (config.security().authOffered()) {
            // RFC 4954 §5: a server offering AUTH accepts the AUTH= parameter of MAIL
            enabled.add(Extension.AUTH);
        }
        return new MailOptionsContext(enabled, Set.of(), false);
    }

    private void handleRcpt(Command c) {
        if (state == SessionState.CONNECTED || state == SessionState.READY) {
            reply(Replies.RCPT_NEEDS_MAIL.reply());
            return;
        }
        if (state != SessionState.MAIL) {
            reply(Replies.BAD_SEQUENCE.format("RCPT during BDAT"));
            return;
        }
        Transaction tx = transaction;
        tx.rcptCommands++;
        if (tx.recipients.size() >= config.limits().maxRecipients()) {
            reply(Replies.RCPT_TOO_MANY.reply());
            return;
        }
        RcptCommand rcpt;
        try {
            rcpt = RcptCommandParser.parse(c.argument(), mailOptions(), tx.mail.params().smtputf8());
        } catch (ReplyException e) {
            reply(e.reply());
            return;
        }
        Reply accepted = session.rcpt(rcpt.to(), rcpt.params());
        tx.recipients.add(rcpt.to());
        reply(accepted != null ? accepted : Replies.RCPT_OK.format(rcpt.to().address()));
    }

    // ---- DATA / BDAT / end of data ----

    private void handleData(Command c) {
        if (c.hasArgument()) {
            reply(Replies.DATA_ARGUMENT.reply());
            return;
        }
        Reply refusal = dataRefusal();
        if (refusal != null) {
            reply(refusal);
            return;
        }
        if (transaction.chunked) {
            reply(Replies.BDAT_AFTER_DATA.reply());
            return;
        }
        startMessage();
        state = SessionState.DATA;
        reply(Replies.DATA_START.reply());
        connection.flush();
        decided = true;
        decoder.enterData(transaction.pipe);
    }

    /** Why DATA or the first BDAT cannot start now, or null when it can. */
    private Reply dataRefusal() {
        if (state == SessionState.CONNECTED || state == SessionState.READY) {
            return Replies.DATA_NEEDS_MAIL.reply();
        }
        if (state == SessionState.MAIL && transaction.recipients.isEmpty()) {
            // RFC 5321 §3.3: 554 when recipients were tried and none accepted, 503 when none was tried
            return transaction.rcptCommands > 0 ? Replies.DATA_NO_VALID_RECIPIENTS.reply() : Replies.DATA_NEEDS_RCPT.reply();
        }
        return null;
    }

    private void handleBdat(Command c) {
        if (!config.has(ServerFeature.CHUNKING)) {
            handleUnknown(c);
            return;
        }
        Matcher m = BDAT_ARGUMENT.matcher(c.argument());
        if (!m.matches()) {
            // the chunk size is unknown, so its octets cannot be skipped: they will read as commands
            reply(Replies.BDAT_SYNTAX.reply());
            return;
        }
        chunkSize = Long.parseLong(m.group(1));
        chunkLast = m.group(2) != null;
        chunkRefusal = null;
        chunkAbortsTransaction = false;
        MessageSink sink = MessageSink.DISCARD;
        if (state == SessionState.REFUSED) {
            // read the chunk all the same, so that its octets are not taken for commands
            chunkRefusal = Replies.REFUSED_ONLY_QUIT.reply();
        } else if (state != SessionState.CHUNKING) {
            chunkRefusal = dataRefusal();
        }
        if (chunkRefusal == null) {
            Transaction tx = transaction;
            tx.declaredChunkOctets += chunkSize;
            if (tx.declaredChunkOctets > config.limits().maxMessageSize()) {
                // RFC 3030 §2: the chunk is still read, then refused; the transaction is over
                chunkRefusal = Replies.DATA_TOO_BIG.format(config.limits().maxMessageSize());
                chunkAbortsTransaction = true;
            } else {
                if (state != SessionState.CHUNKING) {
                    tx.chunked = true;
                    startMessage();
                    state = SessionState.CHUNKING;
                }
                sink = tx.pipe;
            }
        }
        decided = true;
        decoder.enterChunk(chunkSize, sink);
    }

    private void handleChunkEnd() {
        if (state == SessionState.CLOSING) {
            return;
        }
        if (chunkRefusal != null) {
            Reply refusal = chunkRefusal;
            chunkRefusal = null;
            if (chunkAbortsTransaction && transaction != null) {
                Transaction tx = transaction;
                abortTransaction(new MessageAbortedException("message too big", refusal));
                logTransaction(tx, refusal.toString());
            }
            reply(refusal);
            return;
        }
        if (chunkLast) {
            transaction.pipe.end();
            finishMessage();
        } else {
            reply(Replies.BDAT_OK.format(chunkSize));
        }
    }

    private void handleEndOfData() {
        if (state != SessionState.DATA) {
            return;
        }
        transaction.pipe.end();
        finishMessage();
    }

    /** Opens the message stream (Received header + pipe) and starts {@link Session#data} on a worker. */
    private void startMessage() {
        Transaction tx = transaction;
        tx.pipe = new MessagePipe(config.limits().maxMessageSize(), config.bareLineEndings(), config.strictLineLength(), decoder);
        byte[] received = ReceivedHeader.build(connection.heloName().orElse("unknown"),
                ReceivedHeader.addressLiteral(connection.remoteAddress().getAddress())
                        + ReceivedHeader.tlsComment(connection.tlsProtocol(), connection.tlsCipher()), config.hostname(),
                ReceivedHeader.protocol(connection.esmtp(), connection.tls(), connection.authenticatedIdentity().isPresent(),
                        tx.mail.params().smtputf8()),
                tx.queueId, tx.recipients.size() == 1 ? tx.recipients.get(0).toString() : null, ZonedDateTime.now());
        InputStream message = new SequenceInputStream(new ByteArrayInputStream(received), tx.pipe);
        Session s = session;
        tx.delivery = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = message) {
                return s.data(tx.queueId, in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, workers);
    }

    /** The end of data was read: wait for the backend, answer, log, end the transaction. */
    private void finishMessage() {
        Transaction tx = transaction;
        connection.flush();
        Reply result = awaitDelivery(tx);
        logTransaction(tx, result.toString());
        endTransaction();
        reply(result);
        if (shuttingDown) {
            closeWith(Replies.SHUTTING_DOWN.format(config.hostname()));
        }
    }

    private Reply awaitDelivery(Transaction tx) {
        Reply returned = null;
        Throwable failure = null;
        try {
            returned = tx.delivery.get();
        } catch (ExecutionException e) {
            failure = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        }
        // a stream failure (size, bare line ending) decides, whatever the backend did with it
        MessageAbortedException aborted = tx.pipe.failure();
        if (aborted != null && aborted.reply().isPresent()) {
            return aborted.reply().get();
        }
        if (failure instanceof SmtpException e) {
            return e.reply();
        }
        if (failure instanceof MessageAbortedException e && e.reply().isPresent()) {
            return e.reply().get();
        }
        if (failure != null) {
            LOG.error("backend failed to take message {} from {}", tx.queueId, connection.remoteAddress(), failure);
            return Replies.DATA_LOCAL_ERROR.reply();
        }
        return returned != null ? returned : Replies.DATA_STORED.format(tx.queueId);
    }

    /** Ends the open transaction, if any, telling the backend (RFC 5321 §4.1.1.5). */
    private void endTransaction() {
        if (transaction != null) {
            abortTransaction(new MessageAbortedException("transaction reset", null));
        }
    }

    private void abortTransaction(MessageAbortedException why) {
        Transaction tx = transaction;
        transaction = null;
        if (state == SessionState.MAIL || state == SessionState.DATA || state == SessionState.CHUNKING) {
            state = SessionState.READY;
        }
        if (tx == null) {
            return;
        }
        if (tx.pipe != null) {
            tx.pipe.fail(why);
            try {
                tx.delivery.join();
            } catch (RuntimeException e) {
                // the backend saw the failed stream; nothing was stored
            }
        }
        if (session != null) {
            try {
                session.reset();
            } catch (RuntimeException e) {
                LOG.warn("backend reset failed", e);
            }
        }
    }

    private void logTransaction(Transaction tx, String result) {
        TRANSACTIONS.info("queue={} client={} from={} to={} size={} result={}", tx.queueId,
                connection.remoteAddress().getAddress().getHostAddress(), tx.mail.from(),
                tx.recipients.stream().map(ForwardPath::toString).collect(Collectors.joining(",")),
                tx.pipe == null ? 0 : tx.pipe.received(), result);
    }

    // ---- RSET, VRFY, EXPN, HELP, NOOP, QUIT ----

    private void handleRset(Command c) {
        if (c.hasArgument()) {
            reply(Replies.NO_ARGUMENTS_ALLOWED.format("RSET"));
            return;
        }
        endTransaction();
        reply(Replies.OK.reply());
    }

    private void handleVrfy(Command c) {
        if (!c.hasArgument()) {
            reply(Replies.VRFY_NEEDS_ARGUMENT.format("VRFY"));
            return;
        }
        reply(session.verify(c.argument()));
    }

    private void handleExpn(Command c) {
        if (!c.hasArgument()) {
            reply(Replies.VRFY_NEEDS_ARGUMENT.format("EXPN"));
            return;
        }
        reply(session.expand(c.argument()));
    }

    private static final Map<String, String> USAGE = Map.ofEntries(
            Map.entry("HELO", "HELO <domain>: greet the server (plain SMTP)"),
            Map.entry("EHLO", "EHLO <domain>: greet the server and list its extensions"),
            Map.entry("MAIL", "MAIL FROM:<sender> [SIZE=n] [BODY=7BIT|8BITMIME] [SMTPUTF8] [RET=FULL|HDRS] [ENVID=id]"),
            Map.entry("RCPT", "RCPT TO:<recipient> [NOTIFY=NEVER|SUCCESS,FAILURE,DELAY] [ORCPT=rfc822;address]"),
            Map.entry("DATA", "DATA: send the message, end it with <CRLF>.<CRLF>"),
            Map.entry("BDAT", "BDAT <size> [LAST]: send a chunk of the message"),
            Map.entry("RSET", "RSET: abandon the current transaction"),
            Map.entry("VRFY", "VRFY <address>: verify an address"),
            Map.entry("EXPN", "EXPN <list>: expand a mailing list"),
            Map.entry("HELP", "HELP [command]: this help"),
            Map.entry("NOOP", "NOOP: do nothing"),
            Map.entry("QUIT", "QUIT: close the connection"));

    private void handleHelp(Command c) {
        if (!config.has(ServerFeature.HELP)) {
            reply(Replies.NOT_IMPLEMENTED.format("HELP"));
            return;
        }
        String topic = c.argument().toUpperCase(Locale.ROOT);
        // STARTTLS and AUTH are listed only where this listener offers them now
        List<String> securityCommands = security.helpCommands();
        if (topic.isEmpty()) {
            List<String> lines = new ArrayList<>(List.of(
                    "Tern SMTP server; commands:",
                    "HELO EHLO MAIL RCPT DATA BDAT RSET",
                    "VRFY EXPN HELP NOOP QUIT"));
            if (!securityCommands.isEmpty()) {
                lines.add(String.join(" ", securityCommands));
            }
            lines.add("HELP <command> gives its syntax");
            reply(Replies.HELP.reply().withLines(lines));
        } else if (topic.equals("STATUS") && statusAllowed()) {
            reply(Replies.HELP_STATUS.format(config.hostname() + " up, " + connection.connectionCount() + " connections"));
        } else if (USAGE.containsKey(topic)) {
            reply(Replies.HELP.format(USAGE.get(topic)));
        } else if (securityCommands.contains(topic)) {
            reply(Replies.HELP.format(security.helpUsage(topic)));
        } else {
            reply(Replies.HELP_UNKNOWN_TOPIC.format(printable(c.argument())));
        }
    }

    /** Spec §1: HELP STATUS for a loopback or authenticated client only. */
    private boolean statusAllowed() {
        return connection.remoteAddress().getAddress().isLoopbackAddress() || connection.authenticatedIdentity().isPresent();
    }

    private void handleNoop(Command c) {
        // RFC 5321 §4.1.1.9: a NOOP argument is allowed and ignored
        reply(Replies.OK.reply());
    }

    private void handleQuit(Command c) {
        if (c.hasArgument()) {
            reply(Replies.NO_ARGUMENTS_ALLOWED.format("QUIT"));
            return;
        }
        closeWith(Replies.QUIT_OK.format(config.hostname()));
    }

    // ---- commands Tern refuses ----

    private void handleTurn(Command c) {
        // RFC 2821 §4.1.1 / RFC 5321 appendix F.1: unauthenticated role reversal is unsafe
        reply(Replies.TURN_NOT_SUPPORTED.reply());
    }

    private void handleSend(Command c) {
        reply(Replies.NOT_IMPLEMENTED.format("SEND"));
    }

    /** SOML and SAML: 502, or MAIL in legacy mode (spec §2: there are no terminals to send to). */
    private void handleSomlSaml(Command c) {
        if (config.legacyCommands()) {
            handleMail(c);
        } else {
            reply(Replies.NOT_IMPLEMENTED.format(c.verb().name()));
        }
    }

    private void handleStarttls(Command c) {
        decided = security.handleStarttls(c);
    }

    private void handleAuth(Command c) {
        security.handleAuth(c);
    }

    private void handleUnknown(Command c) {
        reply(Replies.UNKNOWN_COMMAND.reply());
    }

    /** After a 554 greeting only QUIT is served (RFC 5321 §3.1); others get a refusal their row allows. */
    private void handleRefused(Command c) {
        switch (c.verb()) {
            case QUIT, NOOP, RSET, HELP, UNKNOWN, SEND, BDAT -> HANDLERS.get(c.verb()).accept(this, c);
            default -> {
                Set<Integer> row = REGISTRY.listedCodes(c.verb().stage());
                if (row.contains(Replies.REFUSED_ONLY_QUIT.code())) {
                    reply(Replies.REFUSED_ONLY_QUIT.reply());
                } else if (row.contains(Replies.CLIENT_REFUSED.code())) {
                    reply(Replies.CLIENT_REFUSED.format(connection.remoteAddress().getAddress().getHostAddress()));
                } else {
                    reply(Replies.GREETING_NOT_ACCEPTING.format(config.hostname()));
                }
            }
        }
    }

    // ---- replies ----

    private boolean inTransaction() {
        return state == SessionState.MAIL || state == SessionState.DATA || state == SessionState.CHUNKING;
    }

    /**
     * Writes a reply. Enhanced codes (RFC 2034) are sent unless the client greeted with HELO or
     * the feature is off. Protocol errors are counted; past the limit the reply becomes 421 and
     * the connection closes.
     */
    private void reply(Reply reply) {
        if (state == SessionState.CLOSING) {
            return;
        }
        if (isProtocolError(reply.code()) && ++errors > config.limits().maxErrors()) {
            closeWith(Replies.TOO_MANY_ERRORS.format(config.hostname()));
            return;
        }
        connection.write(reply, withEnhanced());
        WIRE.debug("{} S: {}", connection.remoteAddress(), reply);
    }

    private boolean withEnhanced() {
        return config.has(ServerFeature.ENHANCEDSTATUSCODES) && (connection.esmtp() || connection.heloName().isEmpty());
    }

    private static boolean isProtocolError(int code) {
        return (code >= 500 && code <= 504) || code == 555;
    }

    private void closeWith(Reply reply) {
        if (state == SessionState.CLOSING) {
            return;
        }
        connection.write(reply, withEnhanced());
        state = SessionState.CLOSING;
        decoder.stop();
        connection.close();
    }

    /** Client text for a reply: printable ASCII only, at most 100 characters. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 100; i++) {
            char ch = s.charAt(i);
            b.append(ch >= 32 && ch < 127 ? ch : '?');
        }
        return b.toString();
    }
}
