package dev.tern.server;

import dev.tern.protocol.reply.Replies;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The message stream between the network (writer, on the event loop) and {@link Session#data}
 * (reader, on a worker thread). Holds at most about {@link #HIGH_WATER} octets: past that the
 * writer asks {@link FlowControl} to stop reading from the socket, and the reader restarts it
 * once below {@link #LOW_WATER}, so a message is never held whole in memory.
 *
 * <p>The size limit is enforced here: past {@code maxSize} octets the stream fails with
 * {@link MessageAbortedException} (552 5.3.4) and every further octet is counted and dropped
 * until the client's end of data.
 */
final class MessagePipe extends InputStream implements MessageSink {

    static final int HIGH_WATER = 256 * 1024;
    static final int LOW_WATER = 64 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final long maxSize;
    private final BareLineEndings bareLineEndings;
    private final boolean strictLineLength;
    private final FlowControl flow;

    private int headOffset;
    private long buffered;
    private long received;
    private boolean ended;
    private boolean abandoned;
    private boolean producerPaused;
    private MessageAbortedException failure;

    MessagePipe(long maxSize, BareLineEndings bareLineEndings, FlowControl flow) {
        this(maxSize, bareLineEndings, false, flow);
    }

    MessagePipe(long maxSize, BareLineEndings bareLineEndings, boolean strictLineLength, FlowControl flow) {
        this.maxSize = maxSize;
        this.bareLineEndings = bareLineEndings;
        this.strictLineLength = strictLineLength;
        this.flow = flow;
    }

    // ---- writer side ----

    @Override
    public void write(byte[] b, int off, int len) {
        if (len == 0) {
            return;
        }
        boolean pause = false;
        lock.lock();
        try {
            received += len;
            if (failure == null && received > maxSize) {
                failLocked(new MessageAbortedException("message larger than " + maxSize + " octets",
                        Replies.DATA_TOO_BIG.format(maxSize)));
            }
            if (failure != null || abandoned || ended) {
                return;
            }
            byte[] copy = new byte[len];
            System.arraycopy(b, off, copy, 0, len);
            chunks.add(copy);
            buffered += len;
            changed.signalAll();
            if (buffered > HIGH_WATER && !producerPaused) {
                producerPaused = true;
                pause = true;
            }
        } finally {
            lock.unlock();
        }
        if (pause) {
            flow.pause();
        }
    }

    @Override
    public void bareLineEnding() {
        if (bareLineEndings == BareLineEndings.REJECT) {
            fail(new MessageAbortedException("bare CR or LF in data", Replies.DATA_BARE_NEWLINE.reply()));
        }
    }

    @Override
    public void lineTooLong() {
        if (strictLineLength) {
            fail(new MessageAbortedException("text line longer than 1000 octets", Replies.DATA_LINE_TOO_LONG.reply()));
        }
    }

    /** The client's end of data: the reader sees the end of the stream after what is buffered. */
    void end() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Fails the stream (the first failure wins); buffered octets are dropped. */
    void fail(MessageAbortedException e) {
        boolean resume;
        lock.lock();
        try {
            resume = failLocked(e);
        } finally {
            lock.unlock();
        }
        if (resume) {
            flow.resume();
        }
    }

    private boolean failLocked(MessageAbortedException e) {
        if (failure == null) {
            failure = e;
        }
        chunks.clear();
        buffered = 0;
        changed.signalAll();
        return unpauseLocked();
    }

    private boolean unpauseLocked() {
        if (producerPaused) {
            producerPaused = false;
            return true;
        }
        return false;
    }

    /** The failure, or null. */
    MessageAbortedException failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    /** Octets of message received so far (after dot-unstuffing, without the Received header). */
    long received() {
        lock.lock();
        try {
            return received;
        } finally {
            lock.unlock();
        }
    }

    // ---- reader side ----

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        boolean resume = false;
        int n;
        lock.lock();
        try {
            while (chunks.isEmpty() && failure == null && !ended && !abandoned) {
                try {
                    changed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for message data");
                }
            }
            if (failure != null) {
                throw failure;
            }
            if (chunks.isEmpty()) {
                return -1;
            }
            byte[] head = chunks.peek();
            n = Math.min(len, head.length - headOffset);
            System.arraycopy(head, headOffset, b, off, n);
            headOffset += n;
            if (headOffset == head.length) {
                chunks.poll();
                headOffset = 0;
            }
            buffered -= n;
            if (buffered < LOW_WATER) {
                resume = unpauseLocked();
            }
        } finally {
            lock.unlock();
        }
        if (resume) {
            flow.resume();
        }
        return n;
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, buffered);
        } finally {
            lock.unlock();
        }
    }

    /** The reader is done (returned or closed the stream): drop what comes until the end of data. */
    @Override
    public void close() {
        boolean resume;
        lock.lock();
        try {
            abandoned = true;
            chunks.clear();
            buffered = 0;
            changed.signalAll();
            resume = unpauseLocked();
        } finally {
            lock.unlock();
        }
        if (resume) {
            flow.resume();
        }
    }
}
