package dev.tern.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.config.ConfigLoader;
import dev.tern.app.config.TernConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dovecot's own IMAP server (Debian package dovecot-imapd, installed by .ci/run) reads what Tern
 * delivered: it runs pre-authenticated on stdin/stdout over a copy of the Maildir, so no daemon
 * and no network are involved. The copy belongs to an unprivileged user when the test runs as
 * root, because Dovecot refuses mail access as root.
 */
class DovecotReadsMaildirTest {

    private static final Path IMAP = Path.of("/usr/lib/dovecot/imap");

    @TempDir
    Path dir;

    @Test
    void dovecotListsAndFetchesDeliveredMessagesWithTheirSizes() throws Exception {
        assertThat(IMAP).as("Dovecot's imap binary (apt package dovecot-imapd, in .ci/apt-packages)").isExecutable();
        TernConfig config = ConfigLoader.parse("test.yaml", "hostname: mx.example.test\ndomains: [ example.test ]\ncatch-all: true\n")
                .withListen(List.of(new InetSocketAddress("127.0.0.1", 0))).withDataDir(dir.resolve("data"));
        ServeCommand.Running running = ServeCommand.start(config);
        try {
            for (int i = 1; i <= 2; i++) {
                try (LineClient c = new LineClient(running.server().port())) {
                    c.reply();
                    c.command("EHLO client.test");
                    c.command("MAIL FROM:<sender@client.test>");
                    c.command("RCPT TO:<reader@example.test>");
                    c.command("DATA");
                    c.send("Subject: message " + i + "\r\n\r\nbody " + i + "\r\n.\r\n");
                    assertThat(c.reply()).startsWith("250 ");
                }
            }
        } finally {
            running.stop(Duration.ofSeconds(5));
        }

        Path maildir = dir.resolve("copy");
        copyTree(dir.resolve("data/mail/reader@example.test"), maildir);
        Path home = Files.createDirectories(dir.resolve("home"));
        boolean root = run(List.of("id", "-u"), "").trim().equals("0");
        String uid = root ? "65534" : run(List.of("id", "-u"), "").trim();
        String gid = root ? "65534" : run(List.of("id", "-g"), "").trim();
        if (root) {
            run(List.of("chown", "-R", uid + ":" + gid, maildir.toString(), home.toString(), dir.toString()), "");
        }
        Path conf = dir.resolve("dovecot.conf");
        Files.writeString(conf, "mail_location = maildir:" + maildir + "\n"
                + "first_valid_uid = 1\nfirst_valid_gid = 1\nmail_uid = " + uid + "\nmail_gid = " + gid + "\n"
                + "ssl = no\nbase_dir = " + dir.resolve("run") + "\nstate_dir = " + dir.resolve("state") + "\n"
                + "log_path = /dev/stderr\n");
        String transcript = run(List.of(IMAP.toString(), "-c", conf.toString()),
                "a SELECT INBOX\r\n"
                        + "b FETCH 1:* (RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT RETURN-PATH)] BODY.PEEK[TEXT])\r\n"
                        + "c LOGOUT\r\n",
                "USER=tester", "HOME=" + home);

        assertThat(transcript).contains("* 2 EXISTS").contains("a OK [READ-WRITE] Select completed");
        assertThat(transcript).contains("Subject: message 1").contains("Subject: message 2");
        assertThat(transcript).contains("Return-Path: <sender@client.test>");
        assertThat(transcript).contains("body 1").contains("body 2").contains("b OK Fetch completed");
        assertThat(transcript).doesNotContain("Error:");
        // Dovecot's RFC822.SIZE is the size with CRLF line ends: the W= Tern put in each name
        try (Stream<Path> files = Files.list(maildir.resolve("new"))) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                String w = name.substring(name.indexOf(",W=") + 3).replaceAll("[^0-9].*", "");
                assertThat(transcript).contains("RFC822.SIZE " + w + " ");
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** Runs a program with input and extra environment; returns stdout and stderr together. */
    private static String run(List<String> command, String input, String... env) throws Exception {
        Path output = Files.createTempFile("tern-dovecot-", ".out");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).redirectOutput(output.toFile());
        for (String e : env) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        Process p = pb.start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        boolean finished = p.waitFor(30, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        if (!finished) {
            throw new AssertionError(command + " did not finish within 30 s: " + out);
        }
        return out;
    }
}
