package dev.tern.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {
    @TempDir
    Path dir;

    @Test
    void writeReadRoundTripIsAtomicAndPrivate() throws Exception {
        Path file = dir.resolve("users");
        UsersFile f = UsersFile.empty();
        // passwords with a space: base64 salts and hashes can never contain them by chance
        f.put(UserRecord.create("Alice@Example.TEST", "pw one", InMemoryUsers.FAST, false));
        f.put(UserRecord.create("tim", "tanstaaf tanstaaf", InMemoryUsers.FAST, true));
        f.write(file);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("users");
        }
        UsersFile back = UsersFile.read(file);
        assertThat(back.names()).containsExactly("alice@example.test", "tim");
        assertThat(back.find("ALICE@example.test").orElseThrow().scramSha256()).isNotNull();
        assertThat(back.find("alice@example.test").orElseThrow().cramMd5()).isNull();
        assertThat(back.find("tim").orElseThrow().cramMd5()).isEqualTo(f.find("tim").orElseThrow().cramMd5());
        assertThat(back.format()).isEqualTo(f.format());
        String text = Files.readString(file);
        assertThat(text).startsWith("# Tern users file").doesNotContain("pw one").doesNotContain("tanstaaf tanstaaf");
    }

    @Test
    void missingFileIsEmpty() throws Exception {
        assertThat(UsersFile.read(dir.resolve("none")).users()).isEmpty();
    }

    @Test
    void removeAndReplace() {
        UsersFile f = UsersFile.empty();
        assertThat(f.put(UserRecord.create("a", "1", InMemoryUsers.FAST, false))).isFalse();
        assertThat(f.put(UserRecord.create("A", "2", InMemoryUsers.FAST, false))).isTrue();
        assertThat(f.names()).containsExactly("a");
        assertThat(f.remove("A")).isTrue();
        assertThat(f.remove("a")).isFalse();
    }

    @Test
    void parseErrorsNameTheLine() {
        String good = "a:" + InMemoryUsers.FAST.hash("x") + "::\n";
        assertThatThrownBy(() -> UsersFile.parse("# c\n" + good + "b:plain:\n", "users"))
                .hasMessage("users:3: expected 4 fields name:password-hash:scram-sha-256:cram-md5, found 3");
        assertThatThrownBy(() -> UsersFile.parse("b:plaintext::\n", "users"))
                .hasMessage("users:1: password hash is neither Argon2id nor bcrypt");
        assertThatThrownBy(() -> UsersFile.parse(good + good, "users")).hasMessage("users:2: user a appears twice");
        assertThatThrownBy(() -> UsersFile.parse("a:" + InMemoryUsers.FAST.hash("x") + ":12$zz:\n", "users"))
                .hasMessageStartingWith("users:1: SCRAM verifier");
        assertThatThrownBy(() -> UsersFile.parse(" :" + InMemoryUsers.FAST.hash("x") + "::\n", "users"))
                .hasMessage("users:1: bad user name");
    }

    @Test
    void namesMayNotHoldColonsOrSpaces() {
        assertThat(UsersFile.validName("alice@example.test")).isTrue();
        assertThat(UsersFile.validName("a:b")).isFalse();
        assertThat(UsersFile.validName("a b")).isFalse();
        assertThat(UsersFile.validName("")).isFalse();
        assertThat(UsersFile.validName("a\u0000")).isFalse();
    }

    @Test
    void fileUserStoreSeesChangesAndReportsBrokenFiles() throws Exception {
        Path file = dir.resolve("users");
        FileUserStore store = new FileUserStore(file);
        Authenticator auth = new UserStoreAuthenticator(store, InMemoryUsers.FAST);
        assertThat(store.find("a")).isEmpty();
        UsersFile f = UsersFile.empty();
        f.put(UserRecord.create("a", "pw", InMemoryUsers.FAST, false));
        f.write(file);
        assertThat(auth.verifyPassword("a", "pw")).contains("a");
        assertThat(auth.supportsScramSha256()).isTrue();
        assertThat(auth.supportsCramMd5()).isFalse();

        Files.writeString(file, "garbage line\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThatThrownBy(() -> auth.verifyPassword("a", "pw")).isInstanceOf(AuthUnavailableException.class)
                .hasMessageContaining(":1: expected 4 fields");

        f.put(UserRecord.create("b", "pw2", InMemoryUsers.FAST, true));
        f.write(file);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(auth.verifyPassword("b", "pw2")).contains("b");
        assertThat(auth.supportsCramMd5()).isTrue();
    }
}
