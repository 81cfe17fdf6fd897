package dev.tern.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.reply.ReplyFormatter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PlainLoginCramTest {
    private final InMemoryUsers users = new InMemoryUsers().add("alice@example.test", "s3cret pass", false);

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String wire(AuthStep step) {
        return ReplyFormatter.format(step.reply());
    }

    private AuthExchange plain() {
        return new AuthExchange(new PlainServer(users.authenticator()));
    }

    private AuthExchange login() {
        return new AuthExchange(new LoginServer(users.authenticator()));
    }

    @Test
    void plainWithInitialResponse() {
        AuthStep s = plain().begin(b64("\0alice@example.test\0s3cret pass"));
        assertThat(wire(s)).isEqualTo("235 2.7.0 Authentication successful\r\n");
        assertThat(s).isEqualTo(new AuthStep.Success("alice@example.test", "PLAIN"));
    }

    @Test
    void plainNamesCompareCaseInsensitivelyAndIdentityIsCanonical() {
        assertThat(plain().begin(b64("\0Alice@Example.TEST\0s3cret pass")))
                .isEqualTo(new AuthStep.Success("alice@example.test", "PLAIN"));
    }

    @Test
    void plainWithoutInitialResponseGetsEmptyChallenge() {
        AuthExchange ex = plain();
        assertThat(wire(ex.begin(null))).isEqualTo("334 \r\n");
        assertThat(wire(ex.respond(b64("\0alice@example.test\0s3cret pass")))).isEqualTo("235 2.7.0 Authentication successful\r\n");
    }

    @Test
    void plainEmptyInitialResponseIsAnEmptyMessage() {
        // "=" is a zero-length initial response (RFC 4954 §4): for PLAIN that lacks the NULs.
        assertThat(wire(plain().begin("="))).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
    }

    @Test
    void plainWrongPassword() {
        AuthStep s = plain().begin(b64("\0alice@example.test\0wrong"));
        assertThat(wire(s)).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
        assertThat(((AuthStep.Failed) s).outcome()).isEqualTo(AuthOutcome.BAD_CREDENTIALS);
    }

    @Test
    void plainUnknownUser() {
        assertThat(wire(plain().begin(b64("\0bob@example.test\0s3cret pass")))).startsWith("535 5.7.8 ");
    }

    @Test
    void plainAuthorizationIdentity() {
        assertThat(plain().begin(b64("alice@example.test\0alice@example.test\0s3cret pass")))
                .isInstanceOf(AuthStep.Success.class);
        assertThat(wire(plain().begin(b64("root\0alice@example.test\0s3cret pass")))).startsWith("535 5.7.8 ");
    }

    @Test
    void plainMalformedMessages() {
        assertThat(wire(plain().begin(b64("alice@example.test s3cret pass")))).startsWith("535 5.7.8 ");
        assertThat(wire(plain().begin(b64("\0\0s3cret pass")))).startsWith("535 5.7.8 ");
        assertThat(wire(plain().begin(b64("\0alice@example.test\0")))).startsWith("535 5.7.8 ");
        assertThat(wire(plain().begin(b64("\0a\0b\0c")))).startsWith("535 5.7.8 ");
        byte[] notUtf8 = {0, 'a', 0, (byte) 0xff};
        assertThat(wire(plain().begin(Base64.getEncoder().encodeToString(notUtf8)))).startsWith("535 5.7.8 ");
    }

    @Test
    void badBase64AndCancel() {
        assertThat(wire(plain().begin("AGFsaWNl!"))).isEqualTo("501 5.5.2 Cannot decode base64 response\r\n");
        assertThat(wire(plain().begin("AGF"))).isEqualTo("501 5.5.2 Cannot decode base64 response\r\n");
        assertThat(wire(plain().begin("*"))).isEqualTo("501 5.0.0 Authentication cancelled\r\n");
        AuthExchange ex = plain();
        ex.begin(null);
        AuthStep cancelled = ex.respond("*");
        assertThat(wire(cancelled)).isEqualTo("501 5.0.0 Authentication cancelled\r\n");
        assertThat(((AuthStep.Failed) cancelled).outcome().countsAsFailure()).isFalse();
        assertThat(ex.finished()).isTrue();
    }

    @Test
    void unavailableStore() {
        users.unavailable = true;
        assertThat(wire(plain().begin(b64("\0alice@example.test\0s3cret pass"))))
                .isEqualTo("454 4.7.0 Temporary authentication failure\r\n");
    }

    @Test
    void loginChallengesForUsernameThenPassword() {
        AuthExchange ex = login();
        assertThat(wire(ex.begin(null))).isEqualTo("334 VXNlcm5hbWU6\r\n");
        assertThat(wire(ex.respond(b64("alice@example.test")))).isEqualTo("334 UGFzc3dvcmQ6\r\n");
        assertThat(ex.respond(b64("s3cret pass"))).isEqualTo(new AuthStep.Success("alice@example.test", "LOGIN"));
    }

    @Test
    void loginWithInitialUsername() {
        AuthExchange ex = login();
        assertThat(wire(ex.begin(b64("alice@example.test")))).isEqualTo("334 UGFzc3dvcmQ6\r\n");
        assertThat(wire(ex.respond(b64("wrong")))).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
    }

    @Test
    void loginEmptyPasswordFails() {
        AuthExchange ex = login();
        ex.begin(null);
        ex.respond(b64("alice@example.test"));
        assertThat(wire(ex.respond(""))).startsWith("535 5.7.8 ");
    }

    @Test
    void cramMd5Rfc2195Example() {
        InMemoryUsers u = new InMemoryUsers().add("tim", "tanstaaftanstaaf", true);
        byte[] challenge = "<1896.697170952@postoffice.reston.mci.net>".getBytes(StandardCharsets.US_ASCII);
        AuthExchange ex = new AuthExchange(new CramMd5Server(u.authenticator(), challenge));
        assertThat(wire(ex.begin(null)))
                .isEqualTo("334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n");
        assertThat(ex.respond(b64("tim b913a602c7eda7a495b4e6e7334d3890")))
                .isEqualTo(new AuthStep.Success("tim", "CRAM-MD5"));
    }

    @Test
    void cramMd5WrongDigestUnknownUserAndNoSecret() {
        byte[] challenge = "<1896.697170952@postoffice.reston.mci.net>".getBytes(StandardCharsets.US_ASCII);
        InMemoryUsers u = new InMemoryUsers().add("tim", "tanstaaftanstaaf", true).add("nocram", "tanstaaftanstaaf", false);
        for (String answer : new String[] {"tim b913a602c7eda7a495b4e6e7334d3891", "bob b913a602c7eda7a495b4e6e7334d3890",
                "nocram b913a602c7eda7a495b4e6e7334d3890", "tim", "tim zz13a602c7eda7a495b4e6e7334d3890"}) {
            AuthExchange ex = new AuthExchange(new CramMd5Server(u.authenticator(), challenge));
            ex.begin(null);
            assertThat(wire(ex.respond(b64(answer)))).as(answer).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
        }
    }

    @Test
    void cramMd5RefusesInitialResponse() {
        InMemoryUsers u = new InMemoryUsers().add("tim", "tanstaaftanstaaf", true);
        AuthExchange ex = new AuthExchange(new CramMd5Server(u.authenticator(), new byte[] {'<', '>'}));
        assertThat(wire(ex.begin(b64("tim")))).isEqualTo("501 5.5.4 Syntax: AUTH mechanism [initial-response]\r\n");
    }

    @Test
    void cramMd5SecretRoundTripsThroughItsEncoding() {
        CramMd5Secret s = CramMd5Secret.fromPassword("tanstaaftanstaaf");
        assertThat(CramMd5Secret.decode(s.encode())).isEqualTo(s);
        byte[] challenge = "<x@y>".getBytes(StandardCharsets.US_ASCII);
        assertThat(CramMd5Secret.decode(s.encode()).hmac(challenge)).isEqualTo(s.hmac(challenge));
    }
}
