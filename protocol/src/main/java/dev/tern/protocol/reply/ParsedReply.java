package dev.tern.protocol.reply;

import java.util.List;

/**
 * A reply read from another server, with what {@link ReplyParser} had to tolerate to read it.
 *
 * @param reply      the reply: the first line's code, the enhanced code (stripped from every line's
 *                   text), and the text lines
 * @param deviations what was not as RFC 5321 §4.2 and RFC 2034 want it, in the order seen; empty
 *                   for a clean reply
 * @param raw        the reply as it came off the wire, line endings included, decoded as UTF-8
 */
public record ParsedReply(Reply reply, List<ReplyDeviation> deviations, String raw) {

    public ParsedReply {
        java.util.Objects.requireNonNull(reply, "reply");
        deviations = List.copyOf(deviations);
        raw = raw == null ? "" : raw;
    }

    /** True when nothing had to be tolerated. */
    public boolean isClean() {
        return deviations.isEmpty();
    }

    public boolean has(ReplyDeviation.Kind kind) {
        return deviations.stream().anyMatch(d -> d.kind() == kind);
    }

    public int code() {
        return reply.code();
    }

    public EnhancedCode enhanced() {
        return reply.enhanced();
    }

    /**
     * How the client should read the reply. A code whose first digit is not 2-5 reads as
     * {@link Reading#HARD}: RFC 5321 §4.2 says to treat such replies as fatal errors.
     */
    public Reading reading() {
        return Reading.ofCode(reply.code());
    }
}
