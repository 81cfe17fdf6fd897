package dev.tern.app.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.CliRun;
import dev.tern.server.auth.PasswordHasher;
import dev.tern.server.auth.UsersFile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserCommandTest {
    @TempDir
    Path dir;

    @AfterEach
    void restoreStdin() {
        UserCommand.stdin = System.in;
    }

    private CliRun run(String stdin, String... args) {
        UserCommand.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        return CliRun.tern(args);
    }

    private String users() {
        return dir.resolve("users").toString();
    }

    @Test
    void addFromStdinStoresOnlyHashesAndNeverPrintsThePassword() throws Exception {
        CliRun r = run("correct horse battery\n", "user", "add", "--users-file", users(), "Alice@Example.TEST");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("added user alice@example.test in " + users() + "\n");
        assertThat(r.out() + r.err()).doesNotContain("correct horse");
        String text = Files.readString(dir.resolve("users"));
        assertThat(text).contains("alice@example.test:$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse");
        assertThat(Files.getPosixFilePermissions(dir.resolve("users"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        var record = UsersFile.read(dir.resolve("users")).find("alice@example.test").orElseThrow();
        assertThat(PasswordHasher.DEFAULT.verify(record.passwordHash(), "correct horse battery")).isTrue();
        assertThat(record.scramSha256()).isNotNull();
        assertThat(record.cramMd5()).isNull();
    }

    @Test
    void addFromPasswordFileWithCramMd5ThenListPasswdRemove() throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "first password 1\nignored second line\n");
        CliRun add = run("", "user", "add", "--users-file", users(), "--password-file", pw.toString(), "--cram-md5", "bob");
        assertThat(add.exit()).isZero();
        assertThat(add.out()).isEqualTo("added user bob in " + users() + " (with CRAM-MD5)\n");
        run("another password\n", "user", "add", "--users-file", users(), "carol@example.test");

        CliRun list = run("", "user", "list", "--users-file", users());
        assertThat(list.exit()).isZero();
        assertThat(list.out()).isEqualTo("bob\tPLAIN LOGIN SCRAM-SHA-256 CRAM-MD5\ncarol@example.test\tPLAIN LOGIN SCRAM-SHA-256\n");

        String before = Files.readString(dir.resolve("users"));
        CliRun passwd = run("new password 22\n", "user", "passwd", "--users-file", users(), "BOB");
        assertThat(passwd.exit()).isZero();
        assertThat(passwd.out()).isEqualTo("password changed for bob in " + users() + "\n");
        assertThat(Files.readString(dir.resolve("users"))).isNotEqualTo(before);
        var bob = UsersFile.read(dir.resolve("users")).find("bob").orElseThrow();
        assertThat(PasswordHasher.DEFAULT.verify(bob.passwordHash(), "new password 22")).isTrue();
        assertThat(PasswordHasher.DEFAULT.verify(bob.passwordHash(), "first password 1")).isFalse();

        CliRun remove = run("", "user", "remove", "--users-file", users(), "bob");
        assertThat(remove.exit()).isZero();
        assertThat(run("", "user", "list", "--users-file", users()).out()).isEqualTo("carol@example.test\tPLAIN LOGIN SCRAM-SHA-256\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("users", "users.lock", "pw");
        }
    }

    @Test
    void refusalsExitOneWithAOneLineReason() {
        assertThat(run("pw12345678\n", "user", "add", "--users-file", users(), "dave").exit()).isZero();
        CliRun again = run("pw12345678\n", "user", "add", "--users-file", users(), "dave");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("tern user add: user dave already exists in " + users() + " (use 'tern user passwd')\n");
        CliRun missing = run("pw12345678\n", "user", "passwd", "--users-file", users(), "erin");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("tern user passwd: no user erin in " + users() + "\n");
        CliRun gone = run("", "user", "remove", "--users-file", users(), "erin");
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("tern user remove: no user erin in " + users() + "\n");
        CliRun empty = run("\n", "user", "add", "--users-file", users(), "frank");
        assertThat(empty.exit()).isEqualTo(1);
        assertThat(empty.err()).isEqualTo("tern user add: no password given\n");
        CliRun badName = run("pw12345678\n", "user", "add", "--users-file", users(), "a:b");
        assertThat(badName.exit()).isEqualTo(1);
        assertThat(badName.err()).startsWith("tern user add: bad user name 'a:b'");
    }

    @Test
    void shortPasswordIsAcceptedWithAWarning() {
        CliRun r = run("short\n", "user", "add", "--users-file", users(), "gina");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEqualTo("tern user: warning: a password of fewer than 10 characters is easy to guess\n");
        assertThat(r.err()).doesNotContain("short\n".trim() + " ");
    }

    @Test
    void defaultFileIsInTheDataDirectoryAndListOfNothingIsEmpty() {
        Path data = dir.resolve("data");
        assertThat(run("", "user", "list", "--data-dir", data.toString()).out()).isEmpty();
        assertThat(run("pw12345678\n", "user", "add", "--data-dir", data.toString(), "hal").exit()).isZero();
        assertThat(Files.exists(data.resolve("users"))).isTrue();
    }

    @Test
    void configNamesTheUsersFile() throws Exception {
        Path config = dir.resolve("tern.yaml");
        Path users = dir.resolve("etc/users");
        Files.writeString(config, "domains: [ example.test ]\ndata-dir: " + dir.resolve("data") + "\nauth:\n  users-file: " + users + "\n");
        assertThat(run("pw12345678\n", "user", "add", "--config", config.toString(), "ivy@example.test").exit()).isZero();
        assertThat(UsersFile.read(users).names()).containsExactly("ivy@example.test");
        Files.writeString(config, "domains: [ example.test ]\ndata-dir: " + dir.resolve("data") + "\n");
        assertThat(run("pw12345678\n", "user", "add", "--config", config.toString(), "jo@example.test").exit()).isZero();
        assertThat(UsersFile.read(dir.resolve("data/users")).names()).containsExactly("jo@example.test");
        Files.writeString(config, "domains: [ example.test ]\nbogus: 1\n");
        CliRun bad = run("", "user", "list", "--config", config.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).startsWith("tern user list: " + config + ":2:1: unknown key 'bogus'");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("", "user", "add").exit()).isEqualTo(2);
        assertThat(run("", "user", "frob").exit()).isEqualTo(2);
        CliRun help = run("", "user", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("add").contains("passwd").contains("remove").contains("list");
    }
}
