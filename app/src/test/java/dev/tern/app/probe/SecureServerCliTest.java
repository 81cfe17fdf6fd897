package dev.tern.app.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.TernCommand;
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
import dev.tern.server.tls.SelfSignedCertificates;
import dev.tern.server.tls.TlsContexts;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tern probe} and {@code tern send --auth} against Tern's server with STARTTLS (self-signed) and AUTH. */
class SecureServerCliTest {

    private SmtpServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        SelfSignedCertificates.Result files = SelfSignedCertificates.ensure(dir, "localhost");
        SslContext tls = TlsContexts.server(files.certificate(), files.privateKey());
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
        java.net.InetAddress loopback = java.net.InetAddress.getLoopbackAddress();
        server = SmtpServer.builder().hostname("localhost")
                .listen(new java.net.InetSocketAddress(loopback, 0), dev.tern.server.ListenerRole.MX)
                .listen(new java.net.InetSocketAddress(loopback, 0), dev.tern.server.ListenerRole.SUBMISSIONS)
                .tls(() -> tls).authenticator(new UserStoreAuthenticator(users))
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

    private static String[] run(String... args) {
        CommandLine cl = TernCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new String[] {String.valueOf(exit), out.toString(), err.toString()};
    }

    @Test
    void probeReportsTlsAndCertificateAndThatItDoesNotVerify() {
        String[] r = run("probe", "localhost:" + server.port(), "--timeout", "10");
        assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
        assertThat(r[1]).containsPattern("TLS +TLSv1\\.[23] TLS_")
                .containsPattern("Certificate +O=Tern self-signed,CN=localhost, issued by")
                .contains("verified: no")
                .containsPattern("EHLO +.*STARTTLS")
                .contains("AUTH          SCRAM-SHA-256")
                .contains("certificate does not verify");
    }

    @Test
    void probeJsonCarriesTlsDetails() {
        String[] r = run("probe", "localhost:" + server.port(), "--json", "--insecure", "--timeout", "10");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("\"protocol\": \"TLSv1.").contains("\"subject\": \"O=Tern self-signed,CN=localhost\"").contains("\"notAfter\": \"")
                .contains("\"verified\": false");
    }

    @Test
    void sendAuthenticatesOverStartTlsWithAPasswordFile() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "correct horse\n");
        String[] r = run("send", "--server", "localhost:" + server.port(), "--from", "bob@client.test", "--to", "carol@x.test",
                "--auth", "bob", "--password-file", pw.toString(), "--starttls", "require", "--insecure", "--timeout", "10");
        assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
        assertThat(r[1]).contains("C: STARTTLS").contains("TLS established: TLSv1.").contains("C: AUTH SCRAM-SHA-256 <redacted>")
                .doesNotContain("correct horse");
        Path wrong = Files.writeString(dir.resolve("wrong"), "nope\n");
        String[] bad = run("send", "--server", "localhost:" + server.port(), "--from", "bob@client.test", "--to", "carol@x.test",
                "--auth", "bob", "--password-file", wrong.toString(), "--insecure", "--quiet", "--timeout", "10");
        assertThat(bad[0]).isEqualTo("69");
        assertThat(bad[1]).containsPattern("carol@x.test +hard failure +535 5\\.7\\.8");
    }

    @Test
    void requiredStartTlsWithVerificationFailsSoftlyAgainstASelfSignedCertificate() {
        String[] r = run("send", "--server", "localhost:" + server.port(), "--from", "a@client.test", "--to", "carol@x.test",
                "--starttls", "require", "--quiet", "--timeout", "10");
        assertThat(r[0]).isEqualTo("75");
        assertThat(r[1]).containsPattern("carol@x.test +soft failure +454 4\\.7\\.5");
    }

    private int implicitTlsPort() {
        return server.addresses().get(1).getPort();
    }

    @Test
    void implicitTlsSubmissionWithAuthAndWithout() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "correct horse\n");
        String[] ok = run("send", "--server", "localhost:" + implicitTlsPort(), "--tls", "--insecure", "--from", "bob@client.test",
                "--to", "carol@x.test", "--auth", "bob", "--password-file", pw.toString(), "--timeout", "10");
        assertThat(ok[0]).as(ok[1] + ok[2]).isEqualTo("0");
        assertThat(ok[1].indexOf("TLS established")).isLessThan(ok[1].indexOf("S: 220 ")).isNotNegative();
        assertThat(ok[1]).doesNotContain("C: STARTTLS");
        // submission without AUTH: MAIL is refused, every recipient fails with that reply
        String[] noAuth = run("send", "--server", "localhost:" + implicitTlsPort(), "--tls", "--insecure", "--from",
                "bob@client.test", "--to", "carol@x.test", "--quiet", "--timeout", "10");
        assertThat(noAuth[0]).isEqualTo("69");
        assertThat(noAuth[1]).containsPattern("carol@x.test +hard failure +530 5\\.7\\.0").contains("at mail:");
    }

    @Test
    void probeOverImplicitTls() {
        String[] r = run("probe", "localhost:" + implicitTlsPort(), "--tls", "--insecure", "--timeout", "10");
        assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
        assertThat(r[1]).containsPattern("TLS +TLSv1\\.[23] ").contains("verified: no").contains("AUTH          SCRAM-SHA-256");
    }
}
