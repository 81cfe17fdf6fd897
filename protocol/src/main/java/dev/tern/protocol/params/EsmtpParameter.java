package dev.tern.protocol.params;

import java.util.Locale;
import java.util.Objects;

/**
 * One {@code esmtp-keyword ["=" esmtp-value]} of a MAIL or RCPT command (RFC 5321 §4.1.2).
 * The keyword is kept as spelled; {@link #name()} is its upper-case form for lookups
 * (keywords are case-insensitive). The value is null when the parameter has none.
 */
public record EsmtpParameter(String keyword, String value) {

    public EsmtpParameter {
        Objects.requireNonNull(keyword, "keyword");
        if (!EsmtpParameters.isKeyword(keyword)) {
            throw new IllegalArgumentException("not an esmtp-keyword: " + keyword);
        }
        if (value != null && !EsmtpParameters.isValue(value, true)) {
            throw new IllegalArgumentException("not an esmtp-value for " + keyword);
        }
    }

    /** The keyword in upper case. */
    public String name() {
        return keyword.toUpperCase(Locale.ROOT);
    }

    public boolean hasValue() {
        return value != null;
    }

    /** {@code KEYWORD=value} or {@code KEYWORD}. */
    @Override
    public String toString() {
        return value == null ? keyword : keyword + "=" + value;
    }
}
