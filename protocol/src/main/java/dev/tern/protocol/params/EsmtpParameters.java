package dev.tern.protocol.params;

import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.ReplyException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters after the path of MAIL or RCPT, untyped (RFC 5321 §4.1.2):
 * <pre>
 * esmtp-param   = esmtp-keyword ["=" esmtp-value]
 * esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
 * esmtp-value   = 1*(%d33-60 / %d62-126)      ; plus UTF8-non-ascii with SMTPUTF8 (RFC 6531 §3.3)
 * </pre>
 * Parameters are separated by one space; runs of spaces are tolerated. Keywords are
 * case-insensitive; the same keyword twice is refused with {@link Replies#PARAM_DUPLICATE}
 * (501 5.5.4), anything off the grammar with {@link Replies#PARAM_SYNTAX} (501 5.5.4).
 */
public final class EsmtpParameters {

    private static final EsmtpParameters EMPTY = new EsmtpParameters(Map.of());

    private final Map<String, EsmtpParameter> byName;

    private EsmtpParameters(Map<String, EsmtpParameter> byName) {
        this.byName = byName;
    }

    public static EsmtpParameters empty() {
        return EMPTY;
    }

    /** Parses the parameter text ({@code ""} for none); {@code utf8} allows UTF-8 in values. */
    public static EsmtpParameters parse(String text, boolean utf8) throws ReplyException {
        Map<String, EsmtpParameter> map = new LinkedHashMap<>();
        for (String token : text.split(" ")) {
            if (token.isEmpty()) {
                continue;
            }
            int eq = token.indexOf('=');
            String keyword = eq < 0 ? token : token.substring(0, eq);
            String value = eq < 0 ? null : token.substring(eq + 1);
            if (!isKeyword(keyword)) {
                throw Replies.PARAM_SYNTAX.exception(printable(token));
            }
            if (value != null && !isValue(value, utf8)) {
                throw Replies.PARAM_SYNTAX.exception(printable(token));
            }
            EsmtpParameter p = new EsmtpParameter(keyword, value);
            if (map.putIfAbsent(p.name(), p) != null) {
                throw Replies.PARAM_DUPLICATE.exception(p.name());
            }
        }
        return map.isEmpty() ? EMPTY : new EsmtpParameters(Collections.unmodifiableMap(map));
    }

    /** esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-"). */
    public static boolean isKeyword(String s) {
        if (s.isEmpty() || s.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** esmtp-value = 1*(%d33-60 / %d62-126), UTF8-non-ascii added when {@code utf8}. */
    public static boolean isValue(String s, boolean utf8) {
        if (s.isEmpty()) {
            return false;
        }
        return s.codePoints().allMatch(c -> (c >= 33 && c <= 126 && c != '=')
                || (utf8 && c >= 0xA0 && c != 0xFFFD && !(c >= 0xD800 && c <= 0xDFFF)));
    }

    /** The parameters in the order given. */
    public Collection<EsmtpParameter> all() {
        return byName.values();
    }

    /** The parameter with this keyword, any case. */
    public Optional<EsmtpParameter> get(String keyword) {
        return Optional.ofNullable(byName.get(keyword.toUpperCase(Locale.ROOT)));
    }

    public boolean has(String keyword) {
        return byName.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    public int size() {
        return byName.size();
    }

    @Override
    public String toString() {
        return String.join(" ", byName.values().stream().map(EsmtpParameter::toString).toList());
    }

    /**
     * Client input echoed in a reply: printable ASCII only, at most 40 characters, so a reply
     * never carries control characters or arbitrary bytes back.
     */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 40; i++) {
            char c = s.charAt(i);
            sb.append(c >= 32 && c < 127 ? c : '?');
        }
        return s.length() > 40 ? sb + "..." : sb.toString();
    }
}
