package dev.tern.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.config.ConfigLoader;
import dev.tern.app.config.TernConfig;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tern serve}'s server with the real DirectoryBackend and Maildirs, over TCP on loopback. */
class ServeEndToEndTest {

    static final String CONFIG = """
            hostname: mx.example.test
            domains: [ example.test ]
            users:
              - { address: alice@example.test, quota: 2KiB }
              - { address: bob@example.test }
              - { address: carol@example.test, disabled: true }
            aliases:
              fwd@example.test: [ someone@elsewhere.test ]
            lists:
              staff@example.test: [ alice@example.test, bob@example.test ]
            moved:
              dave@example.test: dave@new.example.test
            """;

    @TempDir
    Path dir;

    ServeCommand.Running running;
    int port;

    @BeforeEach
    void start() throws Exception {
        start(CONFIG);
    }

    void start(String yaml) throws Exception {
        if (running != null) {
            running.stop(Duration.ofSeconds(5));
        }
        TernConfig config = ConfigLoader.parse("test.yaml", yaml)
                .withListen(List.of(new InetSocketAddress("127.0.0.1", 0))).withDataDir(dir.resolve("data"));
        // the running relay must not bounce the relayed test mail (elsewhere.test does not resolve,
        // so its DSN would change the queue under the assertions): every route leads to a closed
        // port, the attempt is deferred and the message stays queued
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data").resolve("routes"), "* 127.0.0.1:1 tls=none\n");
        running = ServeCommand.start(config);
        port = running.server().port();
    }

    @AfterEach
    void stop() {
        running.stop(Duration.ofSeconds(5));
    }

