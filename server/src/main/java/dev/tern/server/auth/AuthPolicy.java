package dev.tern.server.auth;

import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which SASL mechanisms a listener offers and when. Plaintext mechanisms (PLAIN, LOGIN) send the
 * password itself, so where {@code plaintextNeedsTls} holds they are neither advertised nor
 * accepted before TLS (RFC 4954 §4, 538 5.7.11). Mechanisms the operator deems too weak are
 * not advertised and are refused with 534 5.7.9.
 */
public record AuthPolicy(List<String> enabled, boolean plaintextNeedsTls, Set<String> tooWeak) {
    public static final String PLAIN = "PLAIN";
    public static final String LOGIN = "LOGIN";
    public static final String CRAM_MD5 = "CRAM-MD5";
    public static final String SCRAM_SHA_256 = "SCRAM-SHA-256";

    /** Every mechanism Tern implements, strongest first. */
    public static final List<String> ALL = List.of(SCRAM_SHA_256, CRAM_MD5, PLAIN, LOGIN);

    /** All mechanisms, plaintext ones only under TLS. */
    public static final AuthPolicy DEFAULT = new AuthPolicy(ALL, true, Set.of());

    public AuthPolicy {
        enabled = enabled.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList();
        tooWeak = Set.copyOf(tooWeak.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList());
        for (String m : enabled) {
            if (!ALL.contains(m)) {
                throw new IllegalArgumentException("unknown SASL mechanism: " + m + " (known: " + ALL + ")");
            }
        }
    }

    /** What AUTH may say about a mechanism before the exchange starts. */
    public enum Decision {
        ALLOWED(null),
        UNKNOWN(Replies.AUTH_UNKNOWN_MECHANISM),
        NEEDS_TLS(Replies.AUTH_NEEDS_TLS),
        TOO_WEAK(Replies.AUTH_TOO_WEAK);

        private final Replies reply;

        Decision(Replies reply) {
            this.reply = reply;
        }

        /** The refusal; null for ALLOWED. */
        public Reply reply() {
            return reply == null ? null : reply.reply();
        }
    }

    public static boolean isPlaintext(String mechanism) {
        return mechanism.equals(PLAIN) || mechanism.equals(LOGIN);
    }

    /** The mechanisms for the EHLO AUTH keyword, in order; empty means AUTH is not advertised. */
    public List<String> advertised(boolean tlsActive, Authenticator authenticator) {
        List<String> out = new ArrayList<>();
        for (String m : enabled) {
            if (decide(m, tlsActive, authenticator) == Decision.ALLOWED) {
                out.add(m);
            }
        }
        return out;
    }

    public Decision decide(String mechanism, boolean tlsActive, Authenticator authenticator) {
        String m = mechanism.toUpperCase(Locale.ROOT);
        if (!enabled.contains(m) || !supported(m, authenticator)) {
            return tooWeak.contains(m) && ALL.contains(m) ? Decision.TOO_WEAK : Decision.UNKNOWN;
        }
        if (tooWeak.contains(m)) {
            return Decision.TOO_WEAK;
        }
        if (isPlaintext(m) && plaintextNeedsTls && !tlsActive) {
            return Decision.NEEDS_TLS;
        }
        return Decision.ALLOWED;
    }

    private static boolean supported(String m, Authenticator a) {
        return switch (m) {
            case SCRAM_SHA_256 -> a.supportsScramSha256();
            case CRAM_MD5 -> a.supportsCramMd5();
            default -> true;
        };
    }

    /** A fresh exchange for an allowed mechanism. */
    public static AuthExchange exchange(String mechanism, Authenticator authenticator, String serverName) {
        String m = mechanism.toUpperCase(Locale.ROOT);
        SaslServer server = switch (m) {
            case PLAIN -> new PlainServer(authenticator);
            case LOGIN -> new LoginServer(authenticator);
            case CRAM_MD5 -> new CramMd5Server(authenticator, serverName, Clock.systemUTC());
            case SCRAM_SHA_256 -> new ScramSha256(authenticator);
            default -> throw new IllegalArgumentException("unknown SASL mechanism: " + mechanism);
        };
        return new AuthExchange(server);
    }
}
