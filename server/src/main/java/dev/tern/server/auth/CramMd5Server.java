package dev.tern.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/**
 * CRAM-MD5 (RFC 2195): the server sends {@code <random.time@host>}, the client answers
 * {@code user SP hex(HMAC-MD5(password, challenge))}. No initial response is allowed.
 */
final class CramMd5Server implements SaslServer {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Answers for unknown users are checked against this, so that they take the same time. */
    private static final CramMd5Secret NOBODY = CramMd5Secret.fromPassword("tern-nobody");

    private final Authenticator authenticator;
    private final byte[] challenge;
    private boolean challenged;
    private boolean done;

    CramMd5Server(Authenticator authenticator, String serverName, Clock clock) {
        this(authenticator, ("<" + Long.toUnsignedString(RANDOM.nextLong()) + "." + clock.millis() + "@"
                + serverName + ">").getBytes(StandardCharsets.US_ASCII));
    }

    /** With a fixed challenge, for RFC 2195's example. */
    CramMd5Server(Authenticator authenticator, byte[] challenge) {
        this.authenticator = authenticator;
        this.challenge = challenge.clone();
    }

    @Override
    public String mechanism() {
        return "CRAM-MD5";
    }

    @Override
    public SaslStep evaluate(byte[] response) {
        if (done) {
            return new SaslStep.Failure(AuthOutcome.BAD_CREDENTIALS, "exchange already over");
        }
        if (!challenged) {
            challenged = true;
            if (response != null) {
                done = true;
                return new SaslStep.Failure(AuthOutcome.BAD_SYNTAX, "CRAM-MD5 takes no initial response");
            }
            return new SaslStep.Challenge(challenge);
        }
        done = true;
        String text = response == null ? null : Utf8.decode(response);
        int space = text == null ? -1 : text.lastIndexOf(' ');
        if (space <= 0 || text.length() - space - 1 != 32) {
            return new SaslStep.Failure(AuthOutcome.BAD_CREDENTIALS, "CRAM-MD5 answer is not 'user digest'");
        }
        String user = text.substring(0, space);
        byte[] digest;
        try {
            digest = HexFormat.of().parseHex(text.substring(space + 1).toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new SaslStep.Failure(AuthOutcome.BAD_CREDENTIALS, "CRAM-MD5 digest is not hex");
        }
        try {
            Optional<CramMd5Secret> secret = authenticator.cramMd5(user);
            byte[] expected = secret.orElse(NOBODY).hmac(challenge);
            if (secret.isPresent() && MessageDigest.isEqual(expected, digest)) {
                return new SaslStep.Success(user);
            }
            return new SaslStep.Failure(AuthOutcome.BAD_CREDENTIALS, "wrong CRAM-MD5 digest for " + user);
        } catch (AuthUnavailableException e) {
            return new SaslStep.Failure(AuthOutcome.UNAVAILABLE, e.getMessage());
        }
    }
}
