package dev.tern.client;

import java.util.Objects;

/**
 * A user name and password for SMTP AUTH (RFC 4954).
 *
 * @param user     authentication identity
 * @param password the password; {@link #toString()} never shows it
 */
public record Credentials(String user, String password) {

    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + "]";
    }
}
