/**
 * SMTP AUTH (RFC 4954) on the server side: SASL mechanisms as plain step-by-step objects
 * (PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-256), the {@link dev.tern.server.auth.Authenticator} they
 * ask, Argon2id password hashing, the users file and the per-address failure limiter. Nothing
 * here touches a socket: the session feeds client lines in and sends the replies it gets back.
 */
package dev.tern.server.auth;
