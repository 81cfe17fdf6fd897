package dev.tern.protocol.reply;

/**
 * The bytes could not be read as an SMTP reply at all. This is the only exception
 * {@link ReplyParser} and {@link ReplyReader} throw for what a server sent; everything they can
 * make sense of comes back as a {@link ParsedReply} with deviations instead.
 */
public class ReplyParseException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the bytes are not a reply. */
    public enum Kind {
        /** A line does not start with three digits, or the code starts with 0. */
        NOT_A_REPLY,
        /** The stream ended before the last line of a reply (or before any reply). */
        END_OF_STREAM,
        /** A line is longer than the hard cap ({@link ReplyParser.Limits#maxLineOctets()}). */
        LINE_TOO_LONG,
        /** The reply has more lines than {@link ReplyParser.Limits#maxLines()}. */
        TOO_MANY_LINES,
        /** The reply is larger than {@link ReplyParser.Limits#maxReplyOctets()}. */
        REPLY_TOO_LARGE,
        /** {@link ReplyParser#parse(byte[], boolean)} found bytes after the end of the reply. */
        TRAILING_DATA
    }

    private final Kind kind;
    private final int line;

    public ReplyParseException(Kind kind, int line, String message) {
        super(kind + (line > 0 ? " at line " + line : "") + ": " + message);
        this.kind = kind;
        this.line = line;
    }

    public Kind kind() {
        return kind;
    }

    /** The 1-based line of the reply where reading failed; 0 when no line had started. */
    public int line() {
        return line;
    }
}
