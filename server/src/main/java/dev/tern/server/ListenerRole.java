package dev.tern.server;

/**
 * What a listening address is for. The role decides whether TLS starts at once and whether MAIL
 * needs AUTH first.
 */
public enum ListenerRole {
    /** Mail exchange (port 25): STARTTLS offered, AUTH optional; unauthenticated clients may only send to local domains. */
    MX(false, false),
    /** Message submission (RFC 6409, port 587): STARTTLS, then AUTH before MAIL (530 5.7.0). */
    SUBMISSION(false, true),
    /** Submission over implicit TLS (RFC 8314 §3.3, port 465): TLS from the first octet, AUTH before MAIL. */
    SUBMISSIONS(true, true);

    private final boolean implicitTls;
    private final boolean authRequired;

    ListenerRole(boolean implicitTls, boolean authRequired) {
        this.implicitTls = implicitTls;
        this.authRequired = authRequired;
    }

    /** TLS handshake right after connect, before the greeting. */
    public boolean implicitTls() {
        return implicitTls;
    }

    /** MAIL is refused with 530 5.7.0 until the client has authenticated. */
    public boolean authRequired() {
        return authRequired;
    }
}
