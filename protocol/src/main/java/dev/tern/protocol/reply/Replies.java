package dev.tern.protocol.reply;

/**
 * Every reply Tern sends or synthesises, by name. Server and client code name an entry here
 * instead of writing a code; {@link #reply()} gives the value, {@link #format(Object...)} fills
 * {@code %s} placeholders. {@code ReplyCatalogueTest} checks each entry against
 * {@link ReplyRegistry}: the basic code is known and the enhanced code's class and registry entry
 * fit it.
 *
 * <p>RFC 2034 §3 exempts the greeting and the replies to HELO and EHLO from enhanced codes; 334
 * and 354 carry none either.
 */
public enum Replies {
    // --- connection opening ---
    GREETING(220, null, "%s ESMTP Tern"),
    GREETING_NOT_ACCEPTING(521, "5.3.2", "%s does not accept mail"),
    GREETING_CLIENT_REJECTED(554, "5.7.1", "%s: connections from your address are refused"),

    // --- closing a session from the server side (421 may answer any command) ---
    SHUTTING_DOWN(421, "4.3.2", "%s Service shutting down, closing connection"),
    /** Any command but QUIT after a 554 greeting, where the command's row has 503 (RFC 5321 §3.1). */
    REFUSED_ONLY_QUIT(503, "5.5.1", "Connection refused by policy; only QUIT is accepted"),
    /** A command after a 554 greeting whose row has 550 but not 503 (EHLO, VRFY, EXPN). */
    CLIENT_REFUSED(550, "5.7.1", "%s: connections from your address are refused"),
    /** A command that is valid but not at this point of the session (RFC 5321 §4.1.4). */
    BAD_SEQUENCE(503, "5.5.1", "Bad sequence of commands: %s"),
    TOO_MANY_CONNECTIONS(421, "4.7.0", "%s Too many connections, try again later"),
    TOO_MANY_CONNECTIONS_FROM_CLIENT(421, "4.7.0", "%s Too many connections from your address, try again later"),
    IDLE_TIMEOUT(421, "4.4.2", "%s Timeout waiting for client input, closing connection"),
    TOO_MANY_ERRORS(421, "4.7.0", "%s Too many errors, closing connection"),
    TOO_MANY_AUTH_FAILURES(421, "4.7.0", "%s Too many failed authentication attempts, closing connection"),
    INTERNAL_ERROR(421, "4.3.0", "%s Internal server error, closing connection"),

    // --- HELO / EHLO (no enhanced codes, RFC 2034 §3) ---
    HELO_OK(250, null, "%s"),
    HELO_NEEDS_DOMAIN(501, "5.5.4", "Syntax: %s domain or address literal"),
    HELO_BAD_DOMAIN(501, "5.5.4", "Invalid domain name or address literal: %s"),

    // --- MAIL ---
    MAIL_OK(250, "2.1.0", "Sender <%s> OK"),
    MAIL_NEEDS_HELO(503, "5.5.1", "Send HELO or EHLO first"),
    MAIL_NESTED(503, "5.5.1", "Sender already given; send RSET to start over"),
    MAIL_SYNTAX(501, "5.5.4", "Syntax: MAIL FROM:<address> [parameters]"),
    MAIL_BAD_SENDER(501, "5.1.7", "Bad sender address syntax"),
    MAIL_SENDER_REJECTED(550, "5.7.1", "<%s>: Sender address rejected by policy"),
    MAIL_SIZE_TOO_BIG(552, "5.3.4", "Message size exceeds the fixed limit of %s bytes"),
    MAIL_NO_ROOM(452, "4.3.1", "Insufficient system storage, try again later"),
    MAIL_AUTH_REQUIRED(530, "5.7.0", "Authentication required"),
    MAIL_STARTTLS_REQUIRED(530, "5.7.0", "Must issue a STARTTLS command first"),

