package dev.tern.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.app.config.ConfigLoader;
import dev.tern.app.config.TernConfig;
import dev.tern.server.auth.PasswordHasher;
import dev.tern.server.auth.UserRecord;
import dev.tern.server.auth.UsersFile;
import dev.tern.server.tls.PemFiles;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tern serve} with a submission (587-style, STARTTLS) and a submissions (465-style,
 * implicit TLS) listener, the users file and the real DirectoryBackend; Angus Mail as the
 * independent client, trusting the self-signed certificate the server made on first start.
 */
class SubmissionEndToEndTest {
    static final String PASSWORD = "a long enough password";

    @TempDir
    Path dir;

    ServeCommand.Running running;
    SSLContext trust;

    @BeforeEach
    void start() throws Exception {
        Path users = dir.resolve("users");
        UsersFile f = UsersFile.empty();
        f.put(UserRecord.create("alice@example.test", PASSWORD, new PasswordHasher(1024, 1, 1), false));
        f.write(users);
        String yaml = """
                hostname: localhost
                domains: [ example.test ]
                users:
                  - { address: alice@example.test }
                  - { address: bob@example.test }
                listeners:
                  - { address: "127.0.0.1:0", role: submission }
                  - { address: "127.0.0.1:0", role: submissions }
                auth:
                  users-file: %s
                """.formatted(users);
        TernConfig config = ConfigLoader.parse("test.yaml", yaml)
                .withListen(List.of(new InetSocketAddress("127.0.0.1", 0))).withDataDir(dir.resolve("data"));
        // the running relay must not bounce the relayed test mail (elsewhere.test does not resolve,
        // so its DSN would change the queue under the assertions): every route leads to a closed
        // port, the attempt is deferred and the message stays queued
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data").resolve("routes"), "* 127.0.0.1:1 tls=none\n");
        running = ServeCommand.start(config);
        assertThat(running.tls().createdSelfSigned()).isTrue();
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("tern", PemFiles.readCertificates(dir.resolve("data/tls/tls-cert.pem")).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        trust = SSLContext.getInstance("TLS");
        trust.init(null, tmf.getTrustManagers(), null);
    }

    @AfterEach
    void stop() {
        running.stop(Duration.ofSeconds(5));
    }

    int port(int index) {
        return running.server().addresses().get(index).getPort();
    }

    private Session starttlsSession(int port) {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(port));
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.socketFactory", trust.getSocketFactory());
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "10000");
        return Session.getInstance(p);
    }

    private Session implicitTlsSession(int port) {
        Properties p = new Properties();
        p.put("mail.smtps.host", "127.0.0.1");
        p.put("mail.smtps.port", String.valueOf(port));
        p.put("mail.smtps.auth", "true");
        p.put("mail.smtps.ssl.socketFactory", trust.getSocketFactory());
        p.put("mail.smtps.ssl.checkserveridentity", "true");
        p.put("mail.smtps.connectiontimeout", "10000");
        p.put("mail.smtps.timeout", "10000");
        return Session.getInstance(p);
    }

    private static MimeMessage message(Session s, String to, String subject) throws MessagingException {
        MimeMessage m = new MimeMessage(s);
        m.setFrom(new InternetAddress("alice@example.test"));
        m.setRecipients(Message.RecipientType.TO, to);
        m.setSubject(subject);
        m.setText("sent by Angus Mail\n");
        return m;
    }

    private List<Path> newFiles(String mailbox) throws IOException {
        Path d = dir.resolve("data/mail").resolve(mailbox).resolve("new");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    @Test
    void angusMailStarttlsAndAuthOnSubmissionRelaysAndDeliversLocally() throws Exception {
        Session s = starttlsSession(port(1));
        try (Transport t = s.getTransport("smtp")) {
            t.connect("alice@example.test", PASSWORD);
            t.sendMessage(message(s, "bob@example.test", "local"), InternetAddress.parse("bob@example.test"));
            t.sendMessage(message(s, "someone@elsewhere.test", "relayed"), InternetAddress.parse("someone@elsewhere.test"));
        }
        List<Path> bob = newFiles("bob@example.test");
        assertThat(bob).hasSize(1);
        String stored = Files.readString(bob.get(0));
        assertThat(stored).contains("(using TLSv1.3 with cipher TLS_").contains("with ESMTPSA id ").contains("Subject: local");
        // an authenticated client may send to other domains: the message waits in the outbound queue
        assertThat(running.queue().ids()).hasSize(1);
    }

    @Test
    void angusMailImplicitTlsOnSubmissions() throws Exception {
        Session s = implicitTlsSession(port(2));
        try (Transport t = s.getTransport("smtps")) {
            t.connect("alice@example.test", PASSWORD);
            t.sendMessage(message(s, "bob@example.test", "over 465"), InternetAddress.parse("bob@example.test"));
        }
        assertThat(Files.readString(newFiles("bob@example.test").get(0))).contains("with ESMTPSA id ").contains("Subject: over 465");
    }

    @Test
    void angusMailWithAWrongPasswordIsRefused() {
        Session s = starttlsSession(port(1));
        assertThatThrownBy(() -> {
            try (Transport t = s.getTransport("smtp")) {
                t.connect("alice@example.test", "not the password");
            }
        }).isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("535 5.7.8");
    }

    @Test
    void submissionWithoutAuthIsRefusedAtMail() throws Exception {
        try (LineClient c = new LineClient(port(1))) {
            c.reply();
            c.command("EHLO client.test");
            assertThat(c.command("MAIL FROM:<alice@example.test>")).isEqualTo("530 5.7.0 Must issue a STARTTLS command first\r\n");
        }
    }

    @Test
    void swaksStarttlsVerifiedAndAuthPlainRelays() throws Exception {
        Process swaks = new ProcessBuilder("swaks", "--server", "127.0.0.1:" + port(1), "--to", "someone@elsewhere.test",
                "--from", "alice@example.test", "--tls", "--tls-verify", "--tls-ca-path",
                dir.resolve("data/tls/tls-cert.pem").toString(), "--auth", "PLAIN", "--auth-user", "alice@example.test",
                "--auth-password", PASSWORD, "--header", "Subject: from swaks").redirectErrorStream(true).start();
        assertThat(swaks.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("swaks finished").isTrue();
        String transcript = new String(swaks.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(swaks.exitValue()).as(transcript).isZero();
        assertThat(transcript).contains("=== TLS started with cipher TLSv1.3").contains("<~  235 2.7.0 Authentication successful")
                .contains("<~  250 2.0.0 Ok: queued as ");
        assertThat(running.queue().ids()).hasSize(1);
    }
}
