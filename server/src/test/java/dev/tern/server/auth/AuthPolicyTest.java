package dev.tern.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.protocol.reply.ReplyFormatter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthPolicyTest {
    private final Authenticator noCram = new InMemoryUsers().add("a", "pw", false).authenticator();
    private final Authenticator withCram = new InMemoryUsers().add("a", "pw", true).authenticator();

    @Test
    void plaintextMechanismsOnlyUnderTls() {
        assertThat(AuthPolicy.DEFAULT.advertised(false, noCram)).containsExactly("SCRAM-SHA-256");
        assertThat(AuthPolicy.DEFAULT.advertised(true, noCram)).containsExactly("SCRAM-SHA-256", "PLAIN", "LOGIN");
        assertThat(AuthPolicy.DEFAULT.advertised(true, withCram)).containsExactly("SCRAM-SHA-256", "CRAM-MD5", "PLAIN", "LOGIN");
        assertThat(ReplyFormatter.format(AuthPolicy.DEFAULT.decide("plain", false, noCram).reply()))
                .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism\r\n");
        assertThat(AuthPolicy.DEFAULT.decide("plain", true, noCram)).isEqualTo(AuthPolicy.Decision.ALLOWED);
    }

    @Test
    void plaintextAllowedWithoutTlsWhenTheOperatorSaysSo() {
        AuthPolicy open = new AuthPolicy(AuthPolicy.ALL, false, Set.of());
        assertThat(open.advertised(false, noCram)).containsExactly("SCRAM-SHA-256", "PLAIN", "LOGIN");
    }

    @Test
    void cramMd5WithoutSecretsIsUnknown() {
        assertThat(ReplyFormatter.format(AuthPolicy.DEFAULT.decide("CRAM-MD5", true, noCram).reply()))
                .isEqualTo("504 5.5.4 Unrecognized authentication mechanism\r\n");
        assertThat(AuthPolicy.DEFAULT.decide("CRAM-MD5", true, withCram)).isEqualTo(AuthPolicy.Decision.ALLOWED);
    }

    @Test
    void unknownAndTooWeak() {
        assertThat(AuthPolicy.DEFAULT.decide("GSSAPI", true, noCram)).isEqualTo(AuthPolicy.Decision.UNKNOWN);
        AuthPolicy strict = new AuthPolicy(AuthPolicy.ALL, true, Set.of("CRAM-MD5", "LOGIN"));
        assertThat(strict.advertised(true, withCram)).containsExactly("SCRAM-SHA-256", "PLAIN");
        assertThat(ReplyFormatter.format(strict.decide("cram-md5", true, withCram).reply()))
                .isEqualTo("534 5.7.9 Authentication mechanism is too weak\r\n");
        assertThat(strict.decide("LOGIN", false, withCram)).isEqualTo(AuthPolicy.Decision.TOO_WEAK);
    }

    @Test
    void onlyKnownMechanismsMayBeEnabled() {
        assertThatThrownBy(() -> new AuthPolicy(List.of("PLAIN", "NTLM"), true, Set.of()))
                .hasMessageContaining("NTLM");
        assertThat(AuthPolicy.exchange("scram-sha-256", noCram, "mx.test").mechanism()).isEqualTo("SCRAM-SHA-256");
    }
}
