package dev.tern.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.reply.ReplyFormatter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ScramSha256Test {
    // RFC 7677 §3: user "user", password "pencil".
    static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    static final String SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static InMemoryUsers rfcUser() {
        ScramCredentials creds = ScramCredentials.derive("pencil",
                Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        return new InMemoryUsers().add(new UserRecord("user", InMemoryUsers.FAST.hash("pencil"), creds, null));
    }

    private static AuthExchange exchange(InMemoryUsers users) {
        return new AuthExchange(new ScramSha256(users.authenticator(), () -> SERVER_NONCE));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String wire(AuthStep step) {
        return ReplyFormatter.format(step.reply());
    }

    @Test
    void rfc7677TestVectorWithInitialResponse() {
        AuthExchange ex = exchange(rfcUser());
        assertThat(wire(ex.begin(b64(CLIENT_FIRST)))).isEqualTo("334 " + b64(SERVER_FIRST) + "\r\n");
        assertThat(wire(ex.respond(b64(CLIENT_FINAL)))).isEqualTo("334 " + b64(SERVER_FINAL) + "\r\n");
        AuthStep done = ex.respond("");
        assertThat(done).isEqualTo(new AuthStep.Success("user", "SCRAM-SHA-256"));
        assertThat(wire(done)).isEqualTo("235 2.7.0 Authentication successful\r\n");
        assertThat(ex.finished()).isTrue();
    }

    @Test
    void rfc7677TestVectorWithoutInitialResponse() {
        AuthExchange ex = exchange(rfcUser());
        assertThat(wire(ex.begin(null))).isEqualTo("334 \r\n");
        assertThat(wire(ex.respond(b64(CLIENT_FIRST)))).isEqualTo("334 " + b64(SERVER_FIRST) + "\r\n");
        assertThat(wire(ex.respond(b64(CLIENT_FINAL)))).isEqualTo("334 " + b64(SERVER_FINAL) + "\r\n");
        assertThat(ex.respond("")).isInstanceOf(AuthStep.Success.class);
    }

    @Test
    void derivedKeysMatchTheRfcExchange() {
        ScramCredentials c = ScramCredentials.derive("pencil", Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        assertThat(ScramCredentials.decode(c.encode())).isEqualTo(c);
        assertThat(c.encode()).startsWith("4096$W22ZaJ0SNY7soEsUEjb6gQ==$");
    }

    @Test
    void wrongProofIs535() {
        AuthExchange ex = exchange(rfcUser());
        ex.begin(b64(CLIENT_FIRST));
        String tampered = CLIENT_FINAL.replace("p=dHzb", "p=dHzc");
        AuthStep s = ex.respond(b64(tampered));
        assertThat(wire(s)).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
        assertThat(((AuthStep.Failed) s).outcome().countsAsFailure()).isTrue();
    }

    @Test
    void wrongPasswordIs535() {
        InMemoryUsers users = new InMemoryUsers().add("user", "not-pencil", false);
        AuthExchange ex = exchange(users);
        AuthStep first = ex.begin(b64(CLIENT_FIRST));
        assertThat(first).isInstanceOf(AuthStep.Challenge.class);
        // The RFC's proof was made for "pencil" with the RFC's salt; with another verifier it cannot match.
        assertThat(serverNonceOf(first)).isEqualTo("rOprNGfwEbeRWgbNEkqO" + SERVER_NONCE);
        assertThat(wire(ex.respond(b64(CLIENT_FINAL)))).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
    }

    @Test
    void unknownUserGetsAStableMadeUpSaltAndFailsAtTheProof() {
        InMemoryUsers users = rfcUser();
        String a = serverFirstOf(exchange(users).begin(b64("n,,n=nobody,r=abc")));
        String b = serverFirstOf(exchange(users).begin(b64("n,,n=nobody,r=abc")));
        assertThat(a).isEqualTo(b).contains(",s=").endsWith(",i=4096");
        AuthExchange ex = exchange(users);
        ex.begin(b64("n,,n=nobody,r=abc"));
        String fin = "c=biws,r=abc" + SERVER_NONCE + ",p=" + Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(wire(ex.respond(b64(fin)))).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
    }

    @Test
    void channelBindingRequestIsRefused() {
        AuthStep s = exchange(rfcUser()).begin(b64("p=tls-unique,,n=user,r=abc"));
        assertThat(wire(s)).startsWith("535 5.7.8 ");
    }

    @Test
    void clientThatSupportsButDidNotGetChannelBindingIsAccepted() {
        AuthExchange ex = exchange(rfcUser());
        AuthStep first = ex.begin(b64("y,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
        assertThat(first).isInstanceOf(AuthStep.Challenge.class);
        // c= must then carry "y,," (eSws), not "n,," (biws)
        assertThat(wire(ex.respond(b64(CLIENT_FINAL)))).startsWith("535 5.7.8 ");
    }

    @Test
    void nonceMismatchAndMissingProofAreRefused() {
        AuthExchange ex = exchange(rfcUser());
        ex.begin(b64(CLIENT_FIRST));
        assertThat(wire(ex.respond(b64("c=biws,r=other,p=AAAA")))).startsWith("535 5.7.8 ");
        AuthExchange ex2 = exchange(rfcUser());
        ex2.begin(b64(CLIENT_FIRST));
        assertThat(wire(ex2.respond(b64("c=biws,r=rOprNGfwEbeRWgbNEkqO" + SERVER_NONCE)))).startsWith("535 5.7.8 ");
    }

    @Test
    void nonEmptyAnswerToServerFinalIsRefused() {
        AuthExchange ex = exchange(rfcUser());
        ex.begin(b64(CLIENT_FIRST));
        ex.respond(b64(CLIENT_FINAL));
        assertThat(wire(ex.respond(b64("x")))).startsWith("535 5.7.8 ");
    }

    @Test
    void authorizationIdentityMustBeTheUser() {
        assertThat(exchange(rfcUser()).begin(b64("n,a=admin,n=user,r=abc"))).isInstanceOf(AuthStep.Failed.class);
        assertThat(exchange(rfcUser()).begin(b64("n,a=user,n=user,r=abc"))).isInstanceOf(AuthStep.Challenge.class);
    }

    @Test
    void saslNameEscapes() {
        assertThat(ScramSha256.decodeSaslName("a=2Cb=3Dc")).isEqualTo("a,b=c");
        assertThat(ScramSha256.decodeSaslName("a=2Xb")).isNull();
        assertThat(ScramSha256.decodeSaslName("a=")).isNull();
    }

    @Test
    void cancelAndBadBase64() {
        AuthExchange ex = exchange(rfcUser());
        ex.begin(null);
        assertThat(wire(ex.respond("*"))).isEqualTo("501 5.0.0 Authentication cancelled\r\n");
        AuthExchange ex2 = exchange(rfcUser());
        ex2.begin(null);
        assertThat(wire(ex2.respond("not base64!"))).isEqualTo("501 5.5.2 Cannot decode base64 response\r\n");
    }

    @Test
    void unavailableStoreIs454() {
        InMemoryUsers users = rfcUser();
        users.unavailable = true;
        assertThat(wire(exchange(users).begin(b64(CLIENT_FIRST)))).isEqualTo("454 4.7.0 Temporary authentication failure\r\n");
    }

    private static String serverFirstOf(AuthStep step) {
        return new String(Base64.getDecoder().decode(((AuthStep.Challenge) step).base64()), StandardCharsets.UTF_8);
    }

    private static String serverNonceOf(AuthStep step) {
        String sf = serverFirstOf(step);
        return sf.substring(2, sf.indexOf(','));
    }
}
