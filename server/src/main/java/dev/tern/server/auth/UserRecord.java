package dev.tern.server.auth;

import java.util.Objects;

/**
 * One user of the users file: the login name, an Argon2id (or bcrypt) password hash, the
 * SCRAM-SHA-256 verifier and, only when the operator asked for CRAM-MD5, its secret.
 * The last two may be null.
 */
public record UserRecord(String name, String passwordHash, ScramCredentials scramSha256, CramMd5Secret cramMd5) {
    public UserRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
        if (!UsersFile.validName(name)) {
            throw new IllegalArgumentException("bad user name: " + name);
        }
    }

    /** A new record for a password: Argon2id hash, SCRAM verifier, and a CRAM-MD5 secret if asked for. */
    public static UserRecord create(String name, String password, PasswordHasher hasher, boolean withCramMd5) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("empty password");
        }
        return new UserRecord(UsersFile.normalizeName(name), hasher.hash(password),
                ScramCredentials.derive(password, ScramSha256.randomBytes(16), ScramSha256.DEFAULT_ITERATIONS),
                withCramMd5 ? CramMd5Secret.fromPassword(password) : null);
    }
}
