package dev.tern.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
    @TempDir
    Path dir;

    @Test
    void selfSignedCertificateIsMadeOnceWithAPrivateKeyFile() throws Exception {
        SelfSignedCertificates.Result first = SelfSignedCertificates.ensure(dir.resolve("tls"), "mx.example.test");
        assertThat(first.created()).isTrue();
        assertThat(Files.getPosixFilePermissions(first.privateKey())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        X509Certificate cert = PemFiles.readCertificates(first.certificate()).get(0);
        assertThat(cert.getSubjectX500Principal().getName()).contains("CN=mx.example.test");
        assertThat(cert.getSubjectAlternativeNames()).anySatisfy(n -> assertThat(n.get(1)).isEqualTo("mx.example.test"));
        assertThat(cert.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(700)));
        cert.verify(cert.getPublicKey());
        String before = Files.readString(first.certificate());
        SelfSignedCertificates.Result second = SelfSignedCertificates.ensure(dir.resolve("tls"), "mx.example.test");
        assertThat(second.created()).isFalse();
        assertThat(Files.readString(second.certificate())).isEqualTo(before);
    }

    @Test
    void localhostCertificateNamesTheLoopbackAddress() throws Exception {
        SelfSignedCertificates.Result r = SelfSignedCertificates.ensure(dir, "localhost");
        X509Certificate cert = PemFiles.readCertificates(r.certificate()).get(0);
        assertThat(cert.getSubjectAlternativeNames()).anySatisfy(n -> assertThat(n.get(1)).isEqualTo("127.0.0.1"));
    }

    @Test
    void handshakeNegotiatesTls13AndRefusesTls11() throws Exception {
        SelfSignedCertificates.Result r = SelfSignedCertificates.ensure(dir, "mx.example.test");
        SslContext server = TlsContexts.server(r.certificate(), r.privateKey());
        X509Certificate cert = PemFiles.readCertificates(r.certificate()).get(0);

        SslContext client = SslContextBuilder.forClient().trustManager(cert).protocols("TLSv1.3", "TLSv1.2").build();
        SSLEngine[] done = handshake(client, server);
        assertThat(done[0].getSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(done[1].getSession().getProtocol()).isEqualTo("TLSv1.3");

        SslContext tls12 = SslContextBuilder.forClient().trustManager(cert).protocols("TLSv1.2").build();
        assertThat(handshake(tls12, server)[1].getSession().getProtocol()).isEqualTo("TLSv1.2");

        SslContext old = SslContextBuilder.forClient().trustManager(cert).protocols("TLSv1.1").build();
        assertThatThrownBy(() -> handshake(old, server)).isInstanceOf(SSLException.class);
    }

    @Test
    void readsTraditionalRsaKeysAndRefusesAKeyOfAnotherCertificate() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair rsa = g.generateKeyPair();
        X509Certificate cert = SelfSignedCertificates.generate(rsa, "rsa.example.test", Instant.now());
        Path certFile = dir.resolve("rsa.pem");
        Path keyFile = dir.resolve("rsa.key");
        Files.writeString(certFile, SelfSignedCertificates.pem(cert));
        try (var w = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(Files.newBufferedWriter(keyFile))) {
            w.writeObject(rsa.getPrivate()); // the traditional PKCS#1 form
        }
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(PemFiles.readPrivateKey(keyFile).getAlgorithm()).isEqualTo("RSA");
        SslContext rsaServer = TlsContexts.server(certFile, keyFile);
        SslContext client = SslContextBuilder.forClient().trustManager(cert).build();
        assertThat(handshake(client, rsaServer)[0].getSession().getCipherSuite()).contains("TLS_");

        SelfSignedCertificates.Result ec = SelfSignedCertificates.ensure(dir.resolve("ec"), "ec.example.test");
        assertThatThrownBy(() -> TlsContexts.server(ec.certificate(), keyFile))
                .isInstanceOf(SSLException.class).hasMessageContaining("does not belong");
    }

    @Test
    void pemErrorsNameTheFile() throws Exception {
        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "hello\n");
        assertThatThrownBy(() -> PemFiles.readCertificates(junk)).hasMessageContaining("junk.pem");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(junk)).hasMessageContaining("junk.pem");
    }

    @Test
    void reloadsWhenTheFilesChangeAndKeepsTheOldContextOnABadRenewal() throws Exception {
        SelfSignedCertificates.Result r = SelfSignedCertificates.ensure(dir, "one.example.test");
        Clock clock = Clock.systemUTC();
        ReloadingTlsContext tls = ReloadingTlsContext.load(r.certificate(), r.privateKey(), Duration.ZERO, clock);
        assertThat(tls.certificate().getSubjectX500Principal().getName()).contains("CN=one.example.test");
        SslContext first = tls.current();
        assertThat(tls.current()).isSameAs(first);

        Path other = dir.resolve("other");
        SelfSignedCertificates.Result r2 = SelfSignedCertificates.ensure(other, "two.example.test");
        Files.copy(r2.privateKey(), r.privateKey(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(r2.certificate(), r.certificate(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        FileTime later = FileTime.from(Instant.now().plusSeconds(10));
        Files.setLastModifiedTime(r.certificate(), later);
        Files.setLastModifiedTime(r.privateKey(), later);
        assertThat(tls.current()).isNotSameAs(first);
        assertThat(tls.certificate().getSubjectX500Principal().getName()).contains("CN=two.example.test");

        SslContext second = tls.current();
        Files.writeString(r.certificate(), "broken\n");
        Files.setLastModifiedTime(r.certificate(), FileTime.from(Instant.now().plusSeconds(20)));
        assertThat(tls.current()).isSameAs(second);
        assertThat(tls.reload()).isFalse();
        assertThat(tls.certificate().getSubjectX500Principal().getName()).contains("CN=two.example.test");
    }

    /** A real TLS handshake between two engines, in memory; bounded in steps. Returns {client, server}. */
    static SSLEngine[] handshake(SslContext clientCtx, SslContext serverCtx) throws SSLException {
        SSLEngine client = clientCtx.newEngine(ByteBufAllocator.DEFAULT, "mx.example.test", 25);
        SSLEngine server = serverCtx.newEngine(ByteBufAllocator.DEFAULT);
        client.setUseClientMode(true);
        server.setUseClientMode(false);
        int size = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        ByteBuffer c2s = ByteBuffer.allocate(size * 4);
        ByteBuffer s2c = ByteBuffer.allocate(size * 4);
        ByteBuffer app = ByteBuffer.allocate(size * 4);
        ByteBuffer empty = ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 200; i++) {
            if (finished(client) && finished(server)) {
                return new SSLEngine[] {client, server};
            }
            step(client, empty, c2s, s2c, app);
            step(server, empty, s2c, c2s, app);
        }
        throw new SSLException("handshake did not finish in 200 steps");
    }

    private static boolean finished(SSLEngine e) {
        SSLEngineResult.HandshakeStatus s = e.getHandshakeStatus();
        return s == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING || s == SSLEngineResult.HandshakeStatus.FINISHED;
    }

    private static void step(SSLEngine e, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer app) throws SSLException {
        switch (e.getHandshakeStatus()) {
            case NEED_WRAP -> e.wrap(empty, out);
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                in.flip();
                e.unwrap(in, app);
                in.compact();
                app.clear();
            }
            case NEED_TASK -> {
                Runnable t;
                while ((t = e.getDelegatedTask()) != null) {
                    t.run();
                }
            }
            default -> {
            }
        }
    }
}
