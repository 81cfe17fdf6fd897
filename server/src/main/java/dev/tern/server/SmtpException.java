package dev.tern.server;

import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import dev.tern.protocol.reply.ReplyException;
import java.util.Objects;

/**
 * A refusal from a {@link Backend} or {@link Session}: the server sends {@link #reply()} as the
 * answer to the command in progress. Unchecked, so that backend methods can throw it from deep
 * inside without declaring it. Build it from a registry entry, never from a literal code:
 *
 * <pre>{@code throw new SmtpException(Replies.RCPT_UNKNOWN_USER, to.address());}</pre>
 *
 * <p>Any other exception thrown by a backend is logged and answered with
 * {@link Replies#DATA_LOCAL_ERROR} (451 4.3.0) where the command's spec §2 row allows it, else
 * {@link Replies#INTERNAL_ERROR} (421) and the connection is closed; its message never reaches
 * the wire.
 */
public class SmtpException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Reply reply;

    public SmtpException(Reply reply) {
        super(Objects.requireNonNull(reply, "reply").toString());
        this.reply = reply;
    }

    public SmtpException(Reply reply, Throwable cause) {
        super(Objects.requireNonNull(reply, "reply").toString(), cause);
        this.reply = reply;
    }

    /** The named reply with its {@code %s} placeholders filled from {@code args}. */
    public SmtpException(Replies named, Object... args) {
        this(named.format(args));
    }

    /** Wraps a parser's refusal, keeping its reply. */
    public static SmtpException of(ReplyException e) {
        return new SmtpException(e.reply(), e);
    }

    public Reply reply() {
        return reply;
    }
}
