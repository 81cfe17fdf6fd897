package dev.tern.server;

import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty side of {@link SmtpServer}: event loops, listening channels, the worker pool for
 * backend calls, connection counting and graceful shutdown.
 *
 * <p>Channel pipeline per connection, in order: {@code idle} (IdleStateHandler, reader idle =
 * the idle timeout), {@code smtp-decoder} ({@link SmtpInboundDecoder}), {@code smtp-session}
 * ({@link SmtpConnection}). TLS goes in front with {@code pipeline.addFirst("tls", sslHandler)}.
 */
final class NettyServer {

    private static final Logger LOG = LoggerFactory.getLogger(NettyServer.class);
    /** The role of the listener a child channel was accepted on. */
    private static final AttributeKey<ListenerRole> ROLE = AttributeKey.valueOf("tern.listener.role");

    private final SmtpServer.Config config;
    private final EventLoopGroup boss = new NioEventLoopGroup(1, daemonThreads("tern-smtp-accept"));
    private final EventLoopGroup io = new NioEventLoopGroup(0, daemonThreads("tern-smtp-io"));
    /** Unbounded on purpose: a session's worker waits for the worker running its backend's data(). */
    private final ExecutorService workers = Executors.newCachedThreadPool(daemonThreads("tern-smtp-worker"));
    private final List<Channel> listeners = new ArrayList<>();
    private final List<InetSocketAddress> bound = new ArrayList<>();
    private final Set<SmtpConnection> connections = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong flushes = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean shuttingDown;
    private volatile boolean stopped;

    private NettyServer(SmtpServer.Config config) {
        this.config = config;
    }

    static NettyServer start(SmtpServer.Config config) {
        NettyServer server = new NettyServer(config);
        try {
            server.bind();
        } catch (RuntimeException e) {
            server.stopThreads();
            throw e;
        }
        return server;
    }

    private void bind() {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, io)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SmtpConnection connection = new SmtpConnection(NettyServer.this, config, workers);
                        ListenerRole role = ch.attr(ROLE).get() == null ? ListenerRole.MX : ch.attr(ROLE).get();
                        connection.role(role);
                        SmtpInboundDecoder decoder = new SmtpInboundDecoder(connection::onInbound);
                        connection.attach(decoder);
                        ch.pipeline()
                                .addLast("idle", new IdleStateHandler(config.limits().idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                                .addLast("smtp-decoder", decoder)
                                .addLast("smtp-session", connection);
                        if (role.implicitTls()) {
                            // RFC 8314 §3.3: TLS from the first octet; the greeting waits for the handshake
                            SslHandler ssl = config.security().tls().get().newHandler(ch.alloc());
                            ch.pipeline().addFirst("tls", ssl);
                            connection.startTls(ssl);
                        }
                    }
                });
        for (int i = 0; i < config.listen().size(); i++) {
            InetSocketAddress address = config.listen().get(i);
            ListenerRole role = config.roles().get(i);
            if (role.implicitTls() && !config.security().tlsAvailable()) {
                throw new IllegalStateException("listener " + address + " is " + role + " but no TLS certificate is configured");
            }
            try {
                Channel ch = bootstrap.clone().childAttr(ROLE, role).bind(address).sync().channel();
                listeners.add(ch);
                bound.add((InetSocketAddress) ch.localAddress());
                LOG.info("SMTP server {} listening on {} ({})", config.hostname(), ch.localAddress(),
                        role.name().toLowerCase(java.util.Locale.ROOT));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while binding " + address, e);
            } catch (Exception e) {
                BindException be = new BindException("cannot listen on " + address + ": " + e.getMessage());
                be.initCause(e);
                throw new UncheckedIOException(be);
            }
        }
    }

    List<InetSocketAddress> boundAddresses() {
        return List.copyOf(bound);
    }

    /** Reply flushes (socket writes of replies) since start; tests check pipelined groups with it. */
    long flushCount() {
        return flushes.get();
    }

    void countFlush() {
        flushes.incrementAndGet();
    }

    int connectionCount() {
        return count.get();
    }

    /** Counts a new connection in; returns the refusal to greet it with when over a limit or shutting down. */
    Reply admit(SmtpConnection connection) {
        if (shuttingDown) {
            return Replies.SHUTTING_DOWN.format(config.hostname());
        }
        InetAddress client = connection.remoteAddress().getAddress();
        if (count.incrementAndGet() > config.limits().maxConnections()) {
            count.decrementAndGet();
            return Replies.TOO_MANY_CONNECTIONS.format(config.hostname());
        }
        // counted inside compute() so that a concurrent release cannot drop a counter in use
        boolean[] over = new boolean[1];
        perAddress.compute(client, (a, n) -> {
            AtomicInteger c = n == null ? new AtomicInteger() : n;
            if (c.get() >= config.limits().maxConnectionsPerIp()) {
                over[0] = true;
            } else {
                c.incrementAndGet();
            }
            return c.get() == 0 ? null : c;
        });
        if (over[0]) {
            count.decrementAndGet();
            return Replies.TOO_MANY_CONNECTIONS_FROM_CLIENT.format(config.hostname());
        }
        connections.add(connection);
        return null;
    }

    void release(SmtpConnection connection) {
        if (connections.remove(connection)) {
            count.decrementAndGet();
            InetAddress client = connection.remoteAddress().getAddress();
            perAddress.computeIfPresent(client, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    void shutdown(Duration grace) {
        if (stopped) {
            return;
        }
        shuttingDown = true;
        for (Channel listener : listeners) {
            listener.close().syncUninterruptibly();
        }
        for (SmtpConnection c : connections) {
            c.shutdownGracefully();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            sleep(10);
        }
        if (!connections.isEmpty()) {
            LOG.warn("grace period over: closing {} sessions with transactions in flight", connections.size());
            for (SmtpConnection c : connections) {
                c.forceClose();
            }
            long hard = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!connections.isEmpty() && System.nanoTime() < hard) {
                sleep(10);
            }
        }
        stopThreads();
    }

    /**
     * Workers first, event loops after: a session's worker can still be busy when its client has
     * already gone (a backend call, then the close it asks for), and everything it does to its
     * channel runs on an event loop, which must still be there. Stopping the loops first made
     * that last close fail with Netty's "Event loop shut down?". New work offered to the stopped
     * worker pool closes its channel instead (see {@code SmtpConnection.schedule}).
     */
    private void stopThreads() {
        stopped = true;
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("session workers still busy 10 s into shutdown; interrupting them");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during shutdown", e);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
