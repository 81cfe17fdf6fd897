package dev.tern.protocol.reply;

/**
 * A refusal that carries the reply to send. Thrown by parsers when input is invalid and by
 * server backends to reject a command; the server writes {@link #reply()} as it is.
 */
public class ReplyException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Reply reply;

    public ReplyException(Reply reply) {
        super(reply.toString());
        this.reply = reply;
    }

    public ReplyException(Reply reply, Throwable cause) {
        super(reply.toString(), cause);
        this.reply = reply;
    }

    public ReplyException(Replies named) {
        this(named.reply());
    }

    public Reply reply() {
        return reply;
    }

    public boolean isTransient() {
        return reply.isTransient();
    }
}
