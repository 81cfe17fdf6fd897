package dev.tern.server.auth;

import java.util.Optional;

/**
 * What the SASL mechanisms ask of whoever knows the users. The server's AUTH command uses one
 * of these; {@link UserStoreAuthenticator} answers from a {@link UserStore}, and an embedding
 * application can answer from anywhere else.
 *
 * <p>Methods throw {@link AuthUnavailableException} when the answer cannot be had right now;
 * the session then replies 454 4.7.0 instead of 535 (RFC 4954 §6).
 */
public interface Authenticator {

    /**
     * Checks a password sent in the clear (PLAIN, LOGIN). Returns the authenticated identity
     * (the user's canonical name) or empty for wrong credentials, unknown or disabled users.
     * Implementations should take the same time whether or not the user exists.
     */
    Optional<String> verifyPassword(String username, String password) throws AuthUnavailableException;

    /**
     * The SCRAM-SHA-256 verifier of a user, or empty when the user is unknown or has none.
     * A mechanism never reveals to the client which of the two it was.
     */
    Optional<ScramCredentials> scramSha256(String username) throws AuthUnavailableException;

    /** The CRAM-MD5 secret of a user, or empty when the user is unknown or has none. */
    Optional<CramMd5Secret> cramMd5(String username) throws AuthUnavailableException;

    /** True when at least one user has SCRAM-SHA-256 credentials: only then is it advertised. */
    boolean supportsScramSha256();

    /** True when at least one user has a CRAM-MD5 secret: only then is it advertised. */
    boolean supportsCramMd5();
}
