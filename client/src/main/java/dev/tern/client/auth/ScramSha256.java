package dev.tern.client.auth;

import dev.tern.client.Credentials;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SCRAM-SHA-256 (RFC 7677, RFC 5802) without channel binding ({@code n,,}). The server proves in
 * its final message that it knows the salted password; {@link #serverVerified()} tells whether it did.
 * User names are not SASLprep-normalised; "=" and "," are escaped as RFC 5802 §5.1 requires.
 */
public final class ScramSha256 implements SaslMechanism {

    private static final String GS2_HEADER = "n,,";

    private final Credentials credentials;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;
    private boolean verified;
    private int step;

    public ScramSha256(Credentials credentials) {
        this(credentials, randomNonce());
    }

    /** With a fixed nonce, for the RFC 7677 §3 test vector. */
    public ScramSha256(Credentials credentials, String clientNonce) {
        this.credentials = credentials;
        this.clientNonce = clientNonce;
    }

    private static String randomNonce() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().withoutPadding().encodeToString(b).replace('+', '-').replace('/', '_');
    }

    @Override
    public String name() {
        return "SCRAM-SHA-256";
    }

    @Override
    public byte[] initialResponse() {
        String user = credentials.user().replace("=", "=3D").replace(",", "=2C");
        clientFirstBare = "n=" + user + ",r=" + clientNonce;
        return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] respond(byte[] challenge) throws SaslException {
        step++;
        String message = new String(challenge, StandardCharsets.UTF_8);
        if (clientFirstBare == null) {
            // the server did not take an initial response: send the client-first message now
            step--;
            return initialResponse();
        }
        if (step == 1) {
            return clientFinal(message);
        }
        if (step == 2) {
            Map<String, String> attrs = attributes(message);
            if (attrs.containsKey("e")) {
                throw new SaslException("server reported error " + attrs.get("e"));
            }
            String v = attrs.get("v");
            if (v == null || !MessageDigest.isEqual(Base64.getDecoder().decode(v), expectedServerSignature)) {
                throw new SaslException("server signature does not match");
            }
            verified = true;
            return new byte[0];
        }
        throw new SaslException("unexpected SCRAM challenge");
    }

    private byte[] clientFinal(String serverFirst) throws SaslException {
        Map<String, String> attrs = attributes(serverFirst);
        String nonce = attrs.get("r");
        String salt = attrs.get("s");
        String iterations = attrs.get("i");
        if (nonce == null || salt == null || iterations == null || !nonce.startsWith(clientNonce)) {
            throw new SaslException("bad server-first message: " + serverFirst);
        }
        int i;
        try {
            i = Integer.parseInt(iterations);
        } catch (NumberFormatException e) {
            throw new SaslException("bad iteration count: " + iterations);
        }
        if (i < 1 || i > 10_000_000) {
            throw new SaslException("iteration count out of range: " + i);
        }
        try {
            byte[] salted = pbkdf2(credentials.password(), Base64.getDecoder().decode(salt), i);
            byte[] clientKey = hmac(salted, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            String channelBinding = "c=" + Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.US_ASCII));
            String finalWithoutProof = channelBinding + ",r=" + nonce;
            String authMessage = clientFirstBare + "," + serverFirst + "," + finalWithoutProof;
            byte[] clientSignature = hmac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int k = 0; k < proof.length; k++) {
                proof[k] = (byte) (clientKey[k] ^ clientSignature[k]);
            }
            byte[] serverKey = hmac(salted, "Server Key");
            expectedServerSignature = hmac(serverKey, authMessage);
            return (finalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SaslException("SCRAM computation failed: " + e.getMessage());
        }
    }

    @Override
    public boolean serverVerified() {
        return verified;
    }

    private static Map<String, String> attributes(String message) {
        Map<String, String> out = new HashMap<>();
        for (String part : message.split(",")) {
            int eq = part.indexOf('=');
            if (eq == 1) {
                out.putIfAbsent(part.substring(0, 1), part.substring(2));
            }
        }
        return out;
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) throws GeneralSecurityException {
        SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        return f.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
