package dev.tern.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.client.auth.CramMd5;
import dev.tern.client.auth.SaslMechanism;
import dev.tern.client.auth.ScramSha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SASL mechanisms against the RFCs' examples, and AUTH exchanges against a scripted server. */
class AuthTest {

    private ScriptedServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            assertThat(server.failures()).isEmpty();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void scramSha256MatchesTheRfc7677Example() throws Exception {
        ScramSha256 scram = new ScramSha256(new Credentials("user", "pencil"), "rOprNGfwEbeRWgbNEkqO");
        assertThat(new String(scram.initialResponse(), StandardCharsets.UTF_8)).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        byte[] clientFinal = scram.respond(utf8("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        assertThat(new String(clientFinal, StandardCharsets.UTF_8)).isEqualTo("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)"
                + "hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(scram.serverVerified()).isFalse();
        assertThat(scram.respond(utf8("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))).isEmpty();
        assertThat(scram.serverVerified()).isTrue();
    }

    @Test
    void scramRejectsAWrongServerSignature() throws Exception {
        ScramSha256 scram = new ScramSha256(new Credentials("user", "pencil"), "rOprNGfwEbeRWgbNEkqO");
        scram.initialResponse();
        scram.respond(utf8("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        assertThatThrownBy(() -> scram.respond(utf8("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")))
                .isInstanceOf(SaslMechanism.SaslException.class);
        assertThat(scram.serverVerified()).isFalse();
    }

    @Test
    void scramRejectsAServerNonceThatDoesNotExtendOurs() {
        ScramSha256 scram = new ScramSha256(new Credentials("user", "pencil"), "abc");
        scram.initialResponse();
        assertThatThrownBy(() -> scram.respond(utf8("r=xyz123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")))
                .isInstanceOf(SaslMechanism.SaslException.class);
    }

    @Test
    void cramMd5MatchesTheRfc2195Example() throws Exception {
        byte[] r = new CramMd5(new Credentials("tim", "tanstaaftanstaaf"))
                .respond(utf8("<1896.697170952@postoffice.reston.mci.net>"));
        assertThat(new String(r, StandardCharsets.UTF_8)).isEqualTo("tim b913a602c7eda7a495b4e6e7334d3890");
    }

    @Test
    void strongestCommonMechanismIsChosen() {
        assertThat(SaslMechanism.choose(Set.of("PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-256"))).contains("SCRAM-SHA-256");
        assertThat(SaslMechanism.choose(Set.of("PLAIN", "LOGIN"))).contains("PLAIN");
        assertThat(SaslMechanism.choose(Set.of("LOGIN", "XOAUTH2"))).contains("LOGIN");
        assertThat(SaslMechanism.choose(Set.of("GSSAPI"))).isEmpty();
    }

    private static SmtpClient client(Credentials c) {
        return SmtpClient.create(ClientConfig.builder().heloName("client.test").tlsMode(TlsMode.OFF).credentials(c)
                .authWithoutTls(true).timeouts(Timeouts.uniform(Duration.ofSeconds(10))).build());
    }

    @Test
    void scramExchangeOverTheWireIsCheckedByTheServerAndTheClient() throws Exception {
        String password = "correct horse";
        byte[] salt = utf8("0123456789abcdef");
        int iterations = 4096;
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("AUTH PLAIN SCRAM-SHA-256 CRAM-MD5", "ENHANCEDSTATUSCODES");
            String auth = c.expect("AUTH SCRAM-SHA-256 ");
            String clientFirst = new String(Base64.getDecoder().decode(auth.substring(19)), StandardCharsets.UTF_8);
            assertThat(clientFirst).startsWith("n,,n=bob,r=");
            String clientFirstBare = clientFirst.substring(3);
            String nonce = clientFirstBare.substring(clientFirstBare.indexOf(",r=") + 3) + "srv";
            String serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
            c.reply("334 " + Base64.getEncoder().encodeToString(utf8(serverFirst)));
            String clientFinal = new String(Base64.getDecoder().decode(c.line()), StandardCharsets.UTF_8);
            String withoutProof = clientFinal.substring(0, clientFinal.indexOf(",p="));
            byte[] proof = Base64.getDecoder().decode(clientFinal.substring(clientFinal.indexOf(",p=") + 3));
            try {
                // the server's side, computed here from RFC 5802 §3
                byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                        .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
                String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
                byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(hmac(salted, "Client Key"));
                byte[] signature = hmac(storedKey, authMessage);
                byte[] clientKey = new byte[proof.length];
                for (int i = 0; i < proof.length; i++) {
                    clientKey[i] = (byte) (proof[i] ^ signature[i]);
                }
                assertThat(MessageDigest.getInstance("SHA-256").digest(clientKey)).isEqualTo(storedKey);
                byte[] serverSignature = hmac(hmac(salted, "Server Key"), authMessage);
                c.reply("334 " + Base64.getEncoder().encodeToString(utf8("v=" + Base64.getEncoder().encodeToString(serverSignature))));
            } catch (java.security.GeneralSecurityException e) {
                throw new AssertionError(e);
            }
            assertThat(c.line()).isEmpty();
            c.reply("235 2.7.0 Authentication successful");
            c.quit();
        });
        try (SmtpSession s = client(new Credentials("bob", password)).connect("127.0.0.1", server.port())) {
            assertThat(s.authMechanism()).isEqualTo("SCRAM-SHA-256");
        }
    }

    private static byte[] hmac(byte[] key, String data) throws java.security.GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(utf8(data));
    }

    @Test
    void loginAnswersUserNameThenPassword() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("AUTH LOGIN");
            c.expect("AUTH LOGIN");
            c.reply("334 VXNlcm5hbWU6");
            assertThat(new String(Base64.getDecoder().decode(c.line()), StandardCharsets.UTF_8)).isEqualTo("bob");
            c.reply("334 UGFzc3dvcmQ6");
            assertThat(new String(Base64.getDecoder().decode(c.line()), StandardCharsets.UTF_8)).isEqualTo("pw");
            c.reply("235 2.7.0 ok");
            c.quit();
        });
        try (SmtpSession s = client(new Credentials("bob", "pw")).connect("127.0.0.1", server.port())) {
            assertThat(s.authMechanism()).isEqualTo("LOGIN");
        }
    }

    @Test
    void credentialsAreNotSentWithoutTlsUnlessAllowed() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("AUTH PLAIN");
            c.quit();
        });
        SmtpClient client = SmtpClient.create(ClientConfig.builder().heloName("client.test").tlsMode(TlsMode.OFF)
                .credentials(new Credentials("bob", "pw")).timeouts(Timeouts.uniform(Duration.ofSeconds(10))).build());
        TransactionResult r = client.send("127.0.0.1", server.port(), Envelope.of("a@client.test", "b@x.test"),
                MessageSource.of("x\r\n"));
        TransactionTest.assertResult(r.recipients().get(0), RecipientStatus.HARD_FAILURE, 538, "5.7.11");
        assertThat(server.commands).noneMatch(l -> l.startsWith("AUTH"));
    }

    @Test
    void noCommonMechanismFailsWith530() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("AUTH GSSAPI XOAUTH2");
            c.quit();
        });
        TransactionResult r = client(new Credentials("bob", "pw")).send("127.0.0.1", server.port(),
                Envelope.of("a@client.test", "b@x.test"), MessageSource.of("x\r\n"));
        TransactionTest.assertResult(r.recipients().get(0), RecipientStatus.HARD_FAILURE, 530, "5.7.0");
        assertThat(r.recipients().get(0).stage()).isEqualTo(Stage.AUTH);
    }
}
