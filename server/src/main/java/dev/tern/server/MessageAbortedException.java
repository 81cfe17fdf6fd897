package dev.tern.server;

import dev.tern.protocol.reply.Reply;
import java.io.IOException;
import java.util.Optional;

/**
 * Thrown by the message stream given to {@link Session#data} when the message must not be kept:
 * too big, bare line endings refused, transaction reset, connection lost. The server answers
 * with {@link #reply()} when there is one (there is none for a lost connection).
 */
public final class MessageAbortedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Reply reply;

    public MessageAbortedException(String message, Reply reply) {
        super(message);
        this.reply = reply;
    }

    /** The reply the server sends at end of data for this failure; empty when none can be sent. */
    public Optional<Reply> reply() {
        return Optional.ofNullable(reply);
    }
}