    List<Path> newFiles(String mailbox) throws IOException {
        Path d = dir.resolve("data/mail").resolve(mailbox).resolve("new");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    @Test
    void rawSocketDialogueExactBytesAndTheMaildirFile() throws Exception {
        try (LineClient c = new LineClient(port)) {
            assertThat(c.reply()).isEqualTo("220 mx.example.test ESMTP Tern\r\n");
            String ehlo = c.command("EHLO client.test");
            assertThat(ehlo).startsWith("250-mx.example.test").contains("250-SIZE 52428800\r\n")
                    // with no users yet no mechanism is usable before TLS, so AUTH is not listed
                    .endsWith("250-HELP\r\n250 STARTTLS\r\n");
            assertThat(c.command("MAIL FROM:<sender@client.test>")).isEqualTo("250 2.1.0 Sender <sender@client.test> OK\r\n");
            assertThat(c.command("RCPT TO:<bob@example.test>")).isEqualTo("250 2.1.5 Recipient <bob@example.test> OK\r\n");
            assertThat(c.command("RCPT TO:<nobody@example.test>"))
                    .isEqualTo("550 5.1.1 <nobody@example.test>: Recipient address rejected: no such user here\r\n");
            assertThat(c.command("RCPT TO:<x@elsewhere.test>")).isEqualTo("550 5.7.1 <x@elsewhere.test>: Relay access denied\r\n");
            assertThat(c.command("RCPT TO:<carol@example.test>"))
                    .isEqualTo("550 5.2.1 <carol@example.test>: Mailbox disabled, not accepting messages\r\n");
            assertThat(c.command("RCPT TO:<dave@example.test>")).isEqualTo("551 5.1.6 User not local; please try <dave@new.example.test>\r\n");
            assertThat(c.command("RCPT TO:<fwd@example.test>")).isEqualTo("251 2.1.5 User not local; will forward to <someone@elsewhere.test>\r\n");
            assertThat(c.command("DATA")).isEqualTo("354 End data with <CR><LF>.<CR><LF>\r\n");
            c.send("Subject: raw\r\n\r\n..dot-stuffed line\r\nlast line\r\n.\r\n");
            String done = c.reply();
            assertThat(done).matches("250 2\\.0\\.0 Ok: queued as [0-9A-Z]+\r\n");
            assertThat(c.command("VRFY bob@example.test"))
                    .isEqualTo("252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery\r\n");
            assertThat(c.command("EXPN staff@example.test")).isEqualTo("502 5.5.1 EXPN command is disabled\r\n");
            assertThat(c.command("QUIT")).isEqualTo("221 2.0.0 mx.example.test closing connection\r\n");
            String queueId = done.substring(done.lastIndexOf(' ') + 1).trim();

            List<Path> files = newFiles("bob@example.test");
            assertThat(files).hasSize(1);
            String stored = Files.readString(files.get(0));
            assertThat(stored).startsWith("Return-Path: <sender@client.test>\nReceived: from client.test");
            assertThat(stored).contains(queueId).endsWith("\nSubject: raw\n\n.dot-stuffed line\nlast line\n");
            assertThat(running.queue().ids()).hasSize(1); // the forwarding alias went to the outbound queue
        }
    }

    @Test
    void vrfyAndExpnWhenEnabled() throws Exception {
        start(CONFIG + "vrfy: true\nexpn: true\n");
        try (LineClient c = new LineClient(port)) {
            c.reply();
            c.command("EHLO client.test");
            assertThat(c.command("VRFY bob@example.test")).isEqualTo("250 2.1.5 <bob@example.test>\r\n");
            assertThat(c.command("VRFY fwd@example.test")).isEqualTo("251 2.1.5 User not local; will forward to <someone@elsewhere.test>\r\n");
            assertThat(c.command("VRFY dave@example.test")).isEqualTo("551 5.1.6 User not local; please try <dave@new.example.test>\r\n");
            assertThat(c.command("VRFY nobody@example.test")).isEqualTo("550 5.1.1 <nobody@example.test>: no such user here\r\n");
            assertThat(c.command("EXPN staff@example.test"))
                    .isEqualTo("250-2.1.5 <alice@example.test>\r\n250 2.1.5 <bob@example.test>\r\n");
            assertThat(c.command("EXPN bob@example.test")).isEqualTo("550 5.1.1 <bob@example.test>: not a mailing list here\r\n");
        }
    }

    @Test
    void quotaAtEndOfDataIs552AndNothingIsStored() throws Exception {
        try (LineClient c = new LineClient(port)) {
            c.reply();
            c.command("EHLO client.test");
            c.command("MAIL FROM:<s@client.test>");
            assertThat(c.command("RCPT TO:<alice@example.test>")).startsWith("250 ");
            c.command("DATA");
            c.send("Subject: big\r\n\r\n" + ("x".repeat(70) + "\r\n").repeat(40) + ".\r\n");
            assertThat(c.reply()).isEqualTo("552 5.2.2 Mailbox full: <alice@example.test>\r\n");
            c.command("MAIL FROM:<s@client.test> SIZE=4000");
            assertThat(c.command("RCPT TO:<alice@example.test>")).isEqualTo("552 5.2.2 <alice@example.test>: Mailbox full\r\n");
        }
        assertThat(newFiles("alice@example.test")).isEmpty();
        try (Stream<Path> tmp = Files.list(dir.resolve("data/mail/alice@example.test/tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void angusMailSendsAndReadsBackWhatWasDelivered() throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(port));
        p.put("mail.smtp.connectiontimeout", "5000");
        p.put("mail.smtp.timeout", "10000");
        jakarta.mail.Session session = jakarta.mail.Session.getInstance(p);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("sender@client.test"));
        m.setRecipients(Message.RecipientType.TO, "staff@example.test");
        m.setSubject("Grüße über Angus", "UTF-8");
        m.setText("line one\n.\nline after a lone dot\n", "UTF-8");
        Transport.send(m);

        for (String who : List.of("alice@example.test", "bob@example.test")) {
            List<Path> files = newFiles(who);
            assertThat(files).hasSize(1);
            try (InputStream in = Files.newInputStream(files.get(0))) {
                MimeMessage read = new MimeMessage(session, in);
                assertThat(read.getHeader("Return-Path")[0]).isEqualTo("<sender@client.test>");
                assertThat(read.getHeader("Received")[0]).contains("by mx.example.test");
                assertThat(read.getSubject()).isEqualTo("Grüße über Angus");
                assertThat(((String) read.getContent()).replace("\r\n", "\n")).isEqualTo("line one\n.\nline after a lone dot\n");
            }
        }

        MimeMessage refused = new MimeMessage(session);
        refused.setFrom(new InternetAddress("sender@client.test"));
        refused.setRecipients(Message.RecipientType.TO, "someone@elsewhere.test");
        refused.setText("x");
        try {
            Transport.send(refused);
            throw new AssertionError("relaying was accepted");
        } catch (SendFailedException e) {
            MessagingException cause = (MessagingException) e.getNextException();
            assertThat(cause.getMessage()).contains("550 5.7.1");
        }
    }

    @Test
    void swaksDeliversToTheDefaultCatchAll() throws Exception {
        start("domains: [ localhost ]\ncatch-all: true\n");
        Process swaks = new ProcessBuilder("swaks", "--server", "127.0.0.1:" + port, "--to", "you@localhost",
                "--from", "me@client.test", "--header", "Subject: from swaks", "--body", "hello from swaks")
                .redirectErrorStream(true).start();
        assertThat(swaks.waitFor(30, TimeUnit.SECONDS)).as("swaks finished").isTrue();
        String transcript = new String(swaks.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(swaks.exitValue()).as(transcript).isZero();
        assertThat(transcript).contains("<-  250 2.0.0 Ok: queued as ");
        List<Path> files = newFiles("you@localhost");
        assertThat(files).hasSize(1);
        assertThat(Files.readString(files.get(0))).startsWith("Return-Path: <me@client.test>\n")
                .contains("\nSubject: from swaks\n").contains("hello from swaks");
    }
}
