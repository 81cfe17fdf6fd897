package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.protocol.params.Ret;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Clients Tern did not write: Angus Mail (Jakarta Mail) and Python's smtplib. */
@Timeout(60)
class IndependentClientsTest {
    @TempDir
    Path dir;

    private static jakarta.mail.Session mailSession(int port, String... extra) {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(port));
        p.put("mail.smtp.localhost", "angus.client.example");
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "10000");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            p.put(extra[i], extra[i + 1]);
        }
        return jakarta.mail.Session.getInstance(p);
    }

    private static MimeMessage message(jakarta.mail.Session s, String subject, String text, String... to) throws MessagingException {
        MimeMessage m = new MimeMessage(s);
        m.setFrom(new InternetAddress("sender@example.org"));
        for (String t : to) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(t));
        }
        m.setSubject(subject, "UTF-8");
        m.setText(text, "UTF-8");
        return m;
    }

    private static MimeMessage parse(jakarta.mail.Session s, byte[] bytes) throws MessagingException {
        return new MimeMessage(s, new ByteArrayInputStream(bytes));
    }

    @Test
    void angusMailSendsAMessageThatParsesBack() throws Exception {
        try (ServerFixture f = new ServerFixture(dir)) {
            jakarta.mail.Session s = mailSession(f.port());
            String text = "Hello from Angus Mail.\r\n.a line with a leading dot\r\n..two dots\r\nbye\r\n";
            Transport.send(message(s, "Grüße", text, "b@example.test", "c@example.test"));
            assertThat(f.backend.delivered).hasSize(1);
            TestBackend.Delivered d = f.backend.delivered.get(0);
            assertThat(d.from()).isEqualTo("sender@example.org");
            assertThat(d.to()).containsExactly("b@example.test", "c@example.test");
            MimeMessage back = parse(s, d.bytes());
            assertThat(back.getSubject()).isEqualTo("Grüße");
            assertThat(((String) back.getContent()).replace("\r\n", "\n")).isEqualTo(text.replace("\r\n", "\n"));
            assertThat(back.getHeader("Received")[0]).contains("from angus.client.example ([127.0.0.1])")
                    .contains("by mx.test.example (Tern) with ESMTP id " + d.queueId());
        }
    }

    @Test
    void angusMailSeesRefusedRecipientsAndDsnParametersArrive() throws Exception {
        try (ServerFixture f = new ServerFixture(dir)) {
            jakarta.mail.Session s = mailSession(f.port(), "mail.smtp.sendpartial", "true",
                    "mail.smtp.dsn.ret", "HDRS", "mail.smtp.dsn.notify", "SUCCESS,FAILURE");
            MimeMessage m = message(s, "partial", "body\r\n", "b@example.test", "unknown@example.test");
            assertThatThrownBy(() -> Transport.send(m)).isInstanceOf(SendFailedException.class).satisfies(e -> {
                Address[] invalid = ((SendFailedException) e).getInvalidAddresses();
                assertThat(Arrays.stream(invalid).map(Address::toString)).containsExactly("unknown@example.test");
                Address[] sent = ((SendFailedException) e).getValidSentAddresses();
                assertThat(Arrays.stream(sent).map(Address::toString)).containsExactly("b@example.test");
            });
            assertThat(f.backend.delivered).hasSize(1);
            assertThat(f.backend.delivered.get(0).mailParams().ret()).isEqualTo(Ret.HDRS);
        }
    }

    @Test
    void angusMailWithSmtputf8Addresses() throws Exception {
        try (ServerFixture f = new ServerFixture(dir)) {
            jakarta.mail.Session s = mailSession(f.port(), "mail.mime.allowutf8", "true");
            MimeMessage m = message(s, "utf8", "body\r\n", "bö@example.test");
            m.setFrom(new InternetAddress("sénder@example.org"));
            Transport.send(m);
            assertThat(f.backend.delivered).hasSize(1);
            assertThat(f.backend.delivered.get(0).to()).containsExactly("bö@example.test");
            assertThat(f.backend.delivered.get(0).mailParams().smtputf8()).isTrue();
            assertThat(f.backend.delivered.get(0).text()).contains(" with UTF8SMTP id ");
        }
    }

    @Test
    void angusMailIsToldTheMessageIsTooBig() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, b -> b.limits(ServerLimits.DEFAULTS.withMaxMessageSize(2000)))) {
            jakarta.mail.Session s = mailSession(f.port());
            MimeMessage m = message(s, "big", "x".repeat(70).concat("\r\n").repeat(100), "b@example.test");
            assertThatThrownBy(() -> Transport.send(m)).isInstanceOf(MessagingException.class)
                    .hasMessageContaining("552 5.3.4");
            assertThat(f.backend.delivered).isEmpty();
        }
    }

    @Test
    void pythonSmtplibTalksToTheServer() throws Exception {
        try (ServerFixture f = new ServerFixture(dir)) {
            Path script = dir.resolve("smtplib_client.py");
            try (InputStream in = getClass().getResourceAsStream("smtplib_client.py")) {
                Files.copy(in, script);
            }
            Process p = new ProcessBuilder("python3", script.toString(), Integer.toString(f.port()))
                    .redirectErrorStream(true).start();
            byte[] output;
            try (InputStream in = p.getInputStream()) {
                output = in.readAllBytes();
            }
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String json = new String(output, StandardCharsets.UTF_8).trim();
            assertThat(p.exitValue()).as(json).isZero();
            assertThat(json).contains("\"ehlo\": 250")
                    .contains("\"features\": [\"8bitmime\", \"chunking\", \"dsn\", \"enhancedstatuscodes\", \"help\", \"pipelining\", \"size\", \"smtputf8\"]")
                    .contains("\"size\": \"52428800\"")
                    .contains("\"noop\": 250").contains("\"vrfy\": 252")
                    .contains("\"help\": \"2.0.0 Tern SMTP server; commands:\"")
                    .contains("\"refused\": {\"unknown@example.test\": [550, \"5.1.1 <unknown@example.test>: Recipient address rejected: no such user here\"]}")
                    .contains("\"rset\": 250")
                    .contains("\"all_refused\": {\"unknown@example.test\": 550}")
                    .contains("\"mail_too_big\": 552");
            assertThat(f.backend.delivered).hasSize(1);
            TestBackend.Delivered d = f.backend.delivered.get(0);
            assertThat(d.to()).containsExactly("b@example.test", "fwd@example.test");
            MimeMessage back = parse(mailSession(f.port()), d.bytes());
            assertThat(back.getSubject()).isEqualTo("from smtplib");
            assertThat(((String) back.getContent()).replace("\r\n", "\n")).isEqualTo("line one\n.line starting with a dot\nlast line\n");
        }
    }

    @Test
    void swaksPipelinesAMessage() throws Exception {
        try (ServerFixture f = new ServerFixture(dir)) {
            Process p = new ProcessBuilder("swaks", "--server", "127.0.0.1", "--port", Integer.toString(f.port()),
                    "--helo", "swaks.client.example", "--from", "a@example.org", "--to", "b@example.test", "--pipeline",
                    "--header", "Subject: from swaks", "--body", "line one\n.leading dot\nlast", "--timeout", "10")
                    .redirectErrorStream(true).start();
            byte[] output;
            try (InputStream in = p.getInputStream()) {
                output = in.readAllBytes();
            }
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String transcript = new String(output, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(transcript).isZero();
            assertThat(transcript).contains("<-  250-PIPELINING").contains(" -> MAIL FROM:<a@example.org>\n -> RCPT TO:<b@example.test>\n -> DATA\n")
                    .contains("<-  250 2.0.0 Ok: queued as ");
            assertThat(f.backend.delivered).hasSize(1);
            MimeMessage back = parse(mailSession(f.port()), f.backend.delivered.get(0).bytes());
            assertThat(back.getSubject()).isEqualTo("from swaks");
            assertThat(f.backend.delivered.get(0).body()).contains("line one\r\n.leading dot\r\nlast\r\n");
        }
    }
}
