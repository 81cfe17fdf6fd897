package dev.tern.server.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/** Server {@link SslContext}s limited to TLS 1.3 and 1.2 (RFC 8996 retires 1.0 and 1.1). */
public final class TlsContexts {
    /** The protocol versions Tern speaks, newest first. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    public static SslContext server(PrivateKey key, List<X509Certificate> chain) throws SSLException {
        if (!keyMatches(key, chain.get(0))) {
            throw new SSLException("the private key does not belong to the certificate "
                    + chain.get(0).getSubjectX500Principal().getName());
        }
        return SslContextBuilder.forServer(key, chain.toArray(new X509Certificate[0]))
                .protocols(PROTOCOLS)
                .build();
    }

    /** True when the key signs what the certificate's public key verifies. */
    static boolean keyMatches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return true; // let the TLS stack judge key types we do not know
        }
        try {
            byte[] probe = "tern key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] sig = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A server context from a PEM certificate chain and a PEM key. */
    public static SslContext server(Path certificateChain, Path privateKey) throws IOException {
        return server(PemFiles.readPrivateKey(privateKey), PemFiles.readCertificates(certificateChain));
    }
}
