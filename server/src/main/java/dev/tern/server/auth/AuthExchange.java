package dev.tern.server.auth;

import java.util.Base64;

/**
 * One AUTH exchange at the level of SMTP lines (RFC 4954 §4): base64 in both directions, {@code =}
 * for an empty initial response, {@code *} to cancel. Not thread-safe; one per AUTH command.
 */
public final class AuthExchange {
    private final SaslServer server;
    private boolean started;
    private boolean finished;

    public AuthExchange(SaslServer server) {
        this.server = server;
    }

    public String mechanism() {
        return server.mechanism();
    }

    public boolean finished() {
        return finished;
    }

    /**
     * Starts the exchange with the AUTH command's initial response: {@code null} when there was
     * none, {@code "="} for an empty one, else base64.
     */
    public AuthStep begin(String initialResponse) {
        if (started) {
            throw new IllegalStateException("exchange already started");
        }
        started = true;
        if (initialResponse == null) {
            return step(null);
        }
        if (initialResponse.equals("*")) {
            return finish(new AuthStep.Failed(AuthOutcome.CANCELLED, mechanism(), "cancelled by the client"));
        }
        if (initialResponse.equals("=")) {
            return step(new byte[0]);
        }
        byte[] decoded = decode(initialResponse);
        if (decoded == null || decoded.length == 0) {
            return finish(new AuthStep.Failed(AuthOutcome.BAD_BASE64, mechanism(), "initial response is not base64"));
        }
        return step(decoded);
    }

    /** The client's answer to a 334 challenge: one line without CRLF. */
    public AuthStep respond(String line) {
        if (!started || finished) {
            throw new IllegalStateException("no challenge is outstanding");
        }
        if (line.equals("*")) {
            return finish(new AuthStep.Failed(AuthOutcome.CANCELLED, mechanism(), "cancelled by the client"));
        }
        byte[] decoded = decode(line);
        if (decoded == null) {
            return finish(new AuthStep.Failed(AuthOutcome.BAD_BASE64, mechanism(), "answer is not base64"));
        }
        return step(decoded);
    }

    private AuthStep step(byte[] response) {
        SaslStep s = server.evaluate(response);
        if (s instanceof SaslStep.Challenge c) {
            return new AuthStep.Challenge(Base64.getEncoder().encodeToString(c.data()));
        }
        if (s instanceof SaslStep.Success ok) {
            return finish(new AuthStep.Success(ok.identity(), mechanism()));
        }
        SaslStep.Failure f = (SaslStep.Failure) s;
        return finish(new AuthStep.Failed(f.outcome(), mechanism(), f.detail()));
    }

    private AuthStep finish(AuthStep step) {
        finished = true;
        return step;
    }

    /** Strict base64 (RFC 4648 §4, padding required); null when the text is not base64. */
    static byte[] decode(String text) {
        if (text.length() % 4 != 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
