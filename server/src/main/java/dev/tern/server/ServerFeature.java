package dev.tern.server;

/**
 * The service extensions the server can advertise in its EHLO reply, in the order they are
 * listed there. All are on by default; {@link SmtpServer.Builder#disable} turns some off, and a
 * disabled extension's MAIL/RCPT parameters are then refused with 555 5.5.4.
 */
public enum ServerFeature {
    /** RFC 1870; advertised as {@code SIZE <max-message-size>}. */
    SIZE("SIZE"),
    /** RFC 2920. */
    PIPELINING("PIPELINING"),
    /** RFC 6152. */
    EIGHTBITMIME("8BITMIME"),
    /** RFC 6531. */
    SMTPUTF8("SMTPUTF8"),
    /** RFC 2034: replies carry enhanced status codes. */
    ENHANCEDSTATUSCODES("ENHANCEDSTATUSCODES"),
    /** RFC 3030: BDAT. */
    CHUNKING("CHUNKING"),
    /** RFC 3461: RET, ENVID, NOTIFY, ORCPT. */
    DSN("DSN"),
    /** RFC 5321 §4.1.1.8. */
    HELP("HELP");

    private final String keyword;

    ServerFeature(String keyword) {
        this.keyword = keyword;
    }

    /** The EHLO keyword. */
    public String keyword() {
        return keyword;
    }
}
