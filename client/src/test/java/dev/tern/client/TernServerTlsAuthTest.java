package dev.tern.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.RcptParameters;
import dev.tern.protocol.reply.Reply;
import dev.tern.server.Session;
import dev.tern.server.SmtpServer;
import dev.tern.server.auth.PasswordHasher;
import dev.tern.server.auth.UserRecord;
import dev.tern.server.auth.UserStore;
import dev.tern.server.auth.UserStoreAuthenticator;
import dev.tern.server.tls.TlsContexts;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** STARTTLS with a verified certificate and AUTH SCRAM-SHA-256 against Tern's own server. */
class TernServerTlsAuthTest {

    private SmtpServer server;
    private TestCertificates cert;

    @BeforeEach
    void start() throws Exception {
        cert = TestCertificates.selfSigned("localhost", "127.0.0.1");
        SslContext tls = TlsContexts.server(cert.keys.getPrivate(), List.of(cert.certificate));
        UserRecord bob = UserRecord.create("bob", "correct horse", new PasswordHasher(1024, 1, 1), true);
        UserStore users = new UserStore() {
            @Override
            public Optional<UserRecord> find(String name) {
                return name.equalsIgnoreCase("bob") ? Optional.of(bob) : Optional.empty();
            }

            @Override
            public boolean anyScramSha256() {
                return true;
            }

            @Override
            public boolean anyCramMd5() {
                return true;
            }
        };
        server = SmtpServer.builder().hostname("localhost").port(0).tls(() -> tls)
                .authenticator(new UserStoreAuthenticator(users))
                .backend(connection -> new Session() {
                    @Override
                    public void mail(ReversePath from, MailParameters params) {
                    }

                    @Override
                    public Reply rcpt(ForwardPath to, RcptParameters params) {
                        return null;
                    }

                    @Override
                    public Reply data(String queueId, InputStream message) throws IOException {
                        message.readAllBytes();
                        return null;
                    }

                    @Override
                    public void reset() {
                    }

                    @Override
                    public void logout() {
                    }
                }).start();
    }

    @AfterEach
    void stop() {
        server.shutdown(Duration.ofSeconds(2));
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
