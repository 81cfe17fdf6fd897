package dev.tern.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** STARTTLS and implicit TLS against a scripted server with a certificate made in the test. */
class TlsTest {

    private static TestCertificates cert;
    private static TestCertificates otherName;
    private ScriptedServer server;

    @BeforeAll
    static void certificates() throws Exception {
        cert = TestCertificates.selfSigned("localhost", "127.0.0.1");
        otherName = TestCertificates.selfSigned("other.test", "192.0.2.1");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            assertThat(server.failures()).isEmpty();
        }
    }

    private static ClientConfig.Builder config() {
        return ClientConfig.builder().heloName("client.test").timeouts(Timeouts.uniform(Duration.ofSeconds(10)));
    }

    /** STARTTLS offered; after the handshake a second EHLO, then one message. */
    private static ScriptedServer.Script startTlsServer(SSLContext serverContext) {
        return c -> {
            c.greetAndEhlo("STARTTLS", "ENHANCEDSTATUSCODES");
            c.expect("STARTTLS");
            c.reply("220 2.0.0 Ready to start TLS");
            try {
                c.startTls(serverContext);
            } catch (javax.net.ssl.SSLException e) {
                return;
            }
            c.expect("EHLO client.test");
            c.reply("250-scripted.test", "250-ENHANCEDSTATUSCODES", "250 PIPELINING");
            c.expect("MAIL");
            c.expect("RCPT");
            c.expect("DATA");
            c.reply("250 2.1.0 ok", "250 2.1.5 ok", "354 go");
            c.data();
            c.reply("250 2.0.0 queued over TLS");
            c.quit();
        };
    }

    @Test
    void opportunisticStartTlsWithVerificationAgainstATrustedCertificate() throws Exception {
        server = new ScriptedServer(startTlsServer(cert.serverContext()));
        SmtpClient client = SmtpClient.create(config().sslContext(cert.trustingContext()).build());
        try (SmtpSession s = client.connect("127.0.0.1", server.port())) {
            assertThat(s.tlsSession()).isNotNull();
            assertThat(s.tlsSession().getProtocol()).startsWith("TLSv1.");
            // capabilities are those of the EHLO after TLS (RFC 3207 §4.2)
            assertThat(s.capabilities().pipelining()).isTrue();
            assertThat(s.capabilities().starttls()).isFalse();
            TransactionResult r = s.send(Envelope.of("a@client.test", "b@x.test"), MessageSource.of("secret\r\n"));
            TransactionTest.assertResult(r.recipients().get(0), RecipientStatus.ACCEPTED, 250, "2.0.0");
            assertThat(s.setupTranscript()).anyMatch(e -> e.text().startsWith("TLS established: TLSv1."));
        }
        assertThat(server.commands.stream().filter(l -> l.startsWith("EHLO")).count()).isEqualTo(2);
    }

    @Test
    void selfSignedCertificateFailsVerificationWhenTlsIsRequired() throws Exception {
        server = new ScriptedServer(startTlsServer(cert.serverContext()));
        TransactionResult r = SmtpClient.create(config().tlsMode(TlsMode.REQUIRED).build()).send("127.0.0.1", server.port(),
                Envelope.of("a@client.test", "b@x.test"), MessageSource.of("x\r\n"));
        RecipientResult rr = r.recipients().get(0);
        TransactionTest.assertResult(rr, RecipientStatus.SOFT_FAILURE, 454, "4.7.5");
        assertThat(rr.stage()).isEqualTo(Stage.TLS);
        assertThat(server.commands).noneMatch(l -> l.startsWith("MAIL"));
    }

    @Test
    void opportunisticTlsFallsBackToUnverifiedTlsWhenTheCertificateDoesNotVerify() throws Exception {
        SSLContext serverContext = cert.serverContext();
        server = new ScriptedServer(startTlsServer(serverContext));
        try (SmtpSession s = SmtpClient.create(config().build()).connect("127.0.0.1", server.port())) {
            assertThat(s.tlsSession()).isNotNull();
            assertThat(s.tlsVerified()).isFalse();
            assertThat(s.setupTranscript()).anyMatch(e -> e.text().contains("without certificate verification"));
            TransactionResult r = s.send(Envelope.of("a@client.test", "b@x.test"), MessageSource.of("x\r\n"));
            TransactionTest.assertResult(r.recipients().get(0), RecipientStatus.ACCEPTED, 250, "2.0.0");
        }
        assertThat(server.connections).isEqualTo(2);
    }

    @Test
    void opportunisticTlsFallsBackToPlainTextWhenTheHandshakeFails() throws Exception {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        server = new ScriptedServer(c -> {
            if (n.getAndIncrement() < 2) {
                c.greetAndEhlo("STARTTLS");
                c.expect("STARTTLS");
                c.reply("220 2.0.0 go ahead");
                c.raw("this is not a TLS server hello\r\n");
                c.line();
                return;
            }
            c.greetAndEhlo("STARTTLS");
            c.acceptOneMessage();
            c.quit();
        });
        TransactionResult r = SmtpClient.create(config().build()).send("127.0.0.1", server.port(),
                Envelope.of("a@client.test", "b@x.test"), MessageSource.of("x\r\n"));
        assertThat(r.outcome()).isEqualTo(Outcome.ALL_ACCEPTED);
        assertThat(r.transcript()).anyMatch(e -> e.text().contains("connecting again without TLS"));
        assertThat(server.connections).isEqualTo(3);
    }

    @Test
    void certificateForAnotherNameFailsVerification() throws Exception {
        server = new ScriptedServer(startTlsServer(otherName.serverContext()));
        TransactionResult r = SmtpClient.create(config().tlsMode(TlsMode.REQUIRED).sslContext(otherName.trustingContext()).build()).send("127.0.0.1",
                server.port(), Envelope.of("a@client.test", "b@x.test"), MessageSource.of("x\r\n"));
        TransactionTest.assertResult(r.recipients().get(0), RecipientStatus.SOFT_FAILURE, 454, "4.7.5");
    }

    @Test
    void verificationCanBeSwitchedOff() throws Exception {
        server = new ScriptedServer(startTlsServer(otherName.serverContext()));
        TransactionResult r = SmtpClient.create(config().verifyCertificates(false).build()).send("127.0.0.1", server.port(),
                Envelope.of("a@client.test", "b@x.test"), MessageSource.of("x\r\n"));
        TransactionTest.assertResult(r.recipients().get(0), RecipientStatus.ACCEPTED, 250, "2.0.0");
    }

    @Test
    void requiredTlsWithoutStartTlsOfferedFailsBeforeMail() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("PIPELINING");
            c.quit();
        });
        TransactionResult r = SmtpClient.create(config().tlsMode(TlsMode.REQUIRED).build()).send("127.0.0.1", server.port(),
                Envelope.of("a@client.test", "b@x.test"), MessageSource.of("x\r\n"));
        TransactionTest.assertResult(r.recipients().get(0), RecipientStatus.HARD_FAILURE, 530, "5.7.10");
        assertThat(server.commands).noneMatch(l -> l.startsWith("MAIL"));
    }

    @Test
    void opportunisticGoesOnInPlainTextWhenStartTlsIsRefusedWith454() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("STARTTLS");
            c.expect("STARTTLS");
            c.reply("454 4.7.0 TLS not available");
            c.acceptOneMessage();
            c.quit();
        });
        TransactionResult r = SmtpClient.create(config().build()).send("127.0.0.1", server.port(),
                Envelope.of("a@client.test", "b@x.test"), MessageSource.of("x\r\n"));
        assertThat(r.outcome()).isEqualTo(Outcome.ALL_ACCEPTED);
    }

    @Test
    void requiredTlsRefusedWith454IsASoftFailure() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("STARTTLS");
            c.expect("STARTTLS");
            c.reply("454 4.7.0 TLS not available");
            c.quit();
        });
        TransactionResult r = SmtpClient.create(config().tlsMode(TlsMode.REQUIRED).build()).send("127.0.0.1", server.port(),
                Envelope.of("a@client.test", "b@x.test"), MessageSource.of("x\r\n"));
        TransactionTest.assertResult(r.recipients().get(0), RecipientStatus.SOFT_FAILURE, 454, "4.7.0");
    }

    @Test
    void dataInjectedBeforeTheHandshakeIsRefused() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("STARTTLS");
            c.expect("STARTTLS");
            // CVE-2011-0411 style: a reply smuggled in before the handshake
            c.raw("220 2.0.0 go ahead\r\n250 injected\r\n");
            try {
                c.line();
            } catch (IOException e) {
                // the client hangs up
            }
        });
        TransactionResult r = SmtpClient.create(config().tlsMode(TlsMode.REQUIRED).sslContext(cert.trustingContext()).build())
                .send("127.0.0.1", server.port(), Envelope.of("a@client.test", "b@x.test"), MessageSource.of("x\r\n"));
        TransactionTest.assertResult(r.recipients().get(0), RecipientStatus.SOFT_FAILURE, 454, "4.7.5");
        assertThat(r.recipients().get(0).reply().text()).contains("before the TLS handshake");
    }

    @Test
    void implicitTlsFromTheFirstByte() throws Exception {
        SSLContext serverContext = cert.serverContext();
        server = new ScriptedServer(c -> {
            c.startTls(serverContext);
            c.greetAndEhlo("AUTH PLAIN LOGIN");
            c.expect("AUTH PLAIN AGJvYgBzM2NyZXQ=");
            c.reply("235 2.7.0 ok");
            c.acceptOneMessage();
            c.quit();
        });
        SmtpClient client = SmtpClient.create(config().implicitTls(true).sslContext(cert.trustingContext())
                .credentials(new Credentials("bob", "s3cret")).build());
        try (SmtpSession s = client.connect("localhost", server.port())) {
            assertThat(s.tlsSession()).isNotNull();
            assertThat(s.authMechanism()).isEqualTo("PLAIN");
            // the transcript never shows the credentials
            assertThat(s.setupTranscript()).noneMatch(e -> e.text().contains("AGJvYgBzM2NyZXQ="))
                    .anyMatch(e -> e.text().equals("AUTH PLAIN <redacted>"));
            assertThat(s.send(Envelope.of("a@client.test", "b@x.test"), MessageSource.of("x\r\n")).outcome())
                    .isEqualTo(Outcome.ALL_ACCEPTED);
        }
        assertThat(server.commands).contains("AUTH PLAIN AGJvYgBzM2NyZXQ=");
    }
}
