package dev.tern.client.auth;

import dev.tern.client.Credentials;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The client side of one SASL mechanism for SMTP AUTH (RFC 4954). Challenges and responses are
 * the decoded octets; the session does the base64 on the wire. One instance per exchange.
 */
public interface SaslMechanism {

    /** Mechanisms Tern speaks, strongest first: the order in which {@link #choose} prefers them. */
    List<String> SUPPORTED = List.of("SCRAM-SHA-256", "CRAM-MD5", "PLAIN", "LOGIN");

    /** The name in the AUTH command. */
    String name();

    /** The initial response sent with the AUTH command (RFC 4954 §4), or null when the mechanism starts with a challenge. */
    byte[] initialResponse();

    /** The response to one server challenge. */
    byte[] respond(byte[] challenge) throws SaslException;

    /**
     * Whether the exchange proved the server's identity when the mechanism can (SCRAM's server
     * signature); true for mechanisms without server authentication.
     */
    default boolean serverVerified() {
        return true;
    }

    /** The strongest mechanism both sides know, or empty. */
    static Optional<String> choose(Set<String> offered) {
        return SUPPORTED.stream().filter(m -> offered.contains(m.toUpperCase(Locale.ROOT))).findFirst();
    }

    /** A fresh exchange for the named mechanism. */
    static SaslMechanism create(String name, Credentials credentials) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "PLAIN" -> new Plain(credentials);
            case "LOGIN" -> new Login(credentials);
            case "CRAM-MD5" -> new CramMd5(credentials);
            case "SCRAM-SHA-256" -> new ScramSha256(credentials);
            default -> throw new IllegalArgumentException("unsupported mechanism " + name);
        };
    }

    /** The server's challenge could not be answered, or its proof did not verify. */
    final class SaslException extends Exception {
        private static final long serialVersionUID = 1L;

        public SaslException(String message) {
            super(message);
        }
    }
}
