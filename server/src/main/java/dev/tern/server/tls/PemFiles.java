package dev.tern.server.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads PEM files as certificate authorities and ACME clients write them: a certificate chain
 * (leaf first) and an unencrypted private key, PKCS#8 ({@code PRIVATE KEY}) or traditional
 * ({@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY}).
 */
public final class PemFiles {
    private PemFiles() {
    }

    /** Every certificate in the file, in order. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder holder) {
                    out.add(converter.getCertificate(holder));
                }
            }
        } catch (CertificateException | RuntimeException e) {
            throw new IOException(file + ": not a PEM certificate file: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IOException(file + ": no CERTIFICATE block found");
        }
        return out;
    }

    /** The first private key in the file. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a PEM key file: " + e.getMessage(), e);
        }
        throw new IOException(file + ": no unencrypted PRIVATE KEY block found");
    }
}
