package dev.tern.server.auth;

import java.util.Optional;

/**
 * PLAIN (RFC 4616): {@code [authzid] NUL authcid NUL passwd}. Without an initial response the
 * server sends an empty challenge first. An authorization identity other than the user itself is
 * refused: Tern does not let one user act as another.
 */
final class PlainServer implements SaslServer {
    private final Authenticator authenticator;
    private boolean challenged;

    PlainServer(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public String mechanism() {
        return "PLAIN";
    }

    @Override
    public SaslStep evaluate(byte[] response) {
        if (response == null) {
            if (challenged) {
                return new SaslStep.Failure(AuthOutcome.BAD_CREDENTIALS, "no response");
            }
            challenged = true;
            return new SaslStep.Challenge(new byte[0]);
        }
        int first = indexOf(response, 0);
        int second = first < 0 ? -1 : indexOf(response, first + 1);
        if (second < 0 || indexOf(response, second + 1) >= 0) {
            return new SaslStep.Failure(AuthOutcome.BAD_CREDENTIALS, "PLAIN message needs exactly two NULs");
        }
        String authzid = Utf8.decode(response, 0, first);
        String authcid = Utf8.decode(response, first + 1, second);
        String password = Utf8.decode(response, second + 1, response.length);
        if (authzid == null || authcid == null || password == null) {
            return new SaslStep.Failure(AuthOutcome.BAD_CREDENTIALS, "PLAIN message is not UTF-8");
        }
        if (authcid.isEmpty() || password.isEmpty()) {
            return new SaslStep.Failure(AuthOutcome.BAD_CREDENTIALS, "empty user name or password");
        }
        try {
            Optional<String> identity = authenticator.verifyPassword(authcid, password);
            if (identity.isEmpty()) {
                return new SaslStep.Failure(AuthOutcome.BAD_CREDENTIALS, "wrong credentials for " + authcid);
            }
            if (!authzid.isEmpty() && !authzid.equalsIgnoreCase(identity.get()) && !authzid.equals(authcid)) {
                return new SaslStep.Failure(AuthOutcome.BAD_CREDENTIALS,
                        identity.get() + " may not act as " + authzid);
            }
            return new SaslStep.Success(identity.get());
        } catch (AuthUnavailableException e) {
            return new SaslStep.Failure(AuthOutcome.UNAVAILABLE, e.getMessage());
        }
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
