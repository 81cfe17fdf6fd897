package dev.tern.server;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.RcptParameters;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import java.io.IOException;
import java.io.InputStream;

/**
 * One client connection as the backend sees it. The server has already checked syntax, command
 * order and its own limits before calling; a method returns normally to accept, or throws
 * {@link SmtpException} with a registry reply to refuse.
 *
 * <p>Threading: calls of one session never overlap and happen in command order, on worker
 * threads (not the network event loop), so they may block. {@link #data} may run on a different
 * worker thread than the other calls (it reads while the network feeds the stream), but never at
 * the same time as another call of the session: a RSET, a new EHLO or a lost connection during
 * BDAT first fails the stream and waits for {@code data} to return.
 *
 * <p>A transaction is {@code mail}, one or more {@code rcpt}, then {@code data}; {@link #reset()}
 * ends it (RSET, a new HELO/EHLO, after every end of data whatever its outcome, and before
 * {@link #logout()}), and is called only while a transaction is open.
 */
public interface Session {

    /**
     * MAIL FROM (RFC 5321 §4.1.1.2). The reply on success is {@link Replies#MAIL_OK}.
     *
     * @throws SmtpException to refuse, e.g. {@link Replies#MAIL_SENDER_REJECTED}
     */
    void mail(ReversePath from, MailParameters params);

    /**
     * RCPT TO (RFC 5321 §4.1.1.3). Called only while the transaction's recipient count is under
     * the limit.
     *
     * @return the success reply to send, or {@code null} for {@link Replies#RCPT_OK}; return
     *         {@link Replies#RCPT_WILL_FORWARD} (251) for an alias that forwards off-host
     * @throws SmtpException to refuse this recipient, e.g. {@link Replies#RCPT_UNKNOWN_USER}
     */
    Reply rcpt(ForwardPath to, RcptParameters params);

    /**
     * The message of the transaction (DATA or BDAT), as a stream: the server's {@code Received:}
     * header first, then the message as the client sent it, dot-unstuffed, CRLF line endings.
     * The stream is fed as the client sends (never held whole in memory) and ends at the
     * client's end of data.
     *
     * <p>A read fails with {@link IOException} (never a clean end of stream) when the message
     * must not be kept: the connection was lost, the size limit was passed, or the data broke
     * the rules (bare CR or LF, when refused). The backend must then drop whatever it wrote of
     * this message and rethrow or return; the server answers with its own reply in that case.
     *
     * <p>Store durably before returning: a normal return makes the server answer 250.
     *
     * @param queueId the id the server gave this transaction; it is in the {@code Received:}
     *                header and the log line
     * @return the end-of-data reply, or {@code null} for {@link Replies#DATA_STORED} with the
     *         queue id
     * @throws SmtpException to refuse the message: 450, 451, 452, 541, 550, 552 or 554
     *                       (spec §2 "end of data")
     */
    Reply data(String queueId, InputStream message) throws IOException;

    /** Ends the current transaction, if any; the next one starts with {@link #mail}. */
    void reset();

    /** The connection has ended (QUIT, error, lost connection or shutdown). Called once. */
    void logout();

    /**
     * VRFY (RFC 5321 §3.5.1). Default: {@link Replies#VRFY_CANNOT_VERIFY} (252 2.5.0), which
     * tells nothing about the address.
     *
     * @return 250, 251 or 252 (spec §2 VRFY row)
     * @throws SmtpException 550, 551 or 553 (spec §2 VRFY row)
     */
    default Reply verify(String argument) {
        return Replies.VRFY_CANNOT_VERIFY.reply();
    }

    /**
     * EXPN (RFC 5321 §3.5.2). Default: {@link Replies#EXPN_DISABLED} (502 5.5.1).
     *
     * @return a 250 reply, one line per member (spec §2 EXPN row)
     * @throws SmtpException 550 when the argument is not a list, 502 when disabled
     */
    default Reply expand(String argument) {
        throw new SmtpException(Replies.EXPN_DISABLED.reply());
    }
}
