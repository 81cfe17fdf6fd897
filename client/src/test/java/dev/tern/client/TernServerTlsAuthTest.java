package dev.tern.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.tls.TlsContexts;
import dev.tern.testkit.SecureTernServer;
import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** STARTTLS with a verified certificate and AUTH SCRAM-SHA-256 against Tern's own server. */
class TernServerTlsAuthTest {

    private SecureTernServer server;
    private TestCertificates cert;

    @BeforeEach
    void start() throws Exception {
        cert = TestCertificates.selfSigned("localhost", "127.0.0.1");
        SslContext tls = TlsContexts.server(cert.keys.getPrivate(), List.of(cert.certificate));
        server = new SecureTernServer(tls);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ClientConfig.Builder config(String password) throws Exception {
        return ClientConfig.builder().heloName("client.test").tlsMode(TlsMode.REQUIRED).sslContext(cert.trustingContext())
                .credentials(new Credentials("bob", password)).timeouts(Timeouts.uniform(Duration.ofSeconds(10)));
    }

    @Test
    void requiredStartTlsVerifiedThenScramSha256ThenDelivery() throws Exception {
        try (SmtpSession s = SmtpClient.create(config("correct horse").build())
                .connect("localhost", InetAddress.getLoopbackAddress(), server.port())) {
            assertThat(s.tlsVerified()).isTrue();
            assertThat(s.capabilitiesBeforeTls().starttls()).isTrue();
            assertThat(s.authMechanism()).isEqualTo("SCRAM-SHA-256");
            TransactionResult r = s.send(Envelope.of("bob@client.test", "carol@elsewhere.test"), MessageSource.of("Subject: x\r\n\r\ny\r\n"));
            TransactionTest.assertResult(r.recipients().get(0), RecipientStatus.ACCEPTED, 250, "2.0.0");
        }
    }

    @Test
    void wrongPasswordIs535WithEnhancedCode578() throws Exception {
        TransactionResult r = SmtpClient.create(config("wrong").build()).send("localhost", server.port(),
                Envelope.of("bob@client.test", "carol@elsewhere.test"), MessageSource.of("x\r\n"));
        RecipientResult rr = r.recipients().get(0);
        TransactionTest.assertResult(rr, RecipientStatus.HARD_FAILURE, 535, "5.7.8");
        assertThat(rr.stage()).isEqualTo(Stage.AUTH);
    }
}
