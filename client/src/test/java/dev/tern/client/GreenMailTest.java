package dev.tern.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against GreenMail, an independent SMTP implementation. */
class GreenMailTest {

    private GreenMail greenMail;

    @BeforeEach
    void start() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
    }

    @AfterEach
    void stop() {
        greenMail.stop();
    }

    private int port() {
        return greenMail.getSmtp().getPort();
    }

    private static SmtpClient client(ClientConfig.Builder b) {
        return SmtpClient.create(b.heloName("client.test").tlsMode(TlsMode.OFF).timeouts(Timeouts.uniform(Duration.ofSeconds(10))).build());
    }

    @Test
    void deliversToEveryRecipient() throws Exception {
        TransactionResult r = client(ClientConfig.builder()).send("127.0.0.1", port(),
                Envelope.of("alice@client.test", "bob@green.test", "carol@green.test"),
                MessageSource.of("From: alice@client.test\nTo: bob@green.test\nSubject: hello green\n\n.first line starts with a dot\nsecond\n"));
        assertThat(r.outcome()).isEqualTo(Outcome.ALL_ACCEPTED);
        assertThat(r.recipients()).allMatch(x -> x.reply().code() == 250);
        assertThat(greenMail.waitForIncomingEmail(5000, 2)).isTrue();
        MimeMessage[] got = greenMail.getReceivedMessages();
        assertThat(got).hasSize(2);
        assertThat(got[0].getSubject()).isEqualTo("hello green");
        assertThat(((String) got[0].getContent()).replace("\r\n", "\n")).isEqualTo(".first line starts with a dot\nsecond");
    }

    @Test
    void reusesOneSessionForSeveralMessages() throws Exception {
        try (SmtpSession s = client(ClientConfig.builder()).connect("127.0.0.1", port())) {
            for (int i = 0; i < 5; i++) {
                TransactionResult r = s.send(Envelope.of("alice@client.test", "bob" + i + "@green.test"),
                        MessageSource.of("Subject: message " + i + "\r\n\r\nbody " + i + "\r\n"));
                assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.ALL_ACCEPTED);
            }
        }
        assertThat(greenMail.waitForIncomingEmail(5000, 5)).isTrue();
        assertThat(greenMail.getReceivedMessages()).hasSize(5);
    }

    @Test
    void authenticatesWithTheStrongestOfferedMechanism() throws Exception {
        greenMail.setUser("bob@green.test", "bob", "secret");
        try (SmtpSession s = client(ClientConfig.builder().credentials(new Credentials("bob", "secret")).authWithoutTls(true))
                .connect("127.0.0.1", port())) {
            assertThat(s.authMechanism()).isIn("CRAM-MD5", "PLAIN", "LOGIN");
            TransactionResult r = s.send(Envelope.of("bob@green.test", "carol@green.test"), MessageSource.of("Subject: x\r\n\r\ny\r\n"));
            assertThat(r.outcome()).isEqualTo(Outcome.ALL_ACCEPTED);
        }
    }

    @Test
    void wrongPasswordIsAnAuthFailureWithTheServersReply() {
        greenMail.setUser("bob@green.test", "bob", "secret");
        SmtpClient client = client(ClientConfig.builder().credentials(new Credentials("bob", "wrong")).authWithoutTls(true));
        TransactionResult r = client.send("127.0.0.1", port(), Envelope.of("bob@green.test", "carol@green.test"),
                MessageSource.of("x\r\n"));
        RecipientResult rr = r.recipients().get(0);
        assertThat(rr.stage()).isEqualTo(Stage.AUTH);
        assertThat(rr.reply().code()).isEqualTo(535);
        assertThat(rr.status()).isEqualTo(RecipientStatus.HARD_FAILURE);
    }

    @Test
    void implicitTlsAgainstGreenMailSmtps() throws Exception {
        GreenMail smtps = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());
        smtps.start();
        try {
            // GreenMail presents its own self-signed certificate: verification off for this peer
            SmtpClient client = client(ClientConfig.builder().implicitTls(true).verifyCertificates(false));
            try (SmtpSession s = client.connect("127.0.0.1", smtps.getSmtps().getPort())) {
                assertThat(s.tlsSession()).isNotNull();
                assertThat(s.tlsVerified()).isFalse();
                TransactionResult r = s.send(Envelope.of("alice@client.test", "bob@green.test"),
                        MessageSource.of("Subject: over TLS\r\n\r\nhello\r\n"));
                assertThat(r.outcome()).isEqualTo(Outcome.ALL_ACCEPTED);
            }
            assertThat(smtps.waitForIncomingEmail(5000, 1)).isTrue();
            assertThat(smtps.getReceivedMessages()[0].getSubject()).isEqualTo("over TLS");
            // with verification on (the default) the same peer is refused: soft, at the TLS stage
            TransactionResult refused = client(ClientConfig.builder().implicitTls(true)).send("127.0.0.1",
                    smtps.getSmtps().getPort(), Envelope.of("alice@client.test", "bob@green.test"), MessageSource.of("x\r\n"));
            RecipientResult rr = refused.recipients().get(0);
            assertThat(rr.status()).isEqualTo(RecipientStatus.SOFT_FAILURE);
            assertThat(rr.reply().code()).isEqualTo(454);
            assertThat(rr.reply().enhanced()).hasToString("4.7.5");
        } finally {
            smtps.stop();
        }
    }
}
