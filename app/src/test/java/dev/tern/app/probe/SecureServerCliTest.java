package dev.tern.app.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.CliRun;
import dev.tern.server.tls.SelfSignedCertificates;
import dev.tern.server.tls.TlsContexts;
import dev.tern.testkit.SecureTernServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tern probe} and {@code tern send --auth} against Tern's server with STARTTLS (self-signed) and AUTH. */
class SecureServerCliTest {

    private SecureTernServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        SelfSignedCertificates.Result files = SelfSignedCertificates.ensure(dir, "localhost");
        server = new SecureTernServer(TlsContexts.server(files.certificate(), files.privateKey()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void probeReportsTlsAndCertificateAndThatItDoesNotVerify() {
        CliRun r = CliRun.tern("probe", "localhost:" + server.port(), "--timeout", "10");
        assertThat(String.valueOf(r.exit())).as(r.out() + r.err()).isEqualTo("0");
        assertThat(r.out()).containsPattern("TLS +TLSv1\\.[23] TLS_")
                .containsPattern("Certificate +O=Tern self-signed,CN=localhost, issued by")
                .contains("verified: no")
                .containsPattern("EHLO +.*STARTTLS")
                .contains("AUTH          SCRAM-SHA-256")
                .contains("certificate does not verify");
    }

    @Test
    void probeJsonCarriesTlsDetails() {
        CliRun r = CliRun.tern("probe", "localhost:" + server.port(), "--json", "--insecure", "--timeout", "10");
        assertThat(String.valueOf(r.exit())).isEqualTo("0");
        assertThat(r.out()).contains("\"protocol\": \"TLSv1.").contains("\"subject\": \"O=Tern self-signed,CN=localhost\"").contains("\"notAfter\": \"")
                .contains("\"verified\": false");
    }

    @Test
    void sendAuthenticatesOverStartTlsWithAPasswordFile() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "correct horse\n");
        CliRun r = CliRun.tern("send", "--server", "localhost:" + server.port(), "--from", "bob@client.test", "--to", "carol@x.test",
                "--auth", "bob", "--password-file", pw.toString(), "--starttls", "require", "--insecure", "--timeout", "10");
        assertThat(String.valueOf(r.exit())).as(r.out() + r.err()).isEqualTo("0");
        assertThat(r.out()).contains("C: STARTTLS").contains("TLS established: TLSv1.").contains("C: AUTH SCRAM-SHA-256 <redacted>")
                .doesNotContain("correct horse");
        Path wrong = Files.writeString(dir.resolve("wrong"), "nope\n");
        CliRun bad = CliRun.tern("send", "--server", "localhost:" + server.port(), "--from", "bob@client.test", "--to", "carol@x.test",
                "--auth", "bob", "--password-file", wrong.toString(), "--insecure", "--quiet", "--timeout", "10");
        assertThat(String.valueOf(bad.exit())).isEqualTo("69");
        assertThat(bad.out()).containsPattern("carol@x.test +hard failure +535 5\\.7\\.8");
    }

    @Test
    void requiredStartTlsWithVerificationFailsSoftlyAgainstASelfSignedCertificate() {
        CliRun r = CliRun.tern("send", "--server", "localhost:" + server.port(), "--from", "a@client.test", "--to", "carol@x.test",
                "--starttls", "require", "--quiet", "--timeout", "10");
        assertThat(String.valueOf(r.exit())).isEqualTo("75");
        assertThat(r.out()).containsPattern("carol@x.test +soft failure +454 4\\.7\\.5");
    }

    @Test
    void implicitTlsSubmissionWithAuthAndWithout() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "correct horse\n");
        CliRun ok = CliRun.tern("send", "--server", "localhost:" + server.implicitTlsPort(), "--tls", "--insecure", "--from", "bob@client.test",
                "--to", "carol@x.test", "--auth", "bob", "--password-file", pw.toString(), "--timeout", "10");
        assertThat(String.valueOf(ok.exit())).as(ok.out() + ok.err()).isEqualTo("0");
        assertThat(ok.out().indexOf("TLS established")).isLessThan(ok.out().indexOf("S: 220 ")).isNotNegative();
        assertThat(ok.out()).doesNotContain("C: STARTTLS");
        // submission without AUTH: MAIL is refused, every recipient fails with that reply
        CliRun noAuth = CliRun.tern("send", "--server", "localhost:" + server.implicitTlsPort(), "--tls", "--insecure", "--from",
                "bob@client.test", "--to", "carol@x.test", "--quiet", "--timeout", "10");
        assertThat(String.valueOf(noAuth.exit())).isEqualTo("69");
        assertThat(noAuth.out()).containsPattern("carol@x.test +hard failure +530 5\\.7\\.0").contains("at mail:");
    }

    @Test
    void probeOverImplicitTls() {
        CliRun r = CliRun.tern("probe", "localhost:" + server.implicitTlsPort(), "--tls", "--insecure", "--timeout", "10");
        assertThat(String.valueOf(r.exit())).as(r.out() + r.err()).isEqualTo("0");
        assertThat(r.out()).containsPattern("TLS +TLSv1\\.[23] ").contains("verified: no").contains("AUTH          SCRAM-SHA-256");
    }
}