    // --- parameters of MAIL and RCPT (RFC 5321 §4.1.2, RFC 1870, 6152, 6531, 3461, 4954) ---
    PARAM_UNKNOWN(555, "5.5.4", "Unsupported parameter: %s"),
    PARAM_SYNTAX(501, "5.5.4", "Bad parameter syntax: %s"),
    PARAM_DUPLICATE(501, "5.5.4", "Parameter given twice: %s"),
    PARAM_NOT_NOW(455, "4.5.4", "Cannot honour parameter now: %s"),
    SMTPUTF8_REQUIRED(553, "5.6.7", "Non-ASCII address requires SMTPUTF8: %s"),

    // --- RCPT ---
    RCPT_OK(250, "2.1.5", "Recipient <%s> OK"),
    RCPT_WILL_FORWARD(251, "2.1.5", "User not local; will forward to <%s>"),
    RCPT_NEEDS_MAIL(503, "5.5.1", "Need MAIL before RCPT"),
    RCPT_SYNTAX(501, "5.5.4", "Syntax: RCPT TO:<address> [parameters]"),
    RCPT_BAD_ADDRESS(553, "5.1.3", "Bad recipient address syntax"),
    RCPT_UNKNOWN_USER(550, "5.1.1", "<%s>: Recipient address rejected: no such user here"),
    RCPT_RELAY_DENIED(550, "5.7.1", "<%s>: Relay access denied"),
    RCPT_MAILBOX_DISABLED(550, "5.2.1", "<%s>: Mailbox disabled, not accepting messages"),
    RCPT_MOVED(551, "5.1.6", "User not local; please try <%s>"),
    RCPT_TOO_MANY(452, "4.5.3", "Too many recipients"),
    RCPT_MAILBOX_BUSY(450, "4.2.1", "<%s>: Mailbox busy, try again later"),
    RCPT_GREYLISTED(450, "4.7.1", "<%s>: Greylisted, try again later"),
    RCPT_OVER_QUOTA(552, "5.2.2", "<%s>: Mailbox full"),
    RCPT_OVER_QUOTA_SOFT(452, "4.2.2", "<%s>: Mailbox full, try again later"),
    RCPT_SUPPRESSED(550, "5.1.1", "<%s>: Address suppressed since %s after a hard bounce: %s"),
    RCPT_LOOKUP_FAILED(451, "4.3.0", "<%s>: Temporary lookup failure"),
    /**
     * Not for the server: 556 is in no spec §2 row (spec §1: "never by default"); the relay
     * reports a null-MX domain with {@link #CLIENT_NULL_MX}.
     *
     * @deprecated use {@link #CLIENT_NULL_MX}
     */
    @Deprecated
    RCPT_NULL_MX(556, "5.1.10", "<%s>: Domain publishes a null MX and accepts no mail"),

    // --- DATA, BDAT and end of data ---
    DATA_START(354, null, "End data with <CR><LF>.<CR><LF>"),
    DATA_NEEDS_MAIL(503, "5.5.1", "Need MAIL command"),
    DATA_NEEDS_RCPT(503, "5.5.1", "Need RCPT command"),
    DATA_NO_VALID_RECIPIENTS(554, "5.5.1", "No valid recipients"),
    DATA_ARGUMENT(501, "5.5.4", "Syntax: DATA takes no arguments"),
    DATA_STORED(250, "2.0.0", "Ok: queued as %s"),
    DATA_TOO_BIG(552, "5.3.4", "Message size exceeds the fixed limit of %s bytes"),
    DATA_LOCAL_ERROR(451, "4.3.0", "Local error in processing; message not stored, try again later"),
    DATA_NO_ROOM(452, "4.3.1", "Insufficient system storage, try again later"),
    DATA_BARE_NEWLINE(554, "5.6.0", "Message refused: bare CR or LF in data; lines must end with CRLF"),
    /** Strict line length only (spec §4): a DATA text line over 1000 octets with its CRLF (RFC 5321 §4.5.3.1.6). */
    DATA_LINE_TOO_LONG(554, "5.6.0", "Message refused: a text line is longer than 1000 octets"),
    DATA_OVER_QUOTA(552, "5.2.2", "Mailbox full"),
    DATA_OVER_QUOTA_SOFT(452, "4.2.2", "Mailbox full, try again later"),
    DATA_CONTENT_REJECTED(554, "5.7.1", "Message content rejected by policy"),
    DATA_CONTENT_REJECTED_541(541, "5.7.1", "Message content rejected by policy"),
    BDAT_OK(250, "2.0.0", "%s octets received"),
    BDAT_SYNTAX(501, "5.5.4", "Syntax: BDAT size [LAST]"),
    BDAT_AFTER_DATA(503, "5.5.1", "BDAT and DATA cannot be mixed in one transaction"),

