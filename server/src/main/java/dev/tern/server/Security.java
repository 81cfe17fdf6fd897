package dev.tern.server;

import dev.tern.server.auth.AuthFailureLimiter;
import dev.tern.server.auth.AuthPolicy;
import dev.tern.server.auth.Authenticator;
import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;

/**
 * The TLS and AUTH settings of a server, as the builder collected them.
 *
 * @param tls                      the TLS context for STARTTLS and implicit TLS, asked for each
 *                                 handshake (so a reloaded certificate takes effect); null: no TLS
 * @param authenticator            who checks AUTH credentials; null: AUTH is not offered
 * @param authPolicy               which mechanisms, and whether plaintext ones need TLS
 * @param failureLimiter           failed AUTH attempts per client address, across sessions
 * @param maxAuthFailuresPerSession failed AUTH attempts after which the session is closed (421 4.7.0)
 */
record Security(Supplier<SslContext> tls, Authenticator authenticator, AuthPolicy authPolicy,
        AuthFailureLimiter failureLimiter, int maxAuthFailuresPerSession) {

    /** No TLS, no AUTH; a failure limiter of its own, so two servers in one JVM never share counts. */
    static Security defaults() {
        return new Security(null, null, AuthPolicy.DEFAULT, AuthFailureLimiter.defaults(), 3);
    }

    boolean tlsAvailable() {
        return tls != null;
    }

    boolean authOffered() {
        return authenticator != null;
    }

    Security withTls(Supplier<SslContext> newTls) {
        return new Security(newTls, authenticator, authPolicy, failureLimiter, maxAuthFailuresPerSession);
    }

    Security withAuthenticator(Authenticator newAuthenticator) {
        return new Security(tls, newAuthenticator, authPolicy, failureLimiter, maxAuthFailuresPerSession);
    }

    Security withAuthPolicy(AuthPolicy newPolicy) {
        return new Security(tls, authenticator, newPolicy, failureLimiter, maxAuthFailuresPerSession);
    }

    Security withMaxAuthFailuresPerSession(int max) {
        return new Security(tls, authenticator, authPolicy, failureLimiter, max);
    }

    Security withFailureLimiter(AuthFailureLimiter newLimiter) {
        return new Security(tls, authenticator, authPolicy, newLimiter, maxAuthFailuresPerSession);
    }
}
