package dev.tern.protocol.reply;

import java.util.Optional;

/**
 * An enhanced mail system status code, {@code class.subject.detail} (RFC 3463).
 *
 * <p>The class is 2, 4 or 5; subject and detail are 0 to 999 (RFC 3463 §2 allows up to three
 * digits each).
 */
public record EnhancedCode(int klass, int subject, int detail) implements Comparable<EnhancedCode> {

    public EnhancedCode {
        if (klass != 2 && klass != 4 && klass != 5) {
            throw new IllegalArgumentException("enhanced code class must be 2, 4 or 5: " + klass);
        }
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException("enhanced code subject and detail must be 0-999");
        }
    }

    /** Parses {@code "5.1.1"}; throws {@link IllegalArgumentException} on anything else. */
    public static EnhancedCode parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException("not an enhanced status code: " + text));
    }

    /** Parses {@code "5.1.1"}, or returns empty when the text is not exactly one enhanced code. */
    public static Optional<EnhancedCode> tryParse(CharSequence text) {
        if (text == null) {
            return Optional.empty();
        }
        int n = text.length();
        if (n < 5 || n > 9) {
            return Optional.empty();
        }
        char c = text.charAt(0);
        if ((c != '2' && c != '4' && c != '5') || text.charAt(1) != '.') {
            return Optional.empty();
        }
        int i = 2;
        int subject = 0;
        int digits = 0;
        while (i < n && Character.isDigit(text.charAt(i)) && text.charAt(i) < 128) {
            subject = subject * 10 + (text.charAt(i) - '0');
            i++;
            digits++;
        }
        if (digits == 0 || digits > 3 || i >= n || text.charAt(i) != '.') {
            return Optional.empty();
        }
        i++;
        int detail = 0;
        digits = 0;
        while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            detail = detail * 10 + (text.charAt(i) - '0');
            i++;
            digits++;
        }
        if (digits == 0 || digits > 3 || i != n) {
            return Optional.empty();
        }
        return Optional.of(new EnhancedCode(c - '0', subject, detail));
    }

    /** The same subject and detail under another class, e.g. 4.2.2 to 5.2.2. */
    public EnhancedCode withClass(int newClass) {
        return new EnhancedCode(newClass, subject, detail);
    }

    /** The class-independent registry key, e.g. {@code X.1.1}. */
    public String registryKey() {
        return "X." + subject + "." + detail;
    }

    @Override
    public int compareTo(EnhancedCode o) {
        int c = Integer.compare(klass, o.klass);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(subject, o.subject);
        return c != 0 ? c : Integer.compare(detail, o.detail);
    }

    @Override
    public String toString() {
        return klass + "." + subject + "." + detail;
    }
}
