package dev.tern.client;

import dev.tern.protocol.reply.ParsedReply;
import java.time.Instant;
import java.util.Objects;

/**
 * One line (or one reply) of an SMTP conversation as the client saw it.
 *
 * @param at    when it happened
 * @param kind  who said it
 * @param text  the command as sent (credentials replaced by {@code <redacted>}, message data by a
 *              summary), the reply's raw lines without the final line end, or a note
 * @param reply for {@link Kind#SERVER}: the parsed reply with its deviations; otherwise null
 */
public record TranscriptEntry(Instant at, Kind kind, String text, ParsedReply reply) {

    /** Who produced the entry. */
    public enum Kind {
        /** A command the client sent ({@code C:}). */
        CLIENT,
        /** A reply the server sent ({@code S:}). */
        SERVER,
        /** Something the client noticed or decided: TLS established, a reply deviation, a stripped parameter. */
        NOTE
    }

    public TranscriptEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    /** {@code C: text}, {@code S: text} (one prefix per line) or {@code *: text}. */
    @Override
    public String toString() {
        String prefix = switch (kind) {
            case CLIENT -> "C: ";
            case SERVER -> "S: ";
            case NOTE -> "*  ";
        };
        return prefix + text.replace("\n", "\n" + prefix);
    }
}
