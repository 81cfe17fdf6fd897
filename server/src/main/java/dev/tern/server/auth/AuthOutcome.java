package dev.tern.server.auth;

import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;

/** How an AUTH exchange ended when it did not succeed, and the reply that says so (RFC 4954 §6). */
public enum AuthOutcome {
    /** Wrong user or password, or a malformed SASL message: 535 5.7.8. Counts as a failed attempt. */
    BAD_CREDENTIALS(Replies.AUTH_FAILED, true),
    /** A client line that is not base64: 501 5.5.2. */
    BAD_BASE64(Replies.AUTH_BAD_BASE64, false),
    /** The client sent {@code *}: 501 5.0.0. */
    CANCELLED(Replies.AUTH_CANCELLED, false),
    /** An initial response to a mechanism that allows none: 501 5.5.4. */
    BAD_SYNTAX(Replies.AUTH_SYNTAX, false),
    /** The user store cannot answer now: 454 4.7.0. */
    UNAVAILABLE(Replies.AUTH_TEMPORARY_FAILURE, false);

    private final Replies reply;
    private final boolean countsAsFailure;

    AuthOutcome(Replies reply, boolean countsAsFailure) {
        this.reply = reply;
        this.countsAsFailure = countsAsFailure;
    }

    public Reply reply() {
        return reply.reply();
    }

    /** True for the outcomes that count towards the session and per-address failure limits. */
    public boolean countsAsFailure() {
        return countsAsFailure;
    }
}
