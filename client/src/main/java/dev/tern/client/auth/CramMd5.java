package dev.tern.client.auth;

import dev.tern.client.Credentials;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** CRAM-MD5 (RFC 2195): {@code user SP hex(HMAC-MD5(password, challenge))}. */
public final class CramMd5 implements SaslMechanism {

    private final Credentials credentials;

    public CramMd5(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public String name() {
        return "CRAM-MD5";
    }

    @Override
    public byte[] initialResponse() {
        return null;
    }

    @Override
    public byte[] respond(byte[] challenge) throws SaslException {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(credentials.password().getBytes(StandardCharsets.UTF_8), "HmacMD5"));
            String digest = HexFormat.of().formatHex(mac.doFinal(challenge));
            return (credentials.user() + " " + digest).getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SaslException("HMAC-MD5 unavailable: " + e.getMessage());
        }
    }
}
