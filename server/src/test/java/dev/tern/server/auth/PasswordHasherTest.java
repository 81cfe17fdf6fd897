package dev.tern.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(1024, 1, 1);

    @Test
    void verifiesAHashMadeByTheReferenceArgon2Tool() {
        // echo -n password | argon2 somesalt -id -t 2 -m 10 -p 1 -l 32 -e   (Debian package argon2)
        String reference = "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ$7FfsnA6vUe7qLpL/3Kqc3uR48ZJyFbUVt7jWZlf0Htk";
        assertThat(hasher.verify(reference, "password")).isTrue();
        assertThat(hasher.verify(reference, "Password")).isFalse();
    }

    @Test
    void verifiesABcryptHashMadeByHtpasswd() {
        // htpasswd -bnBC 5 u secret
        String reference = "$2y$05$QTEzrUvqFuHyFPn4HzIeteCCzgfqKIl4PeRzvaXstnxtuknrC6MhS";
        assertThat(hasher.verify(reference, "secret")).isTrue();
        assertThat(hasher.verify(reference, "secreT")).isFalse();
    }

    @Test
    void newHashesAreArgon2idWithTheirParametersAndFreshSalts() {
        String a = hasher.hash("correct horse");
        String b = hasher.hash("correct horse");
        assertThat(a).startsWith("$argon2id$v=19$m=1024,t=1,p=1$").isNotEqualTo(b);
        assertThat(a.split("\\$")).hasSize(6);
        assertThat(hasher.verify(a, "correct horse")).isTrue();
        assertThat(hasher.verify(b, "correct horse")).isTrue();
        assertThat(hasher.verify(a, "correct horsE")).isFalse();
        assertThat(PasswordHasher.DEFAULT.hash("x")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void malformedOrForeignHashesNeverMatch() {
        assertThat(hasher.verify(null, "x")).isFalse();
        assertThat(hasher.verify("x", "x")).isFalse();
        assertThat(hasher.verify("$1$abc$def", "x")).isFalse();
        assertThat(hasher.verify("$argon2id$v=19$m=1024,t=2$c29tZXNhbHQ$7FfsnA6vUe7qLpL/3Kqc3uR48ZJyFbUVt7jWZlf0Htk", "password")).isFalse();
        assertThat(hasher.verify("$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHQ$7FfsnA6vUe7qLpL/3Kqc3uR48ZJyFbUVt7jWZlf0Htk", "password")).isFalse();
        assertThat(hasher.verify("$argon2id$v=16$m=1024,t=2,p=1$c29tZXNhbHQ$7FfsnA6vUe7qLpL/3Kqc3uR48ZJyFbUVt7jWZlf0Htk", "password")).isFalse();
        assertThat(hasher.verify("$2y$05$broken", "secret")).isFalse();
        assertThat(PasswordHasher.isKnownHash("$argon2i$v=19$m=1024,t=2,p=1$x$y")).isFalse();
    }
}
