package dev.tern.server;

import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import dev.tern.protocol.reply.ReplyFormatter;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the Netty handler after the {@link SmtpInboundDecoder}, the per-connection
 * serialized executor that runs the {@link SmtpProtocol} on worker threads (never on the event
 * loop, so backend calls may block), and the reply writer.
 *
 * <p>Decoded items queue up in wire order and are handled one at a time; replies are written as
 * they are made and flushed once the queue is empty, so the replies to a pipelined group
 * (RFC 2920) leave in as few writes as possible.
 */
final class SmtpConnection extends ChannelInboundHandlerAdapter implements ConnectionInfo {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpConnection.class);

    private final NettyServer server;
    private final SmtpServer.Config config;
    private final Executor workers;
    private final Queue<Inbound> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean admitted = new AtomicBoolean();

    private SmtpInboundDecoder decoder;
    private SmtpProtocol protocol;
    private volatile Channel channel;
    /** Replies written since the last flush (touched only by the serialized executor). */
    private boolean unflushed;
    private volatile String heloName;
    private volatile boolean esmtp;
    private volatile boolean tls;
    private volatile String authenticatedIdentity;
    private volatile ListenerRole role = ListenerRole.MX;
    private volatile io.netty.handler.ssl.SslHandler sslHandler;

    SmtpConnection(NettyServer server, SmtpServer.Config config, Executor workers) {
        this.server = server;
        this.config = config;
        this.workers = workers;
    }

    /** Wires the decoder that feeds this connection; called once by the channel initializer. */
    void attach(SmtpInboundDecoder inboundDecoder) {
        this.decoder = inboundDecoder;
        this.protocol = new SmtpProtocol(this, config, inboundDecoder, workers);
    }

    /** Receives the decoder's items (on the event loop). */
    void onInbound(List<Inbound> items) {
        queue.addAll(items);
        schedule();
    }

    /** Runs work of the server in command order with the session's commands. */
    void submit(Runnable task) {
        queue.add(new Inbound.Task(task));
        schedule();
    }

    private void schedule() {
        if (running.compareAndSet(false, true)) {
            try {
                workers.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                running.set(false);
                Channel ch = channel;
                if (ch != null) {
                    ch.close();
                }
            }
        }
    }

    private void drain() {
        while (true) {
            Inbound item;
            while ((item = queue.poll()) != null) {
                try {
                    protocol.handle(item);
                } catch (Throwable t) {
                    LOG.error("session with {} failed; closing it", remoteAddress(), t);
                    protocol.internalError();
                }
            }
            flush();
            running.set(false);
            if (queue.isEmpty() || !running.compareAndSet(false, true)) {
                return;
            }
        }
    }

    // ---- Netty events ----

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        Reply refusal = server.admit(this);
        if (refusal != null) {
            LOG.info("refused connection from {}: {}", remoteAddress(), refusal);
            decoder.stop();
            ctx.writeAndFlush(Unpooled.wrappedBuffer(ReplyFormatter.encode(refusal))).addListener(ChannelFutureListener.CLOSE);
        } else {
            admitted.set(true);
            submit(protocol::open);
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (admitted.getAndSet(false)) {
            server.release(this);
            submit(protocol::connectionClosed);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        decoder.writabilityChanged(ctx.channel().isWritable());
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            // the client is idle only when it owes us input: not while we work or hold back reads
            if (!running.get() && queue.isEmpty() && !decoder.isPausedForBackpressure()) {
                submit(protocol::idleTimeout);
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection from {} failed: {}", remoteAddress(), cause.toString());
        ctx.close();
    }

    // ---- for the protocol and the server ----

    void write(Reply reply, boolean withEnhanced) {
        unflushed = true;
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            ch.write(Unpooled.wrappedBuffer(ReplyFormatter.encode(reply, withEnhanced)), ch.voidPromise());
        }
    }

    void flush() {
        Channel ch = channel;
        if (ch != null && unflushed) {
            unflushed = false;
            server.countFlush();
            ch.flush();
        }
    }

    /** Flushes what was written, then closes. */
    void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Graceful shutdown: idle sessions are told 421 4.3.2 now, busy ones after their transaction. */
    void shutdownGracefully() {
        submit(protocol::shutdown);
    }

    /** Grace period over: 421 4.3.2 and close whatever state the session is in. */
    void forceClose() {
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(Unpooled.wrappedBuffer(ReplyFormatter.encode(Replies.SHUTTING_DOWN.format(config.hostname()))))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    Channel channel() {
        return channel;
    }

    void heloName(String name, boolean extended) {
        this.heloName = name;
        this.esmtp = extended;
    }

    /** For the TLS issue: set once the handshake after STARTTLS (or implicit TLS) is done. */
    void tls(boolean on) {
        this.tls = on;
    }

    /** The listener's role; set by the channel initializer before the connection is active. */
    void role(ListenerRole listenerRole) {
        this.role = listenerRole;
    }

    /** TLS is on (implicit TLS) or starting (STARTTLS accepted): the handler decides the connection's fate from here. */
    void startTls(io.netty.handler.ssl.SslHandler handler) {
        this.sslHandler = handler;
        this.tls = true;
    }

    /** For the AUTH issue: set once AUTH succeeded. */
    void authenticatedIdentity(String identity) {
        this.authenticatedIdentity = identity;
    }

    int connectionCount() {
        return server.connectionCount();
    }

    // ---- ConnectionInfo ----

    @Override
    public InetSocketAddress remoteAddress() {
        Channel ch = channel;
        return ch == null ? null : (InetSocketAddress) ch.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        Channel ch = channel;
        return ch == null ? null : (InetSocketAddress) ch.localAddress();
    }

    @Override
    public Optional<String> heloName() {
        return Optional.ofNullable(heloName);
    }

    @Override
    public boolean esmtp() {
        return esmtp;
    }

    @Override
    public boolean tls() {
        return tls;
    }

    @Override
    public ListenerRole role() {
        return role;
    }

    @Override
    public Optional<String> tlsProtocol() {
        io.netty.handler.ssl.SslHandler h = sslHandler;
        return h == null || !h.handshakeFuture().isSuccess() ? Optional.empty() : Optional.ofNullable(h.engine().getSession().getProtocol());
    }

    @Override
    public Optional<String> tlsCipher() {
        io.netty.handler.ssl.SslHandler h = sslHandler;
        return h == null || !h.handshakeFuture().isSuccess() ? Optional.empty() : Optional.ofNullable(h.engine().getSession().getCipherSuite());
    }

    @Override
    public Optional<String> authenticatedIdentity() {
        return Optional.ofNullable(authenticatedIdentity);
    }

    @Override
    public String serverHostname() {
        return config.hostname();
    }

    @Override
    public String toString() {
        return "connection from " + remoteAddress();
    }
}
