package dev.tern.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Message text with canonical line ends for the wire: every bare LF and bare CR becomes CRLF
 * (RFC 5321 §2.3.8; a bare LF that a server reads as a line end enables SMTP smuggling), the
 * message ends with CRLF, and, when dot-stuffing, a line starting with "." gets another "."
 * (RFC 5321 §4.5.2). The end-of-data line is not added here.
 */
final class CanonicalInputStream extends InputStream {

    private final InputStream in;
    private final boolean dotStuff;
    private final byte[] pending = new byte[3];
    private int pendingStart;
    private int pendingEnd;
    private boolean atLineStart = true;
    private boolean afterCr;
    private boolean empty = true;
    private boolean eof;
    private long count;

    CanonicalInputStream(InputStream in, boolean dotStuff) {
        this.in = Objects.requireNonNull(in, "in");
        this.dotStuff = dotStuff;
    }

    /** Octets handed out so far. */
    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        while (pendingStart == pendingEnd) {
            if (eof) {
                return -1;
            }
            fill();
        }
        count++;
        return pending[pendingStart++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (pendingStart == pendingEnd) {
                if (eof) {
                    break;
                }
                fill();
                continue;
            }
            b[off + n++] = pending[pendingStart++];
        }
        count += n;
        return n == 0 ? -1 : n;
    }

    /** Reads one input octet and puts what it becomes into {@code pending}. */
    private void fill() throws IOException {
        pendingStart = 0;
        pendingEnd = 0;
        int c = in.read();
        if (c < 0) {
            eof = true;
            if (afterCr) {
                put('\n');
            } else if (!atLineStart || empty) {
                // ensure the message ends with CRLF; an empty message becomes one empty line
                if (!atLineStart) {
                    put('\r');
                    put('\n');
                }
            }
            afterCr = false;
            atLineStart = true;
            return;
        }
        empty = false;
        if (afterCr) {
            afterCr = false;
            if (c == '\n') {
                put('\n');
                atLineStart = true;
                return;
            }
            // a bare CR ends a line too
            put('\n');
            atLineStart = true;
        }
        if (c == '\r') {
            put('\r');
            afterCr = true;
            return;
        }
        if (c == '\n') {
            put('\r');
            put('\n');
            atLineStart = true;
            return;
        }
        if (atLineStart && dotStuff && c == '.') {
            put('.');
        }
        put(c);
        atLineStart = false;
    }

    private void put(int c) {
        pending[pendingEnd++] = (byte) c;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
