package dev.tern.protocol.reply;

import java.util.List;
import java.util.Objects;

/**
 * One SMTP reply as a value: basic code, optional enhanced code, one or more text lines
 * (RFC 5321 §4.2). Lines hold only the text, never the code, the enhanced code or the CRLF.
 */
public record Reply(int code, EnhancedCode enhanced, List<String> lines) {

    public Reply {
        // 100-999: Tern only sends 2xx-5xx, but a reply read from another server keeps whatever
        // three digits it had; ReplyParser reports codes outside 2xx-5xx as a deviation.
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("reply code must have three digits, the first not 0: " + code);
        }
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
        if (lines.isEmpty()) {
            lines = List.of("");
        }
        for (String line : lines) {
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("reply text must not contain CR or LF");
            }
        }
    }

    public static Reply of(int code, EnhancedCode enhanced, String text) {
        return new Reply(code, enhanced, List.of(text));
    }

    public static Reply of(int code, String enhanced, String text) {
        return new Reply(code, enhanced == null ? null : EnhancedCode.parse(enhanced), List.of(text));
    }

    /** The class digit: 2 positive completion, 3 intermediate, 4 transient, 5 permanent. */
    public int replyClass() {
        return code / 100;
    }

    /** A 2xx or 3xx reply. Codes outside 2xx-5xx are never positive (RFC 5321 §4.2: treat them as fatal). */
    public boolean isPositive() {
        return replyClass() == 2 || replyClass() == 3;
    }

    public boolean isIntermediate() {
        return replyClass() == 3;
    }

    /** A transient negative reply: a soft bounce, worth retrying later (RFC 5321 §4.2.1). */
    public boolean isTransient() {
        return replyClass() == 4;
    }

    /** A permanent negative reply: a hard bounce, do not retry as is. */
    public boolean isPermanent() {
        return replyClass() == 5;
    }

    /** The whole text, lines joined by a space. */
    public String text() {
        return String.join(" ", lines);
    }

    public Reply withText(String text) {
        return new Reply(code, enhanced, List.of(text));
    }

    public Reply withLines(List<String> newLines) {
        return new Reply(code, enhanced, newLines);
    }

    /** Fills {@code %s}-style placeholders of every line with the arguments. */
    public Reply format(Object... args) {
        if (lines.size() == 1) {
            return withText(String.format(java.util.Locale.ROOT, lines.get(0), args));
        }
        return withLines(lines.stream().map(l -> String.format(java.util.Locale.ROOT, l, args)).toList());
    }

    public Reply withEnhanced(EnhancedCode newEnhanced) {
        return new Reply(code, newEnhanced, lines);
    }

    /** The reply as one line for logs and messages: {@code 550 5.1.1 text}. */
    @Override
    public String toString() {
        return code + (enhanced == null ? "" : " " + enhanced) + (text().isEmpty() ? "" : " " + text());
    }
}
