package dev.tern.protocol.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the octets read through it: the size a transaction log line reports, or the SIZE a
 * client declares (RFC 1870) after one pass over a message, without holding the message.
 */
public final class CountingInputStream extends FilterInputStream {

    private long count;

    public CountingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count += n;
        }
        return n;
    }

    /** Reads and counts the rest of the stream. */
    public void skipToEnd() throws IOException {
        byte[] buf = new byte[8192];
        while (read(buf, 0, buf.length) >= 0) {
            // counting only
        }
    }

    /** Octets read so far. */
    public long count() {
        return count;
    }
}
