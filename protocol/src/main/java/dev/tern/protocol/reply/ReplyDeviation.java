package dev.tern.protocol.reply;

/**
 * One departure from RFC 5321 §4.2 (or RFC 2034) that {@link ReplyParser} tolerated in a reply
 * read from another server.
 *
 * @param kind   what was wrong
 * @param line   the 1-based line of the reply it was seen on, 0 when it concerns the whole reply
 * @param detail a short human-readable explanation, for logs
 */
public record ReplyDeviation(Kind kind, int line, String detail) {

    /** The deviations the parser recognises. */
    public enum Kind {
        /** The line ended with LF alone instead of CRLF (RFC 5321 §2.3.8). */
        BARE_LF,
        /** The stream ended after the last line without any line ending; the line was taken as complete. */
        UNTERMINATED_LINE,
        /** The code was followed by neither SP, "-" nor the line end, e.g. {@code 250OK}; read as a last line. */
        MISSING_SPACE,
        /** A line of a multi-line reply carries another code than the first line; the first line's code is kept. */
        CODE_MISMATCH,
        /** The code is not in Tern's registry, or is one of the non-standard codes seen in the wild (200, 453, 541). */
        NON_STANDARD_CODE,
        /** The first digit is not 2-5 (RFC 5321 §4.2: the client should treat the reply as a fatal error). */
        CODE_OUT_OF_RANGE,
        /** The enhanced code's class differs from the basic code's first digit (RFC 3463 §2). */
        ENHANCED_CLASS_MISMATCH,
        /** A line carries a different enhanced code than the first one; the first one is kept. */
        ENHANCED_CODE_MISMATCH,
        /** The enhanced code is well formed but not in the IANA registry (for example 5.7.515). */
        UNREGISTERED_ENHANCED,
        /**
         * ENHANCEDSTATUSCODES was advertised but a 2xx/4xx/5xx reply has no enhanced code, or one
         * line of a reply has it and another has not (RFC 2034 §3).
         */
        MISSING_ENHANCED,
        /** The line is longer than 512 octets, CRLF included (RFC 5321 §4.5.3.1.5). */
        LINE_TOO_LONG,
        /** The text has octets above 127 (allowed only with SMTPUTF8, RFC 6531 §3.7.4); decoded as UTF-8. */
        NON_ASCII,
        /** The text has control characters other than HT; a bare CR is replaced by a space. */
        CONTROL_CHARACTER,
        /** No line has any text. RFC 5321 allows it, but a reply usually says something. */
        EMPTY_TEXT
    }

    public ReplyDeviation {
        java.util.Objects.requireNonNull(kind, "kind");
        detail = detail == null ? "" : detail;
    }

    @Override
    public String toString() {
        return kind + (line > 0 ? " (line " + line + ")" : "") + (detail.isEmpty() ? "" : ": " + detail);
    }
}
