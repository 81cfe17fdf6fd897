package dev.tern.server.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * LOGIN (draft-murchison-sasl-login): the server asks {@code Username:} and {@code Password:}.
 * An initial response, which several clients send, is taken as the user name.
 */
final class LoginServer implements SaslServer {
    static final byte[] USERNAME = "Username:".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PASSWORD = "Password:".getBytes(StandardCharsets.US_ASCII);

    private final Authenticator authenticator;
    private int step;
    private String username;

    LoginServer(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public String mechanism() {
        return "LOGIN";
    }

    @Override
    public SaslStep evaluate(byte[] response) {
        switch (step) {
            case 0 -> {
                if (response == null) {
                    step = 1;
                    return new SaslStep.Challenge(USERNAME);
                }
                return takeUsername(response);
            }
            case 1 -> {
                return takeUsername(response == null ? new byte[0] : response);
            }
            case 2 -> {
                step = 3;
                String password = response == null ? null : Utf8.decode(response);
                if (password == null || password.isEmpty() || username.isEmpty()) {
                    return new SaslStep.Failure(AuthOutcome.BAD_CREDENTIALS, "empty or non-UTF-8 credentials");
                }
                try {
                    Optional<String> identity = authenticator.verifyPassword(username, password);
                    return identity.<SaslStep>map(SaslStep.Success::new)
                            .orElseGet(() -> new SaslStep.Failure(AuthOutcome.BAD_CREDENTIALS,
                                    "wrong credentials for " + username));
                } catch (AuthUnavailableException e) {
                    return new SaslStep.Failure(AuthOutcome.UNAVAILABLE, e.getMessage());
                }
            }
            default -> {
                return new SaslStep.Failure(AuthOutcome.BAD_CREDENTIALS, "exchange already over");
            }
        }
    }

    private SaslStep takeUsername(byte[] response) {
        username = Utf8.decode(response);
        if (username == null) {
            step = 3;
            return new SaslStep.Failure(AuthOutcome.BAD_CREDENTIALS, "user name is not UTF-8");
        }
        step = 2;
        return new SaslStep.Challenge(PASSWORD);
    }
}
