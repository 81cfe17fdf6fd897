package dev.tern.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SCRAM-SHA-256 (RFC 7677, the SCRAM framework of RFC 5802) without channel binding. Messages:
 * client-first {@code n,,n=user,r=cnonce}; server-first {@code r=cnonce+snonce,s=salt,i=count};
 * client-final {@code c=biws,r=nonce,p=proof}; server-final {@code v=signature}, which RFC 4954
 * §4 makes a last 334 challenge answered by an empty line. Unknown users get a made-up but
 * stable salt, so the exchange does not tell whether a user exists.
 */
final class ScramSha256 implements SaslServer {
    /** RFC 7677 §4: at least 4096 iterations. */
    static final int DEFAULT_ITERATIONS = 4096;

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Keys the made-up salts of unknown users; fresh per process, so a salt reveals nothing. */
    private static final byte[] FAKE_SALT_KEY = randomBytes(32);

    private final Authenticator authenticator;
    private final Supplier<String> serverNonces;
    private enum State { START, AWAIT_FIRST, AWAIT_FINAL, AWAIT_ACK, DONE }

    private State state = State.START;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private String username;
    private ScramCredentials credentials;
    private boolean userKnown;
    private byte[] serverSignature;

    ScramSha256(Authenticator authenticator) {
        this(authenticator, () -> Base64.getEncoder().withoutPadding().encodeToString(randomBytes(18)));
    }

    /** With a given source of server nonces, for RFC 7677's test vector. */
    ScramSha256(Authenticator authenticator, Supplier<String> serverNonces) {
        this.authenticator = authenticator;
        this.serverNonces = serverNonces;
    }

    @Override
    public String mechanism() {
        return "SCRAM-SHA-256";
    }

    @Override
    public SaslStep evaluate(byte[] response) {
        try {
            return switch (state) {
                case START -> {
                    if (response == null) {
                        state = State.AWAIT_FIRST;
                        yield new SaslStep.Challenge(new byte[0]);
                    }
                    yield clientFirst(response);
                }
                case AWAIT_FIRST -> clientFirst(response == null ? new byte[0] : response);
                case AWAIT_FINAL -> clientFinal(response == null ? new byte[0] : response);
                case AWAIT_ACK -> afterServerFinal(response == null ? new byte[0] : response);
                case DONE -> fail("exchange already over");
            };
        } catch (AuthUnavailableException e) {
            state = State.DONE;
            return new SaslStep.Failure(AuthOutcome.UNAVAILABLE, e.getMessage());
        }
    }

    private SaslStep clientFirst(byte[] response) throws AuthUnavailableException {
        String message = Utf8.decode(response);
        if (message == null) {
            return fail("client-first is not UTF-8");
        }
        // gs2-header = cbind-flag "," [ "a=" saslname ] ","
        int comma1 = message.indexOf(',');
        int comma2 = comma1 < 0 ? -1 : message.indexOf(',', comma1 + 1);
        if (comma2 < 0) {
            return fail("client-first has no GS2 header");
        }
        String flag = message.substring(0, comma1);
        if (!flag.equals("n") && !flag.equals("y")) {
            // "p=..." asks for channel binding, which only the -PLUS variant offers.
            return fail("channel binding not supported");
        }
        String authzid = message.substring(comma1 + 1, comma2);
        gs2Header = message.substring(0, comma2 + 1);
        clientFirstBare = message.substring(comma2 + 1);
        String[] attrs = clientFirstBare.split(",", -1);
        if (attrs.length < 2 || !attrs[0].startsWith("n=") || !attrs[1].startsWith("r=") || attrs[1].length() < 3) {
            return fail("client-first-bare must start with n=user,r=nonce");
        }
        username = decodeSaslName(attrs[0].substring(2));
        if (username == null || username.isEmpty()) {
            return fail("bad user name");
        }
        if (!authzid.isEmpty()) {
            String asUser = authzid.startsWith("a=") ? decodeSaslName(authzid.substring(2)) : null;
            if (asUser == null || !asUser.equals(username)) {
                return fail("authorization identity differs from the user");
            }
        }
        String clientNonce = attrs[1].substring(2);
        if (!printable(clientNonce)) {
            return fail("bad client nonce");
        }
        Optional<ScramCredentials> found = authenticator.scramSha256(username);
        userKnown = found.isPresent();
        credentials = found.orElseGet(() -> fakeCredentials(username));
        nonce = clientNonce + serverNonces.get();
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credentials.salt()) + ",i="
                + credentials.iterations();
        state = State.AWAIT_FINAL;
        return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    private SaslStep clientFinal(byte[] response) {
        String message = Utf8.decode(response);
        if (message == null) {
            return fail("client-final is not UTF-8");
        }
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) {
            return fail("client-final has no proof");
        }
        String withoutProof = message.substring(0, proofAt);
        String[] attrs = withoutProof.split(",", -1);
        if (attrs.length < 2 || !attrs[0].startsWith("c=") || !attrs[1].startsWith("r=")) {
            return fail("client-final must start with c=...,r=...");
        }
        String expectedBinding = Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
        if (!attrs[0].substring(2).equals(expectedBinding)) {
            return fail("channel binding data does not match the GS2 header");
        }
        if (!attrs[1].substring(2).equals(nonce)) {
            return fail("nonce does not match");
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            return fail("proof is not base64");
        }
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] clientSignature = hmac(credentials.storedKey(), authMessage);
        if (proof.length != clientSignature.length) {
            return fail("proof has the wrong length");
        }
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        boolean proofOk = MessageDigest.isEqual(sha256(clientKey), credentials.storedKey());
        if (!proofOk || !userKnown) {
            return fail("wrong credentials for " + username);
        }
        serverSignature = hmac(credentials.serverKey(), authMessage);
        state = State.AWAIT_ACK;
        return new SaslStep.Challenge(("v=" + Base64.getEncoder().encodeToString(serverSignature))
                .getBytes(StandardCharsets.UTF_8));
    }

    private SaslStep afterServerFinal(byte[] response) {
        state = State.DONE;
        if (response.length != 0) {
            return fail("expected an empty answer to the server-final message");
        }
        return new SaslStep.Success(username);
    }

    private SaslStep fail(String why) {
        state = State.DONE;
        return new SaslStep.Failure(AuthOutcome.BAD_CREDENTIALS, why);
    }

    /** RFC 5802 §5.1: saslname escapes ',' as =2C and '=' as =3D; any other '=' is an error. */
    static String decodeSaslName(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',') {
                return null;
            }
            if (c == '=') {
                if (text.startsWith("=2C", i)) {
                    out.append(',');
                } else if (text.startsWith("=3D", i)) {
                    out.append('=');
                } else {
                    return null;
                }
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean printable(String nonce) {
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (c < 0x21 || c > 0x7e || c == ',') {
                return false;
            }
        }
        return true;
    }

    private static ScramCredentials fakeCredentials(String username) {
        byte[] salt = java.util.Arrays.copyOf(hmac(FAKE_SALT_KEY, username), 16);
        return new ScramCredentials(salt, DEFAULT_ITERATIONS, randomBytes(32), randomBytes(32));
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Hi() of RFC 5802 §2.2: PBKDF2 with HMAC-SHA-256. The password is normalised with NFKC, close to SASLprep. */
    static byte[] hi(String password, byte[] salt, int iterations) {
        byte[] key = Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8);
        if (key.length == 0) {
            throw new IllegalArgumentException("empty password");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
