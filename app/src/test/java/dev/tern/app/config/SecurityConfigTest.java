package dev.tern.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.server.ListenerRole;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The TLS/AUTH keys of the configuration: listeners, tls, auth, relay-networks. */
class SecurityConfigTest {

    private static TernConfig parse(String extra) throws ConfigException {
        return ConfigLoader.parse("tern.yaml", "domains: [ example.test ]\n" + extra);
    }

    private static String error(String extra) {
        try {
            parse(extra);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + extra);
    }

    @Test
    void defaults() throws Exception {
        SecurityConfig s = parse("").security();
        assertThat(s.listeners()).isEmpty();
        assertThat(s.certificate()).isNull();
        assertThat(s.usersFile(Path.of("data"))).isEqualTo(Path.of("data/users"));
        assertThat(s.authPolicy().plaintextNeedsTls()).isTrue();
        assertThat(s.relayAllowedFrom(InetAddress.getLoopbackAddress())).isFalse();
    }

    @Test
    void everyKey() throws Exception {
        SecurityConfig s = parse("""
                listeners:
                  - { address: "0.0.0.0:587", role: submission }
                  - { address: "[::]:465", role: SUBMISSIONS }
                  - { address: "127.0.0.1:25", role: mx }
                tls:
                  certificate: /etc/letsencrypt/live/mx.example.test/fullchain.pem
                  key: /etc/letsencrypt/live/mx.example.test/privkey.pem
                auth:
                  users-file: /etc/tern/users
                  mechanisms: [ scram-sha-256, PLAIN, LOGIN, CRAM-MD5 ]
                  plaintext-needs-tls: false
                  too-weak: [ CRAM-MD5 ]
                relay-networks: [ 192.0.2.0/24, "2001:db8::/32" ]
                """).security();
        assertThat(s.listeners()).extracting(SecurityConfig.Listener::role)
                .containsExactly(ListenerRole.SUBMISSION, ListenerRole.SUBMISSIONS, ListenerRole.MX);
        assertThat(s.listeners().get(0).address().getPort()).isEqualTo(587);
        assertThat(s.certificate()).isEqualTo(Path.of("/etc/letsencrypt/live/mx.example.test/fullchain.pem"));
        assertThat(s.key()).isEqualTo(Path.of("/etc/letsencrypt/live/mx.example.test/privkey.pem"));
        assertThat(s.usersFile(Path.of("data"))).isEqualTo(Path.of("/etc/tern/users"));
        assertThat(s.authPolicy().enabled()).containsExactly("SCRAM-SHA-256", "PLAIN", "LOGIN", "CRAM-MD5");
        assertThat(s.authPolicy().plaintextNeedsTls()).isFalse();
        assertThat(s.authPolicy().tooWeak()).isEqualTo(Set.of("CRAM-MD5"));
        assertThat(s.relayAllowedFrom(InetAddress.getByName("192.0.2.77"))).isTrue();
        assertThat(s.relayAllowedFrom(InetAddress.getByName("198.51.100.1"))).isFalse();
    }

    @Test
    void errorsNameFileLineAndColumn() {
        assertThat(error("listeners:\n  - { address: \"0.0.0.0:587\", role: relay }\n"))
                .isEqualTo("tern.yaml:3:37: role: 'relay' is none of mx, submission, submissions");
        assertThat(error("listeners:\n  - { address: \"0.0.0.0:587\" }\n"))
                .isEqualTo("tern.yaml:3:5: a listener needs 'address' and 'role' (mx, submission or submissions)");
        assertThat(error("tls:\n  certificate: /x.pem\n"))
                .isEqualTo("tern.yaml:3:3: tls needs both 'certificate' and 'key' (PEM files)");
        assertThat(error("auth:\n  mechanisms: [ PLAIN, NTLM ]\n"))
                .isEqualTo("tern.yaml:3:24: mechanisms: unknown SASL mechanism 'NTLM' (known: SCRAM-SHA-256, CRAM-MD5, PLAIN, LOGIN)");
        assertThat(error("auth:\n  password: x\n")).startsWith("tern.yaml:3:3: unknown key 'password' in auth");
        assertThat(error("relay-networks: [ 300.1.1.1/8 ]\n")).startsWith("tern.yaml:2:19: relay-networks: bad address block");
    }

    @Test
    void certificateAndKeyGoTogether() {
        assertThatThrownBy(() -> new SecurityConfig(java.util.List.of(), Path.of("c"), null, null,
                dev.tern.server.auth.AuthPolicy.DEFAULT, java.util.List.of())).hasMessageContaining("both");
    }
}
