package dev.tern.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.digests.MD5Digest;

/**
 * What CRAM-MD5 (RFC 2195) needs of a password without keeping the password: the MD5 states
 * after the HMAC key's inner and outer pad blocks (RFC 2104 §2), as Dovecot's CRAM-MD5 scheme
 * does. Anyone holding it can answer CRAM-MD5 challenges for the user, so it is only stored when
 * the operator asks for CRAM-MD5.
 */
public final class CramMd5Secret {
    private static final int BLOCK = 64;
    private final byte[] innerState;
    private final byte[] outerState;

    private CramMd5Secret(byte[] innerState, byte[] outerState) {
        this.innerState = innerState;
        this.outerState = outerState;
        // Fail now, not at the first login, if the states are not MD5 states.
        new MD5Digest(innerState);
        new MD5Digest(outerState);
    }

    /** Precomputes the HMAC-MD5 pad states of a password (UTF-8). */
    public static CramMd5Secret fromPassword(String password) {
        byte[] key = password.getBytes(StandardCharsets.UTF_8);
        if (key.length > BLOCK) {
            key = md5(key);
        }
        byte[] ipad = new byte[BLOCK];
        byte[] opad = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < key.length ? key[i] : 0;
            ipad[i] = (byte) (k ^ 0x36);
            opad[i] = (byte) (k ^ 0x5c);
        }
        MD5Digest inner = new MD5Digest();
        inner.update(ipad, 0, BLOCK);
        MD5Digest outer = new MD5Digest();
        outer.update(opad, 0, BLOCK);
        Arrays.fill(key, (byte) 0);
        return new CramMd5Secret(inner.getEncodedState(), outer.getEncodedState());
    }

    /** HMAC-MD5 of the challenge under the user's password. */
    public byte[] hmac(byte[] challenge) {
        MD5Digest inner = new MD5Digest(innerState);
        inner.update(challenge, 0, challenge.length);
        byte[] innerHash = new byte[16];
        inner.doFinal(innerHash, 0);
        MD5Digest outer = new MD5Digest(outerState);
        outer.update(innerHash, 0, innerHash.length);
        byte[] out = new byte[16];
        outer.doFinal(out, 0);
        return out;
    }

    /** The users-file form: {@code base64(inner)$base64(outer)}. */
    public String encode() {
        return Base64.getEncoder().encodeToString(innerState) + "$" + Base64.getEncoder().encodeToString(outerState);
    }

    public static CramMd5Secret decode(String text) {
        int dollar = text.indexOf('$');
        if (dollar < 0) {
            throw new IllegalArgumentException("CRAM-MD5 secret must be inner$outer");
        }
        try {
            return new CramMd5Secret(Base64.getDecoder().decode(text.substring(0, dollar)),
                    Base64.getDecoder().decode(text.substring(dollar + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a CRAM-MD5 secret: " + e.getMessage(), e);
        }
    }

    private static byte[] md5(byte[] data) {
        MD5Digest d = new MD5Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[16];
        d.doFinal(out, 0);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CramMd5Secret s && MessageDigest.isEqual(innerState, s.innerState)
                && MessageDigest.isEqual(outerState, s.outerState);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(innerState);
    }

    @Override
    public String toString() {
        return "CramMd5Secret[...]";
    }
}
