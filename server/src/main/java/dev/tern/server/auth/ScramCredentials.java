package dev.tern.server.auth;

import java.util.Arrays;
import java.util.Base64;

/**
 * A user's SCRAM verifier (RFC 5802 §3): salt, iteration count, StoredKey and ServerKey. It lets
 * the server check a client proof without ever holding the password.
 */
public record ScramCredentials(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

    public ScramCredentials {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive: " + iterations);
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    /** Derives the verifier from a password (RFC 5802 §3: SaltedPassword, ClientKey, StoredKey, ServerKey). */
    public static ScramCredentials derive(String password, byte[] salt, int iterations) {
        byte[] salted = ScramSha256.hi(password, salt, iterations);
        byte[] clientKey = ScramSha256.hmac(salted, "Client Key");
        byte[] storedKey = ScramSha256.sha256(clientKey);
        byte[] serverKey = ScramSha256.hmac(salted, "Server Key");
        Arrays.fill(salted, (byte) 0);
        return new ScramCredentials(salt, iterations, storedKey, serverKey);
    }

    /** The users-file form: {@code iterations$salt$storedKey$serverKey}, base64 parts. */
    public String encode() {
        Base64.Encoder b = Base64.getEncoder();
        return iterations + "$" + b.encodeToString(salt) + "$" + b.encodeToString(storedKey) + "$"
                + b.encodeToString(serverKey);
    }

    /** Reads {@link #encode()}'s form; throws IllegalArgumentException when it is not one. */
    public static ScramCredentials decode(String text) {
        String[] parts = text.split("\\$", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("SCRAM verifier must be iterations$salt$storedKey$serverKey");
        }
        Base64.Decoder d = Base64.getDecoder();
        byte[] storedKey = d.decode(parts[2]);
        byte[] serverKey = d.decode(parts[3]);
        if (storedKey.length != 32 || serverKey.length != 32) {
            throw new IllegalArgumentException("SCRAM-SHA-256 keys must be 32 bytes");
        }
        return new ScramCredentials(d.decode(parts[1]), Integer.parseInt(parts[0]), storedKey, serverKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredentials c && iterations == c.iterations && Arrays.equals(salt, c.salt)
                && Arrays.equals(storedKey, c.storedKey) && Arrays.equals(serverKey, c.serverKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(storedKey);
    }

    @Override
    public String toString() {
        return "ScramCredentials[iterations=" + iterations + "]";
    }
}
