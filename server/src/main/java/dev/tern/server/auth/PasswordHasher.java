package dev.tern.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes for the users file. New hashes are Argon2id (RFC 9106) in the PHC string form
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>}; bcrypt hashes
 * ({@code $2a$}, {@code $2b$}, {@code $2y$}) imported from elsewhere are verified too.
 */
public final class PasswordHasher {
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane. */
    public static final PasswordHasher DEFAULT = new PasswordHasher(19 * 1024, 2, 1);

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;
    private volatile String dummyHash;

    public PasswordHasher(int memoryKiB, int iterations, int parallelism) {
        if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1) {
            throw new IllegalArgumentException("bad Argon2id parameters");
        }
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** A new Argon2id hash with a random salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] out = argon2(password, salt, memoryKiB, iterations, parallelism, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /**
     * True when the password matches the stored hash. A hash in a form this class does not know
     * never matches.
     */
    public boolean verify(String storedHash, String password) {
        if (storedHash == null) {
            return false;
        }
        if (storedHash.startsWith("$argon2id$")) {
            return verifyArgon2id(storedHash, password);
        }
        if (storedHash.startsWith("$2a$") || storedHash.startsWith("$2b$") || storedHash.startsWith("$2y$")) {
            try {
                return OpenBSDBCrypt.checkPassword(storedHash, password.toCharArray());
            } catch (RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    /** Spends the time of one verification, for users that do not exist (no timing oracle). */
    public void verifyDummy(String password) {
        String dummy = dummyHash;
        if (dummy == null) {
            dummy = hash("tern-dummy-password-for-unknown-users");
            dummyHash = dummy;
        }
        verify(dummy, password);
    }

    /** True when the string is a hash this class can verify. */
    public static boolean isKnownHash(String storedHash) {
        return storedHash != null && (storedHash.startsWith("$argon2id$") || storedHash.startsWith("$2a$")
                || storedHash.startsWith("$2b$") || storedHash.startsWith("$2y$"));
    }

    private static boolean verifyArgon2id(String storedHash, String password) {
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        String[] parts = storedHash.split("\\$", -1);
        if (parts.length != 6 || !parts[2].equals("v=19")) {
            return false;
        }
        int m = -1;
        int t = -1;
        int p = -1;
        for (String kv : parts[3].split(",", -1)) {
            int eq = kv.indexOf('=');
            if (eq < 0) {
                return false;
            }
            int value;
            try {
                value = Integer.parseInt(kv.substring(eq + 1));
            } catch (NumberFormatException e) {
                return false;
            }
            switch (kv.substring(0, eq)) {
                case "m" -> m = value;
                case "t" -> t = value;
                case "p" -> p = value;
                default -> {
                    return false;
                }
            }
        }
        // Refuse absurd parameters so that a tampered file cannot make a login allocate gigabytes.
        if (m < 8 || m > 4 * 1024 * 1024 || t < 1 || t > 100 || p < 1 || p > 64 || m < 8 * p) {
            return false;
        }
        byte[] salt;
        byte[] expected;
        try {
            salt = B64D.decode(parts[4]);
            expected = B64D.decode(parts[5]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (expected.length < 16 || expected.length > 64) {
            return false;
        }
        byte[] actual = argon2(password, salt, m, t, p, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] argon2(String password, byte[] salt, int m, int t, int p, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m)
                .withIterations(t)
                .withParallelism(p)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length];
        generator.generateBytes(pw, out);
        Arrays.fill(pw, (byte) 0);
        return out;
    }
}
