package dev.tern.server;

import static dev.tern.server.TlsAuthSupport.PASSWORD;
import static dev.tern.server.TlsAuthSupport.USER;
import static dev.tern.server.TlsAuthSupport.plain;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openssl s_client -starttls smtp} (installed by .ci/run) as an independent TLS peer: it
 * does its own EHLO and STARTTLS, verifies our certificate and host name, then speaks SMTP inside TLS.
 */
class OpensslPeerTest {
    @TempDir
    Path dir;

    private record Result(int exit, String output) {
    }

    private Result sClient(TlsAuthSupport support, int port, String input, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-starttls", "smtp", "-name", "client.example", "-CAfile", support.certificate.toString(),
                "-verify_return_error", "-verify_hostname", "localhost", "-crlf", "-quiet", "-brief"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            p.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().flush();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                throw new IOException("openssl s_client did not finish in 20 s");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void starttlsAuthAndQuitWithOpensslAsTheClient() throws Exception {
        TlsAuthSupport support = new TlsAuthSupport(dir);
        try (ServerFixture s = new ServerFixture(dir.resolve("mail"), b -> b.tls(support.tls::current).authenticator(support.authenticator))) {
            // no pipelining of AUTH behind EHLO is needed: the server answers in order
            Result r = sClient(support, s.port(), "EHLO openssl.example\nAUTH PLAIN " + plain(USER, PASSWORD) + "\nQUIT\n");
            assertThat(r.output()).contains("Protocol version: TLSv1.3").contains("Verification: OK");
            assertThat(r.output()).contains("250 AUTH SCRAM-SHA-256 CRAM-MD5 PLAIN LOGIN\r\n")
                    .contains("235 2.7.0 Authentication successful\r\n")
                    .contains("221 2.0.0 mx.test.example closing connection\r\n");
            assertThat(r.output()).doesNotContain("250-STARTTLS");
        }
    }

    @Test
    void tls12IsAcceptedAndTls11Refused() throws Exception {
        TlsAuthSupport support = new TlsAuthSupport(dir);
        try (ServerFixture s = new ServerFixture(dir.resolve("mail"), b -> b.tls(support.tls::current))) {
            Result tls12 = sClient(support, s.port(), "QUIT\n", "-tls1_2");
            assertThat(tls12.output()).contains("Protocol version: TLSv1.2").contains("221 2.0.0 ");
            // security level 0 makes openssl willing to speak TLS 1.1, so the refusal is the server's
            Result tls11 = sClient(support, s.port(), "QUIT\n", "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
            assertThat(tls11.exit()).isNotZero();
            assertThat(tls11.output()).contains("protocol version").doesNotContain("221 2.0.0 ");
        }
    }
}
