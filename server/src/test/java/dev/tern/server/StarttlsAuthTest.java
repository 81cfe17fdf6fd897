package dev.tern.server;

import static dev.tern.server.TlsAuthSupport.PASSWORD;
import static dev.tern.server.TlsAuthSupport.USER;
import static dev.tern.server.TlsAuthSupport.b64;
import static dev.tern.server.TlsAuthSupport.plain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.auth.AuthFailureLimiter;
import dev.tern.server.auth.AuthPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** STARTTLS (RFC 3207) and AUTH (RFC 4954) over real sockets, exact replies. */
class StarttlsAuthTest {
    @TempDir
    Path dir;

    TlsAuthSupport support;

    @BeforeEach
    void setUp() throws Exception {
        support = new TlsAuthSupport(dir);
    }

    private ServerFixture server(UnaryOperator<SmtpServer.Builder> more) throws Exception {
        return new ServerFixture(dir.resolve("mail"), b -> more.apply(b.tls(support.tls::current).authenticator(support.authenticator)));
    }

    private ServerFixture server() throws Exception {
        return server(b -> b);
    }

    private TlsAuthSupport.Client connect(ServerFixture s) throws Exception {
        TlsAuthSupport.Client c = support.new Client(s.port(), false);
        assertThat(c.readRaw()).isEqualTo("220 mx.test.example ESMTP Tern\r\n");
        return c;
    }

    /** Connects, EHLO, STARTTLS, handshake, EHLO again. */
    private TlsAuthSupport.Client connectTls(ServerFixture s) throws Exception {
        TlsAuthSupport.Client c = connect(s);
        c.ehlo();
        assertThat(c.command("STARTTLS")).isEqualTo("220 2.0.0 Ready to start TLS\r\n");
        c.startTls();
        c.ehlo();
        return c;
    }

    @Test
    void ehloAdvertisesStarttlsAndOnlyNonPlaintextMechanismsBeforeTls() throws Exception {
        try (ServerFixture s = server(); TlsAuthSupport.Client c = connect(s)) {
            String ehlo = c.ehlo();
            assertThat(ehlo).contains("250-STARTTLS\r\n").endsWith("250 AUTH SCRAM-SHA-256 CRAM-MD5\r\n");
            assertThat(c.command("STARTTLS")).isEqualTo("220 2.0.0 Ready to start TLS\r\n");
            c.startTls();
            // RFC 3207 §4.2: the session starts over; EHLO is needed again
            assertThat(c.command("MAIL FROM:<a@b.example>")).isEqualTo("503 5.5.1 Send HELO or EHLO first\r\n");
            String after = c.ehlo();
            assertThat(after).doesNotContain("STARTTLS").endsWith("250 AUTH SCRAM-SHA-256 CRAM-MD5 PLAIN LOGIN\r\n");
            assertThat(c.command("STARTTLS")).isEqualTo("503 5.5.1 TLS already active\r\n");
            assertThat(c.command("QUIT")).isEqualTo("221 2.0.0 mx.test.example closing connection\r\n");
        }
    }

    @Test
    void starttlsRefusals() throws Exception {
        try (ServerFixture s = server(); TlsAuthSupport.Client c = connect(s)) {
            c.ehlo();
            assertThat(c.command("STARTTLS now")).isEqualTo("501 5.5.4 Syntax: STARTTLS takes no arguments\r\n");
            assertThat(c.command("MAIL FROM:<a@b.example>")).startsWith("250 ");
            assertThat(c.command("STARTTLS")).isEqualTo("503 5.5.1 STARTTLS not allowed inside a mail transaction\r\n");
            assertThat(c.command("RSET")).startsWith("250 ");
            // the refusals let the session go on in plaintext
            assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 Ok\r\n");
        }
        try (ServerFixture plainOnly = new ServerFixture(dir.resolve("mail2"));
                RawClient c = plainOnly.client()) {
            assertThat(c.command("EHLO client.example")).doesNotContain("STARTTLS");
            assertThat(c.command("STARTTLS")).isEqualTo("454 4.7.0 TLS not available\r\n");
        }
    }

