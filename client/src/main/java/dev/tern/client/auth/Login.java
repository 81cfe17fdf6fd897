package dev.tern.client.auth;

import dev.tern.client.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * LOGIN (draft-murchison-sasl-login): the server asks for the user name, then the password. The
 * prompts are usually "Username:" and "Password:"; the order is what counts.
 */
public final class Login implements SaslMechanism {

    private final Credentials credentials;
    private int step;

    public Login(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public String name() {
        return "LOGIN";
    }

    @Override
    public byte[] initialResponse() {
        return null;
    }

    @Override
    public byte[] respond(byte[] challenge) throws SaslException {
        String prompt = new String(challenge, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        step++;
        if (prompt.startsWith("user") || (step == 1 && !prompt.startsWith("pass"))) {
            return credentials.user().getBytes(StandardCharsets.UTF_8);
        }
        if (prompt.startsWith("pass") || step == 2) {
            return credentials.password().getBytes(StandardCharsets.UTF_8);
        }
        throw new SaslException("unexpected LOGIN challenge: " + prompt);
    }
}
