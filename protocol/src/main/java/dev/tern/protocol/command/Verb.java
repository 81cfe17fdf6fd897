package dev.tern.protocol.command;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every SMTP verb Tern recognises (spec §2), plus {@link #UNKNOWN}. */
public enum Verb {
    HELO, EHLO, MAIL, RCPT, DATA, BDAT, RSET, VRFY, EXPN, HELP, NOOP, QUIT, TURN, SEND, SOML, SAML, STARTTLS, AUTH,
    /** Any verb not listed above. */
    UNKNOWN;

    private static final Map<String, Verb> BY_NAME = Stream.of(values()).filter(v -> v != UNKNOWN)
            .collect(Collectors.toUnmodifiableMap(Verb::name, Function.identity()));

    /**
     * Case-insensitive lookup (RFC 5321 §2.4), ASCII letters only; unknown names give
     * {@link #UNKNOWN}.
     */
    public static Verb of(String name) {
        if (name == null || name.isEmpty() || name.length() > 8) {
            return UNKNOWN;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z')) {
                return UNKNOWN;
            }
        }
        Verb v = BY_NAME.get(name.toUpperCase(Locale.ROOT));
        return v == null ? UNKNOWN : v;
    }

    /** The spec §2 stage name for this verb, as {@code ReplyRegistry.allowedCodes} takes it. */
    public String stage() {
        return this == UNKNOWN ? "unknown" : name();
    }
}
