package dev.tern.server;

import dev.tern.protocol.command.Command;
import dev.tern.protocol.command.CommandParser;
import dev.tern.protocol.command.Verb;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Frames the client's octets: command lines, DATA (dot-unstuffed, ended only by
 * {@code <CRLF>.<CRLF>}) and BDAT chunks (counted octets).
 *
 * <p>Command lines end at LF; a CR before it is dropped. A line over 512 octets with its CRLF
 * (RFC 5321 §4.5.3.1.4) is discarded up to its LF and reported as {@link Inbound.LineTooLong}.
 *
 * <p>After a DATA or BDAT line the decoder stops and waits: only the session knows whether the
 * command is accepted, so it calls {@link #enterData}, {@link #enterChunk} or
 * {@link #resumeCommands} (from any thread), and meanwhile nothing more is read from the socket.
 *
 * <p>DATA framing (RFC 5321 §4.1.1.4, §4.5.2; spec §4): a line starts only after CRLF. At a line
 * start, {@code .CRLF} ends the message and a leading dot of any other line is removed. A bare LF
 * or bare CR (not part of CRLF) is passed on as data and reported to the sink, and it never
 * starts a line, so {@code \n.\n}, {@code \n.\r\n}, {@code \r.\r\n} and {@code \r\n.\n} never end
 * a message. The CRLF before the final dot belongs to the message.
 */
final class SmtpInboundDecoder extends ChannelInboundHandlerAdapter implements FlowControl {

    private enum Mode { COMMAND, DISCARD_LINE, AWAIT_DECISION, DATA, CHUNK, CLOSED }

    // DATA scanner states
    private static final int LINE_START = 0;
    private static final int MID_LINE = 1;
    private static final int CR_SEEN = 2;
    private static final int DOT = 3;
    private static final int DOT_CR = 4;

    private final Consumer<List<Inbound>> listener;
    private ChannelHandlerContext ctx;
    private ByteBuf cumulation;
    private Mode mode = Mode.COMMAND;

    private MessageSink sink = MessageSink.DISCARD;
    private int dataState;
    private boolean bareReported;
    /** Octets of the current DATA text line so far, without a removed leading dot or the CRLF. */
    private int lineLength;
    private boolean longLineReported;
    private long chunkRemaining;

    private boolean pausedForDecision;
    private boolean pausedForBackpressure;
    /** The client does not read its replies: stop reading its commands until it does. */
    private boolean pausedForWrites;

    /** @param listener receives decoded items in wire order, a batch per read */
    SmtpInboundDecoder(Consumer<List<Inbound>> listener) {
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (mode == Mode.CLOSED) {
            in.release();
            return;
        }
        cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
        process();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        mode = Mode.CLOSED;
        releaseCumulation();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseCumulation();
    }

    private void releaseCumulation() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }

    // ---- decisions from the session (any thread) ----

    /** DATA accepted (354 sent): what follows is message data for {@code target}. */
    void enterData(MessageSink target) {
        decide(() -> {
            sink = target;
            dataState = LINE_START;
            bareReported = false;
            lineLength = 0;
            longLineReported = false;
            mode = Mode.DATA;
        });
    }

    /** BDAT: the next {@code size} octets are a chunk for {@code target} (or {@link MessageSink#DISCARD}). */
    void enterChunk(long size, MessageSink target) {
        decide(() -> {
            sink = target;
            chunkRemaining = size;
            mode = Mode.CHUNK;
        });
    }

    /** The DATA or BDAT line was refused: go on reading command lines. */
    void resumeCommands() {
        decide(() -> mode = Mode.COMMAND);
    }

    /**
     * STARTTLS accepted (220 already written): drops every octet the client sent after the
     * STARTTLS line in the clear, puts the TLS handler first in the pipeline and reads commands
     * again, now through TLS (RFC 3207 §4.2; the CVE-2011-0411 class of injection).
     */
    void startTls(io.netty.channel.ChannelHandler tls) {
        decide(() -> {
            if (cumulation != null && cumulation.isReadable()) {
                org.slf4j.LoggerFactory.getLogger(SmtpInboundDecoder.class).warn(
                        "{}: dropped {} octets pipelined in plaintext after STARTTLS", ctx.channel().remoteAddress(),
                        cumulation.readableBytes());
            }
            releaseCumulation();
            ctx.pipeline().addFirst("tls", tls);
            mode = Mode.COMMAND;
        });
    }

    /** Stops decoding for good (the session is closing); further input is dropped. */
    void stop() {
        onLoop(() -> {
            mode = Mode.CLOSED;
            releaseCumulation();
        });
    }

    private void decide(Runnable change) {
        onLoop(() -> {
            if (mode != Mode.AWAIT_DECISION) {
                return; // closed meanwhile
            }
            change.run();
            pausedForDecision = false;
            updateAutoRead();
            process();
        });
    }

    /** Runs on the channel's event loop; after the server stopped there is nothing left to do. */
    private void onLoop(Runnable action) {
        try {
            ctx.executor().execute(action);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // event loop terminated: the channel is closed already
        }
    }

    // ---- flow control ----

    @Override
    public void pause() {
        // called on the event loop from MessagePipe.write
        pausedForBackpressure = true;
        updateAutoRead();
    }

    @Override
    public void resume() {
        onLoop(() -> {
            pausedForBackpressure = false;
            updateAutoRead();
        });
    }

    /**
     * Called on the event loop when the channel's outbound buffer passes or falls back under its
     * water marks, so a client that pipelines without reading replies cannot make them pile up.
     */
    void writabilityChanged(boolean writable) {
        pausedForWrites = !writable;
        updateAutoRead();
    }

    /** Whether reading is stopped because a message buffer is full (the client is not idle then). */
    boolean isPausedForBackpressure() {
        return pausedForBackpressure || pausedForWrites;
    }

    private void updateAutoRead() {
        boolean read = !pausedForDecision && !pausedForBackpressure && !pausedForWrites;
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
            if (read) {
                ctx.read();
            }
        }
    }

    // ---- framing ----

    private void process() {
        List<Inbound> out = new ArrayList<>(4);
        ByteBuf in = cumulation;
        while (in != null && in.isReadable() && mode != Mode.AWAIT_DECISION && mode != Mode.CLOSED) {
            boolean progress = switch (mode) {
                case COMMAND -> decodeLine(in, out);
                case DISCARD_LINE -> discardLine(in, out);
                case DATA -> decodeData(in, out);
                case CHUNK -> decodeChunk(in, out);
                default -> false;
            };
            if (!progress) {
                break;
            }
        }
        // a chunk of 0 octets ends without any input
        if (mode == Mode.CHUNK && chunkRemaining == 0) {
            mode = Mode.COMMAND;
            out.add(new Inbound.ChunkEnd());
        }
        if (cumulation != null) {
            if (!cumulation.isReadable()) {
                releaseCumulation();
            } else {
                cumulation.discardSomeReadBytes();
            }
        }
        if (!out.isEmpty()) {
            listener.accept(out);
        }
    }

    private boolean decodeLine(ByteBuf in, List<Inbound> out) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        int window = Math.min(readable, CommandParser.MAX_COMMAND_LINE_OCTETS);
        int lf = in.indexOf(start, start + window, (byte) '\n');
        if (lf < 0) {
            if (readable >= CommandParser.MAX_COMMAND_LINE_OCTETS) {
                // too long whatever follows: drop it up to its LF, which may already be here
                mode = Mode.DISCARD_LINE;
                return true;
            }
            return false;
        }
        int length = lf - start;
        if (length > 0 && in.getByte(lf - 1) == '\r') {
            length--;
        }
        byte[] line = new byte[length];
        in.getBytes(start, line);
        in.readerIndex(lf + 1);
        if (CommandParser.isTooLong(line)) {
            out.add(new Inbound.LineTooLong());
            return true;
        }
        Command command = CommandParser.parse(line);
        out.add(new Inbound.Line(command));
        if (command.verb() == Verb.DATA || command.verb() == Verb.BDAT || command.verb() == Verb.STARTTLS) {
            mode = Mode.AWAIT_DECISION;
            pausedForDecision = true;
            updateAutoRead();
        }
        return true;
    }

    private boolean discardLine(ByteBuf in, List<Inbound> out) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            in.skipBytes(in.readableBytes());
            return false;
        }
        in.readerIndex(lf + 1);
        mode = Mode.COMMAND;
        out.add(new Inbound.LineTooLong());
        return true;
    }

    private boolean decodeChunk(ByteBuf in, List<Inbound> out) {
        int n = (int) Math.min(in.readableBytes(), chunkRemaining);
        if (n > 0) {
            byte[] b = new byte[n];
            in.readBytes(b);
            chunkRemaining -= n;
            sink.write(b, 0, n);
        }
        if (chunkRemaining == 0) {
            mode = Mode.COMMAND;
            out.add(new Inbound.ChunkEnd());
            return true;
        }
        return n > 0;
    }

    private boolean decodeData(ByteBuf in, List<Inbound> out) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        byte[] buf = new byte[end - start + 1];
        int n = 0;
        int i = start;
        boolean finished = false;
        int state = dataState;
        while (i < end) {
            byte b = in.getByte(i++);
            switch (state) {
                case LINE_START -> {
                    if (b == '.') {
                        state = DOT;
                        continue;
                    }
                }
                case DOT -> {
                    if (b == '\r') {
                        state = DOT_CR;
                        continue;
                    }
                    // a leading dot of a line with more on it is removed (RFC 5321 §4.5.2)
                }
                case DOT_CR -> {
                    if (b == '\n') {
                        finished = true;
                    } else {
                        // ".\r" and something else: the dot goes, the CR is a bare CR
                        buf[n++] = '\r';
                        countLineOctet();
                        reportBare();
                    }
                }
                case CR_SEEN -> {
                    if (b == '\n') {
                        buf[n++] = '\r';
                        buf[n++] = '\n';
                        state = LINE_START;
                        lineLength = 0;
                        continue;
                    }
                    buf[n++] = '\r';
                    countLineOctet();
                    reportBare();
                }
                default -> {
                }
            }
            if (finished) {
                break;
            }
            if (b == '\r') {
                state = CR_SEEN;
            } else {
                buf[n++] = b;
                countLineOctet();
                if (b == '\n') {
                    reportBare();
                }
                state = MID_LINE;
            }
        }
        dataState = state;
        in.readerIndex(i);
        if (n > 0) {
            sink.write(buf, 0, n);
        }
        if (finished) {
            mode = Mode.COMMAND;
            sink = MessageSink.DISCARD;
            out.add(new Inbound.DataEnd());
        }
        return i > start;
    }

    /** RFC 5321 §4.5.3.1.6: 1000 octets with the CRLF, so 998 before it. */
    private void countLineOctet() {
        if (++lineLength > 998 && !longLineReported) {
            longLineReported = true;
            sink.lineTooLong();
        }
    }

    private void reportBare() {
        if (!bareReported) {
            bareReported = true;
            sink.bareLineEnding();
        }
    }
}