    @Test
    void plaintextPipelinedAfterStarttlsIsDiscarded() throws Exception {
        try (ServerFixture s = server(); TlsAuthSupport.Client c = connect(s)) {
            c.ehlo();
            // CVE-2011-0411: commands sent in the clear right behind STARTTLS must not be run inside TLS
            c.send("STARTTLS\r\nRSET\r\nMAIL FROM:<injected@evil.example>\r\nRCPT TO:<bob@mx.test.example>\r\n");
            assertThat(c.readRaw()).isEqualTo("220 2.0.0 Ready to start TLS\r\n");
            c.startTls();
            // the first reply inside TLS answers our EHLO, not the injected RSET
            assertThat(c.ehlo()).startsWith("250-mx.test.example");
            assertThat(c.command("MAIL FROM:<real@client.example>")).isEqualTo("250 2.1.0 Sender <real@client.example> OK\r\n");
            assertThat(s.backend.events).doesNotContain("mail <injected@evil.example>");
            assertThat(s.backend.events).noneMatch(e -> e.startsWith("rcpt"));
        }
    }

    @Test
    void authRepliesBeforeAndAfterTls() throws Exception {
        try (ServerFixture s = server(); TlsAuthSupport.Client c = connect(s)) {
            assertThat(c.command("AUTH PLAIN " + plain(USER, PASSWORD))).isEqualTo("503 5.5.1 Send EHLO first\r\n");
            c.ehlo();
            assertThat(c.command("AUTH PLAIN " + plain(USER, PASSWORD)))
                    .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism\r\n");
            assertThat(c.command("AUTH LOGIN")).isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism\r\n");
            assertThat(c.command("AUTH GSSAPI")).isEqualTo("504 5.5.4 Unrecognized authentication mechanism\r\n");
            assertThat(c.command("AUTH")).isEqualTo("501 5.5.4 Syntax: AUTH mechanism [initial-response]\r\n");
            assertThat(c.command("AUTH PLAIN a b")).isEqualTo("501 5.5.4 Syntax: AUTH mechanism [initial-response]\r\n");
            assertThat(c.command("STARTTLS")).startsWith("220 ");
            c.startTls();
            c.ehlo();
            assertThat(c.command("AUTH PLAIN not*base64")).isEqualTo("501 5.5.2 Cannot decode base64 response\r\n");
            assertThat(c.command("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6\r\n");
            assertThat(c.command("*")).isEqualTo("501 5.0.0 Authentication cancelled\r\n");
            assertThat(c.command("AUTH PLAIN")).isEqualTo("334 \r\n");
            assertThat(c.command("*")).isEqualTo("501 5.0.0 Authentication cancelled\r\n");
            assertThat(c.command("AUTH PLAIN " + plain(USER, "wrong"))).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
            assertThat(c.command("AUTH PLAIN " + plain(USER, PASSWORD))).isEqualTo("235 2.7.0 Authentication successful\r\n");
            assertThat(c.command("AUTH PLAIN " + plain(USER, PASSWORD))).isEqualTo("503 5.5.1 Already authenticated\r\n");
            // AUTH is no longer advertised once done
            assertThat(c.ehlo()).doesNotContain("AUTH");
        }
    }

    @Test
    void authInsideATransactionAndLoginWithChallenges() throws Exception {
        try (ServerFixture s = server(); TlsAuthSupport.Client c = connectTls(s)) {
            assertThat(c.command("MAIL FROM:<x@client.example>")).startsWith("250 ");
            assertThat(c.command("AUTH PLAIN " + plain(USER, PASSWORD))).isEqualTo("503 5.5.1 AUTH not allowed inside a mail transaction\r\n");
            assertThat(c.command("RSET")).startsWith("250 ");
            assertThat(c.command("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6\r\n");
            assertThat(c.command(b64(USER))).isEqualTo("334 UGFzc3dvcmQ6\r\n");
            assertThat(c.command(b64(PASSWORD))).isEqualTo("235 2.7.0 Authentication successful\r\n");
        }
    }

    @Test
    void scramSha256OverTheWire() throws Exception {
        ServerFixture s = server();
        try (s; TlsAuthSupport.Client c = connect(s)) {
            c.ehlo();
            ScramClient scram = new ScramClient(USER, PASSWORD, "fyko+d2lbbFgONRv9qkxdawL");
            String first = c.command("AUTH SCRAM-SHA-256 " + b64(scram.clientFirst()));
            assertThat(first).startsWith("334 ");
            String serverFirst = new String(java.util.Base64.getDecoder().decode(first.substring(4).trim()), java.nio.charset.StandardCharsets.UTF_8);
            String fin = c.command(b64(scram.clientFinal(serverFirst)));
            assertThat(fin).startsWith("334 ");
            String serverFinal = new String(java.util.Base64.getDecoder().decode(fin.substring(4).trim()), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(serverFinal).isEqualTo("v=" + scram.expectedServerSignature());
            assertThat(c.command("")).isEqualTo("235 2.7.0 Authentication successful\r\n");
            // authenticated without TLS: RFC 3848's ESMTPA, and the identity reaches the backend
            assertThat(c.command("MAIL FROM:<alice@mx.test.example>")).startsWith("250 ");
            assertThat(c.command("RCPT TO:<bob@mx.test.example>")).startsWith("250 ");
            assertThat(c.command("DATA")).startsWith("354 ");
            assertThat(c.command("\r\nhi\r\n.")).startsWith("250 ");
        }
        assertThat(s.backend.delivered.get(0).text()).contains(" with ESMTPA id ").doesNotContain("(using ");
        assertThat(s.backend.delivered.get(0).mailParams().auth()).isEqualTo(USER);
    }

    @Test
    void cramMd5DeemedTooWeakIs534() throws Exception {
        try (ServerFixture s = server(b -> b.authPolicy(new AuthPolicy(AuthPolicy.ALL, true, Set.of("CRAM-MD5"))));
                TlsAuthSupport.Client c = connect(s)) {
            assertThat(c.ehlo()).endsWith("250 AUTH SCRAM-SHA-256\r\n");
            assertThat(c.command("AUTH CRAM-MD5")).isEqualTo("534 5.7.9 Authentication mechanism is too weak\r\n");
        }
    }

    @Test
    void unusableUserStoreIs454() throws Exception {
        try (ServerFixture s = server(); TlsAuthSupport.Client c = connectTls(s)) {
            Files.writeString(support.usersFile, "this is not a users file\n");
            Files.setLastModifiedTime(support.usersFile, FileTime.from(Instant.now().plusSeconds(30)));
            assertThat(c.command("AUTH PLAIN " + plain(USER, PASSWORD))).isEqualTo("454 4.7.0 Temporary authentication failure\r\n");
        }
    }

    @Test
    void threeFailuresInASessionAre421AndClose() throws Exception {
        try (ServerFixture s = server(); TlsAuthSupport.Client c = connectTls(s)) {
            assertThat(c.command("AUTH PLAIN " + plain(USER, "guess1"))).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
            assertThat(c.command("AUTH PLAIN " + plain(USER, "guess2"))).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
            assertThat(c.command("AUTH PLAIN " + plain(USER, "guess3")))
                    .isEqualTo("421 4.7.0 mx.test.example Too many failed authentication attempts, closing connection\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void theFailuresPerSessionLimitIsConfigurable() throws Exception {
        try (ServerFixture s = server(b -> b.maxAuthFailuresPerSession(2)); TlsAuthSupport.Client c = connectTls(s)) {
            assertThat(c.command("AUTH PLAIN " + plain(USER, "guess1"))).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
            assertThat(c.command("AUTH PLAIN " + plain(USER, "guess2")))
                    .isEqualTo("421 4.7.0 mx.test.example Too many failed authentication attempts, closing connection\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SmtpServer.builder().maxAuthFailuresPerSession(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failuresFromOneAddressAreSlowedThenRefusedAcrossSessions() throws Exception {
        AuthFailureLimiter limiter = new AuthFailureLimiter(2, Duration.ofMillis(300), Duration.ofSeconds(1), 4,
                Duration.ofMinutes(10), 100, Clock.systemUTC());
        try (ServerFixture s = server(b -> b.authFailureLimiter(limiter))) {
            try (TlsAuthSupport.Client c = connectTls(s)) {
                assertThat(c.command("AUTH PLAIN " + plain(USER, "g1"))).startsWith("535 5.7.8 ");
                assertThat(c.command("AUTH PLAIN " + plain(USER, "g2"))).startsWith("535 5.7.8 ");
                long start = System.nanoTime();
                assertThat(c.command("AUTH PLAIN " + plain(USER, "g3"))).startsWith("421 4.7.0 ");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            }
            try (TlsAuthSupport.Client c = connectTls(s)) {
                long start = System.nanoTime();
                assertThat(c.command("AUTH PLAIN " + plain(USER, "g4"))).startsWith("535 5.7.8 ");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
                // four failures from this address: even the right password is not tried any more
                assertThat(c.command("AUTH PLAIN " + plain(USER, PASSWORD)))
                        .isEqualTo("421 4.7.0 mx.test.example Too many failed authentication attempts, closing connection\r\n");
                assertThat(c.closedByServer()).isTrue();
            }
            assertThat(limiter.blocked(InetAddress.getLoopbackAddress())).isTrue();
        }
    }

    @Test
    void submissionNeedsTlsThenAuthBeforeMail() throws Exception {
        try (ServerFixture s = server(b -> b.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), ListenerRole.SUBMISSION))) {
            int submission = s.server.addresses().get(1).getPort();
            try (TlsAuthSupport.Client c = support.new Client(submission, false)) {
                c.readRaw();
                c.ehlo();
                assertThat(c.command("MAIL FROM:<alice@mx.test.example>")).isEqualTo("530 5.7.0 Must issue a STARTTLS command first\r\n");
                c.command("STARTTLS");
                c.startTls();
                c.ehlo();
                assertThat(c.command("MAIL FROM:<alice@mx.test.example>")).isEqualTo("530 5.7.0 Authentication required\r\n");
                assertThat(c.command("AUTH PLAIN " + plain(USER, PASSWORD))).startsWith("235 ");
                assertThat(c.command("MAIL FROM:<alice@mx.test.example> AUTH=<>")).startsWith("250 ");
                assertThat(c.command("RCPT TO:<bob@elsewhere.example>")).startsWith("250 ");
                assertThat(c.command("DATA")).startsWith("354 ");
                assertThat(c.command("Subject: hi\r\n\r\nhello\r\n.")).startsWith("250 ");
            }
            TestBackend.Delivered d = s.backend.delivered.get(0);
            assertThat(d.mailParams().auth()).isEqualTo("<>");
            String text = d.text();
            assertThat(text).startsWith("Received: from client.example ([127.0.0.1])\r\n\t(using TLSv1.3 with cipher TLS_");
            assertThat(text).contains(" (Tern) with ESMTPSA id " + d.queueId());
            // the MX listener of the same server does not ask for AUTH
            try (TlsAuthSupport.Client c = connect(s)) {
                c.ehlo();
                assertThat(c.command("MAIL FROM:<x@client.example>")).startsWith("250 ");
            }
        }
    }

    @Test
    void authParameterOfUnauthenticatedClientsIsTreatedAsEmpty() throws Exception {
        try (ServerFixture s = server(); TlsAuthSupport.Client c = connect(s)) {
            c.ehlo();
            assertThat(c.command("MAIL FROM:<x@client.example> AUTH=forged@mx.test.example")).startsWith("250 ");
            c.command("RCPT TO:<bob@mx.test.example>");
            c.command("DATA");
            assertThat(c.command("\r\nbody\r\n.")).startsWith("250 ");
            assertThat(s.backend.delivered.get(0).mailParams().auth()).isEqualTo("<>");
            assertThat(s.backend.delivered.get(0).text()).contains(" with ESMTP id ");
        }
    }

    @Test
    void helpListsStarttlsAndAuthWhereTheListenerOffersThem() throws Exception {
        String common = "214-2.0.0 Tern SMTP server; commands:\r\n214-2.0.0 HELO EHLO MAIL RCPT DATA BDAT RSET\r\n"
                + "214-2.0.0 VRFY EXPN HELP NOOP QUIT\r\n";
        String end = "214 2.0.0 HELP <command> gives its syntax\r\n";
        try (ServerFixture s = server(b -> b.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), ListenerRole.SUBMISSIONS))) {
            try (TlsAuthSupport.Client c = connect(s)) {
                c.ehlo();
                assertThat(c.command("HELP")).isEqualTo(common + "214-2.0.0 STARTTLS AUTH\r\n" + end);
                assertThat(c.command("HELP starttls"))
                        .isEqualTo("214 2.0.0 STARTTLS: start TLS on this connection, then EHLO again (RFC 3207)\r\n");
                assertThat(c.command("HELP AUTH"))
                        .isEqualTo("214 2.0.0 AUTH <mechanism> [initial-response]: authenticate; mechanisms now: SCRAM-SHA-256 CRAM-MD5\r\n");
                assertThat(c.command("STARTTLS")).isEqualTo("220 2.0.0 Ready to start TLS\r\n");
                c.startTls();
                c.ehlo();
                // once TLS is on, STARTTLS can no longer be used and is not listed
                assertThat(c.command("HELP")).isEqualTo(common + "214-2.0.0 AUTH\r\n" + end);
                assertThat(c.command("HELP STARTTLS")).isEqualTo("504 5.5.4 No help available for STARTTLS\r\n");
                assertThat(c.command("HELP AUTH")).isEqualTo(
                        "214 2.0.0 AUTH <mechanism> [initial-response]: authenticate; mechanisms now: SCRAM-SHA-256 CRAM-MD5 PLAIN LOGIN\r\n");
            }
            // implicit TLS (RFC 8314): STARTTLS is never offered there
            try (TlsAuthSupport.Client c = support.new Client(s.server.addresses().get(1).getPort(), true)) {
                assertThat(c.readRaw()).isEqualTo("220 mx.test.example ESMTP Tern\r\n");
                c.ehlo();
                assertThat(c.command("HELP")).isEqualTo(common + "214-2.0.0 AUTH\r\n" + end);
            }
        }
        // TLS without AUTH lists STARTTLS alone
        try (ServerFixture s = new ServerFixture(dir.resolve("tls-only"), b -> b.tls(support.tls::current));
                TlsAuthSupport.Client c = connect(s)) {
            c.ehlo();
            assertThat(c.command("HELP")).isEqualTo(common + "214-2.0.0 STARTTLS\r\n" + end);
            assertThat(c.command("HELP AUTH")).isEqualTo("504 5.5.4 No help available for AUTH\r\n");
        }
    }

    @Test
    void implicitTlsListener() throws Exception {
        try (ServerFixture s = server(b -> b.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), ListenerRole.SUBMISSIONS))) {
            int submissions = s.server.addresses().get(1).getPort();
            try (TlsAuthSupport.Client c = support.new Client(submissions, true)) {
                assertThat(c.readRaw()).isEqualTo("220 mx.test.example ESMTP Tern\r\n");
                assertThat(((javax.net.ssl.SSLSocket) c.socket).getSession().getProtocol()).isEqualTo("TLSv1.3");
                String ehlo = c.ehlo();
                assertThat(ehlo).doesNotContain("STARTTLS").endsWith("250 AUTH SCRAM-SHA-256 CRAM-MD5 PLAIN LOGIN\r\n");
                assertThat(c.command("STARTTLS")).isEqualTo("503 5.5.1 TLS already active\r\n");
                assertThat(c.command("MAIL FROM:<alice@mx.test.example>")).isEqualTo("530 5.7.0 Authentication required\r\n");
                assertThat(c.command("AUTH PLAIN " + plain(USER, PASSWORD))).startsWith("235 ");
                assertThat(c.command("MAIL FROM:<alice@mx.test.example>")).startsWith("250 ");
                assertThat(c.command("RCPT TO:<bob@mx.test.example>")).startsWith("250 ");
                assertThat(c.command("DATA")).startsWith("354 ");
                assertThat(c.command("\r\nhello\r\n.")).startsWith("250 ");
            }
            assertThat(s.backend.delivered.get(0).text()).contains("with ESMTPSA id").contains("(using TLSv1.3 with cipher TLS_");
            assertThat(s.backend.delivered.get(0).mailParams().auth()).isEqualTo(USER);
        }
    }

    @Test
    void implicitTlsWithoutACertificateDoesNotStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SmtpServer.builder().backend(new TestBackend(dir.resolve("m")))
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), ListenerRole.SUBMISSIONS).start())
                .hasMessageContaining("no TLS certificate");
    }

    @Test
    void plaintextClientOnImplicitTlsPortIsDropped() throws Exception {
        try (ServerFixture s = server(b -> b.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), ListenerRole.SUBMISSIONS))) {
            int submissions = s.server.addresses().get(1).getPort();
            try (RawClient c = new RawClient(submissions)) {
                c.send("EHLO plain.example\r\n");
                assertThat(c.closedByServer()).isTrue();
            }
            assertThat(Eventually.holds(() -> s.server.connectionCount() == 0)).isTrue();
        }
    }

    @Test
    void plaintextSentAfterThe220InsteadOfAHandshakeIsNeverAnswered() throws Exception {
        try (ServerFixture s = server(); TlsAuthSupport.Client c = connect(s)) {
            c.ehlo();
            assertThat(c.command("STARTTLS")).isEqualTo("220 2.0.0 Ready to start TLS\r\n");
            c.send("MAIL FROM:<injected@evil.example>\r\n");
            // the TLS layer reads it as a broken handshake and the connection ends without an SMTP reply
            byte[] rest = c.in.readNBytes(200);
            assertThat(new String(rest, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("250");
            assertThat(c.closedByServer()).isTrue();
            assertThat(s.backend.events).doesNotContain("mail <injected@evil.example>");
        }
    }

    @Test
    void aRenewedCertificateIsUsedForTheNextHandshake() throws Exception {
        dev.tern.server.tls.ReloadingTlsContext reloading = dev.tern.server.tls.ReloadingTlsContext.load(
                support.certificate, support.key, Duration.ZERO, Clock.systemUTC());
        dev.tern.server.tls.SelfSignedCertificates.Result renewed =
                dev.tern.server.tls.SelfSignedCertificates.ensure(dir.resolve("renewed"), "localhost");
        java.security.cert.X509Certificate oldCert = reloading.certificate();
        java.security.cert.X509Certificate newCert = dev.tern.server.tls.PemFiles.readCertificates(renewed.certificate()).get(0);
        java.security.KeyStore ks = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("old", oldCert);
        ks.setCertificateEntry("new", newCert);
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        javax.net.ssl.SSLContext both = javax.net.ssl.SSLContext.getInstance("TLS");
        both.init(null, tmf.getTrustManagers(), null);
        try (ServerFixture s = new ServerFixture(dir.resolve("mail"), b -> b.tls(reloading::current)
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), ListenerRole.SUBMISSIONS))) {
            int port = s.server.addresses().get(1).getPort();
            assertThat(peerCertificate(both, port)).isEqualTo(oldCert);
            Files.copy(renewed.privateKey(), support.key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(renewed.certificate(), support.certificate, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            FileTime later = FileTime.from(Instant.now().plusSeconds(60));
            Files.setLastModifiedTime(support.key, later);
            Files.setLastModifiedTime(support.certificate, later);
            assertThat(peerCertificate(both, port)).isEqualTo(newCert);
        }
    }

    private static java.security.cert.Certificate peerCertificate(javax.net.ssl.SSLContext trust, int port) throws Exception {
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) trust.getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return socket.getSession().getPeerCertificates()[0];
        }
    }
}
