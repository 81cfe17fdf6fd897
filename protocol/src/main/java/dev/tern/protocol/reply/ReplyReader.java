package dev.tern.protocol.reply;

import dev.tern.protocol.reply.ReplyParser.Assembler;
import dev.tern.protocol.reply.ReplyParser.Ending;
import dev.tern.protocol.reply.ReplyParser.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads replies one at a time from a server connection, with the tolerance and the deviation
 * reports of {@link ReplyParser}.
 *
 * <p>It reads one byte at a time and stops right after the LF of a reply's last line, so it never
 * consumes bytes that belong to what comes next: after {@code 220} to STARTTLS the same socket
 * carries the TLS handshake (and anything the server sent before it can be detected with
 * {@link InputStream#available()} and refused, RFC 3207 §4.2 / CVE-2011-0411). Hand it a raw
 * socket stream; a buffered stream is fine only when nothing else reads the socket afterwards.
 * Read timeouts are the socket's ({@code SO_TIMEOUT}); they surface as {@link IOException}s.
 *
 * <p>Not thread-safe.
 */
public final class ReplyReader {

    private final InputStream in;
    private final Limits limits;
    private byte[] line = new byte[256];

    public ReplyReader(InputStream in) {
        this(in, Limits.DEFAULT);
    }

    public ReplyReader(InputStream in, Limits limits) {
        this.in = Objects.requireNonNull(in, "in");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** Reads one reply from a server that did not advertise ENHANCEDSTATUSCODES (or before EHLO). */
    public ParsedReply read() throws IOException, ReplyParseException {
        return read(false);
    }

    /**
     * Reads exactly one reply, possibly multi-line.
     *
     * @param enhancedStatusCodes whether the server advertised ENHANCEDSTATUSCODES, so a missing
     *                            enhanced code on a 2xx/4xx/5xx reply is reported
     * @throws ReplyParseException the bytes are not a reply, a hard limit was hit, or the stream
     *                             ended before the reply's last line ({@link ReplyParseException.Kind#END_OF_STREAM},
     *                             also when it ended before the first byte)
     * @throws IOException         the stream failed (including socket read timeouts)
     */
    public ParsedReply read(boolean enhancedStatusCodes) throws IOException, ReplyParseException {
        Assembler assembler = new Assembler(limits, enhancedStatusCodes);
        while (true) {
            int len = 0;
            Ending ending;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    if (len == 0) {
                        throw new ReplyParseException(ReplyParseException.Kind.END_OF_STREAM,
                                assembler.lineCount() == 0 ? 0 : assembler.lineCount() + 1,
                                assembler.lineCount() == 0 ? "no reply before end of stream"
                                        : "stream ended inside a multi-line reply");
                    }
                    ending = Ending.EOF;
                    break;
                }
                if (b == '\n') {
                    if (len > 0 && line[len - 1] == '\r') {
                        len--;
                        ending = Ending.CRLF;
                    } else {
                        ending = Ending.LF;
                    }
                    break;
                }
                // the line ending counts towards the cap: one more octet than the cap is already too long
                if (len + 1 > limits.maxLineOctets()) {
                    throw new ReplyParseException(ReplyParseException.Kind.LINE_TOO_LONG, assembler.lineCount() + 1,
                            "line longer than " + limits.maxLineOctets() + " octets");
                }
                if (len == line.length) {
                    line = Arrays.copyOf(line, Math.min(line.length * 2, limits.maxLineOctets()));
                }
                line[len++] = (byte) b;
            }
            if (assembler.addLine(line, len, ending)) {
                return assembler.result();
            }
        }
    }
}
