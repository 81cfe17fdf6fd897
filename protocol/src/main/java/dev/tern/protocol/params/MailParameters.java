package dev.tern.protocol.params;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The typed parameters of MAIL FROM.
 *
 * @param size     SIZE= declared message size in octets (RFC 1870); a value beyond
 *                 {@code Long.MAX_VALUE} is held as {@code Long.MAX_VALUE}
 * @param body     BODY= (RFC 6152, RFC 3030), null when not given
 * @param smtputf8 whether SMTPUTF8 was given (RFC 6531)
 * @param ret      RET= (RFC 3461), null when not given
 * @param envid    ENVID= xtext-decoded (RFC 3461 §4.4), null when not given
 * @param auth     AUTH= xtext-decoded (RFC 4954 §5), {@code "<>"} for the empty identity, null
 *                 when not given
 * @param other    further parameters the context accepted, upper-case keyword to value (null
 *                 value for a bare keyword), in the order given
 */
public record MailParameters(OptionalLong size, BodyType body, boolean smtputf8, Ret ret, String envid, String auth,
        Map<String, String> other) {

    /** RFC 3461 §4.4: an envelope identifier has at most 100 characters. */
    public static final int MAX_ENVID_LENGTH = 100;

    private static final Set<String> TYPED = Set.of("SIZE", "BODY", "SMTPUTF8", "RET", "ENVID", "AUTH");

    /** No parameters. */
    public static final MailParameters NONE = new MailParameters(OptionalLong.empty(), null, false, null, null, null, Map.of());

    /** Checks every value so that {@link #toWire()} can never carry a CR, LF or control character. */
    public MailParameters {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(other, "other");
        if (size.isPresent() && size.getAsLong() < 0) {
            throw new IllegalArgumentException("negative SIZE");
        }
        if (envid != null && !isValidEnvid(envid)) {
            throw new IllegalArgumentException("ENVID must be 1-" + MAX_ENVID_LENGTH + " printable US-ASCII characters");
        }
        if (auth != null && !isValidAuth(auth)) {
            throw new IllegalArgumentException("AUTH must be <> or a mailbox without control characters");
        }
        other = checkOther(other, TYPED);
    }

    /** ENVID content: 1-100 printable US-ASCII characters (RFC 3461 §4.4). */
    static boolean isValidEnvid(String envid) {
        return !envid.isEmpty() && envid.length() <= MAX_ENVID_LENGTH && envid.chars().allMatch(c -> c >= 32 && c <= 126);
    }

    static boolean isValidAuth(String auth) {
        return !auth.isEmpty() && auth.codePoints().noneMatch(c -> c < 32 || c == 127 || (c >= 0x80 && c < 0xA0));
    }

    /** Upper-cases keywords, checks keywords and values against the grammar, keeps the order. */
    static Map<String, String> checkOther(Map<String, String> other, Set<String> typed) {
        Map<String, String> copy = new LinkedHashMap<>();
        other.forEach((k, v) -> {
            String key = k.toUpperCase(Locale.ROOT);
            if (!EsmtpParameters.isKeyword(key) || typed.contains(key)) {
                throw new IllegalArgumentException("bad or typed parameter keyword in other: " + k);
            }
            if (v != null && !EsmtpParameters.isValue(v, true)) {
                throw new IllegalArgumentException("bad value for parameter " + k);
            }
            if (copy.put(key, v) != null) {
                throw new IllegalArgumentException("parameter given twice: " + k);
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    public MailParameters withSize(long newSize) {
        return new MailParameters(OptionalLong.of(newSize), body, smtputf8, ret, envid, auth, other);
    }

    public MailParameters withBody(BodyType newBody) {
        return new MailParameters(size, newBody, smtputf8, ret, envid, auth, other);
    }

    public MailParameters withSmtputf8(boolean on) {
        return new MailParameters(size, body, on, ret, envid, auth, other);
    }

    public MailParameters withRet(Ret newRet) {
        return new MailParameters(size, body, smtputf8, newRet, envid, auth, other);
    }

    public MailParameters withEnvid(String newEnvid) {
        return new MailParameters(size, body, smtputf8, ret, newEnvid, auth, other);
    }

    public MailParameters withAuth(String newAuth) {
        return new MailParameters(size, body, smtputf8, ret, envid, newAuth, other);
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    /**
     * The parameters as the client writes them after the path, e.g.
     * {@code SIZE=1000 BODY=8BITMIME SMTPUTF8 ENVID=abc+2B1}; {@code ""} when there are none.
     */
    public String toWire() {
        List<String> parts = new ArrayList<>();
        size.ifPresent(s -> parts.add("SIZE=" + s));
        if (body != null) {
            parts.add("BODY=" + body.wire());
        }
        if (smtputf8) {
            parts.add("SMTPUTF8");
        }
        if (ret != null) {
            parts.add("RET=" + ret.name());
        }
        if (envid != null) {
            parts.add("ENVID=" + XText.encode(envid));
        }
        if (auth != null) {
            parts.add("AUTH=" + (auth.equals("<>") ? "<>" : XText.encode(auth)));
        }
        other.forEach((k, v) -> parts.add(v == null ? k : k + "=" + v));
        return String.join(" ", parts);
    }
}