    // --- RSET, NOOP, QUIT, HELP ---
    OK(250, "2.0.0", "Ok"),
    NO_ARGUMENTS_ALLOWED(501, "5.5.4", "Syntax: %s takes no arguments"),
    QUIT_OK(221, "2.0.0", "%s closing connection"),
    HELP(214, "2.0.0", "%s"),
    HELP_UNKNOWN_TOPIC(504, "5.5.4", "No help available for %s"),
    HELP_STATUS(211, "2.0.0", "%s"),

    // --- VRFY / EXPN ---
    VRFY_CANNOT_VERIFY(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery"),
    VRFY_OK(250, "2.1.5", "<%s>"),
    VRFY_WILL_FORWARD(251, "2.1.5", "User not local; will forward to <%s>"),
    VRFY_UNKNOWN(550, "5.1.1", "<%s>: no such user here"),
    VRFY_AMBIGUOUS(553, "5.1.4", "Ambiguous address: %s"),
    VRFY_NEEDS_ARGUMENT(501, "5.5.4", "Syntax: %s user or address"),
    EXPN_DISABLED(502, "5.5.1", "EXPN command is disabled"),
    EXPN_OK(250, "2.1.5", "<%s>"),
    EXPN_NOT_A_LIST(550, "5.1.1", "<%s>: not a mailing list here"),

    // --- commands Tern refuses ---
    UNKNOWN_COMMAND(500, "5.5.2", "Command unrecognized"),
    LINE_TOO_LONG(500, "5.5.6", "Command line too long"),
    TURN_NOT_SUPPORTED(502, "5.5.1", "TURN is not supported"),
    NOT_IMPLEMENTED(502, "5.5.1", "%s is not implemented"),

    // --- STARTTLS (RFC 3207) ---
    STARTTLS_READY(220, "2.0.0", "Ready to start TLS"),
    STARTTLS_UNAVAILABLE(454, "4.7.0", "TLS not available"),
    STARTTLS_ARGUMENT(501, "5.5.4", "Syntax: STARTTLS takes no arguments"),
    STARTTLS_ALREADY(503, "5.5.1", "TLS already active"),
    STARTTLS_IN_TRANSACTION(503, "5.5.1", "STARTTLS not allowed inside a mail transaction"),

    // --- AUTH (RFC 4954) ---
    AUTH_CHALLENGE(334, null, "%s"),
    AUTH_OK(235, "2.7.0", "Authentication successful"),
    AUTH_FAILED(535, "5.7.8", "Authentication credentials invalid"),
    AUTH_UNKNOWN_MECHANISM(504, "5.5.4", "Unrecognized authentication mechanism"),
    AUTH_BAD_BASE64(501, "5.5.2", "Cannot decode base64 response"),
    AUTH_CANCELLED(501, "5.0.0", "Authentication cancelled"),
    AUTH_SYNTAX(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]"),
    AUTH_ALREADY(503, "5.5.1", "Already authenticated"),
    AUTH_IN_TRANSACTION(503, "5.5.1", "AUTH not allowed inside a mail transaction"),
    AUTH_NEEDS_HELO(503, "5.5.1", "Send EHLO first"),
    AUTH_TEMPORARY_FAILURE(454, "4.7.0", "Temporary authentication failure"),
    AUTH_TOO_WEAK(534, "5.7.9", "Authentication mechanism is too weak"),
    AUTH_NEEDS_TLS(538, "5.7.11", "Encryption required for requested authentication mechanism"),
    AUTH_PASSWORD_TRANSITION(432, "4.7.12", "A password transition is needed"),
    AUTH_LINE_TOO_LONG(500, "5.5.6", "Authentication exchange line is too long"),

    // --- replies the client and relay synthesise for outcomes no server sent ---
    CLIENT_CONNECTION_FAILED(421, "4.4.1", "No answer from host %s: %s"),
    CLIENT_CONNECTION_LOST(421, "4.4.2", "Connection to %s lost: %s"),
    CLIENT_TIMEOUT(421, "4.4.2", "Timeout waiting for reply from %s"),
    CLIENT_NO_ROUTE(451, "4.4.4", "No route to %s: %s"),
    CLIENT_DNS_FAILURE(451, "4.4.3", "DNS lookup failed for %s: %s"),
    CLIENT_NULL_MX(556, "5.1.10", "Domain %s publishes a null MX and accepts no mail"),
    CLIENT_MX_LOOP(451, "4.4.6", "Mail for %s loops back to myself: %s is its best MX host"),
    CLIENT_NO_SUCH_DOMAIN(550, "5.1.2", "Domain %s does not exist"),
    CLIENT_NO_MAIL_HOST(550, "5.1.2", "Domain %s has neither MX nor address records"),
    CLIENT_LOCAL_DELIVERY_FAILED(451, "4.3.0", "Local delivery to %s failed: %s"),
    CLIENT_MESSAGE_TOO_BIG(552, "5.3.4", "Message of %s bytes exceeds the server's limit of %s bytes"),
    CLIENT_NEEDS_SMTPUTF8(553, "5.6.7", "Message needs SMTPUTF8 but the server does not offer it"),
    CLIENT_NEEDS_8BITMIME(554, "5.6.3", "Message needs 8BITMIME but the server does not offer it"),
    CLIENT_TLS_REQUIRED(530, "5.7.10", "TLS required but the server does not offer STARTTLS"),
    CLIENT_TLS_FAILED(454, "4.7.5", "TLS handshake failed: %s"),
    CLIENT_NO_ADDRESS(451, "4.4.4", "No address found for %s"),
    CLIENT_AUTH_NOT_OFFERED(530, "5.7.0", "Credentials given but %s offers none of the AUTH mechanisms %s"),
    CLIENT_AUTH_NEEDS_TLS(538, "5.7.11", "Not sending credentials to %s over a connection without TLS"),
    CLIENT_AUTH_SERVER_UNVERIFIED(535, "5.7.8", "The server did not prove that it knows the password: %s"),
    CLIENT_PROTOCOL_ERROR(421, "4.4.2", "Unreadable reply from %s: %s"),
    QUEUE_EXPIRED(421, "4.4.7", "Message expired in the queue after %s: %s"),
    ;

    private final Reply reply;

    Replies(int code, String enhanced, String text) {
        this.reply = Reply.of(code, enhanced, text);
    }

    /** The reply as registered, placeholders unfilled. */
    public Reply reply() {
        return reply;
    }

    public int code() {
        return reply.code();
    }

    public EnhancedCode enhanced() {
        return reply.enhanced();
    }

    /** The reply with {@code %s} placeholders filled. */
    public Reply format(Object... args) {
        return reply.format(args);
    }

    /** A {@link ReplyException} carrying this reply, placeholders filled. */
    public ReplyException exception(Object... args) {
        return new ReplyException(format(args));
    }
}
