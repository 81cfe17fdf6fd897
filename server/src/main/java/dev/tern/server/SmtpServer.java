package dev.tern.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An SMTP server (RFC 5321) on Netty, answering every command as spec §2 says and handing
 * accepted mail to a {@link Backend}.
 *
 * <pre>{@code
 * SmtpServer server = SmtpServer.builder()
 *         .hostname("mx.example.test")
 *         .port(0)                      // any free port on 127.0.0.1
 *         .backend(connection -> new MySession(connection))
 *         .limits(ServerLimits.DEFAULTS.withMaxRecipients(50))
 *         .start();
 * int port = server.port();
 * ...
 * server.close();                       // graceful: see shutdown(Duration)
 * }</pre>
 */
public final class SmtpServer implements AutoCloseable {

    /** Grace period that {@link #close()} gives transactions in flight. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    private final Config config;
    private final NettyServer netty;

    private SmtpServer(Config config, NettyServer netty) {
        this.config = config;
        this.netty = netty;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port of the first listening address (the real one when port 0 was asked for). */
    public int port() {
        return netty.boundAddresses().get(0).getPort();
    }

    /** Every address the server listens on, with the ports actually bound. */
    public List<InetSocketAddress> addresses() {
        return netty.boundAddresses();
    }

    public String hostname() {
        return config.hostname();
    }

    /** How many times replies were flushed to a socket since start (one per pipelined group). */
    public long replyFlushCount() {
        return netty.flushCount();
    }

    /** Open client connections right now. */
    public int connectionCount() {
        return netty.connectionCount();
    }

    /**
     * Stops the server gracefully (SIGTERM behaviour): stops accepting connections, answers idle
     * sessions {@code 421 4.3.2} and closes them, lets transactions in flight finish (each
     * session is closed with 421 4.3.2 after its end-of-data reply) for up to {@code grace}, then
     * closes what is left (their messages are not stored: the backend's stream fails). Returns
     * when every connection is closed and the threads have stopped.
     */
    public void shutdown(Duration grace) {
        netty.shutdown(grace);
    }

    /** {@link #shutdown(Duration)} with {@link #DEFAULT_GRACE}. */
    @Override
    public void close() {
        shutdown(DEFAULT_GRACE);
    }

    /** Everything the builder collected; immutable. */
    record Config(String hostname, List<InetSocketAddress> listen, Backend backend, ServerLimits limits,
            Set<ServerFeature> features, boolean acceptMail, Predicate<InetAddress> rejectClient,
            boolean legacyCommands, BareLineEndings bareLineEndings, boolean strictLineLength, StorageCheck storageCheck,
            List<ListenerRole> roles, Security security) {

        boolean has(ServerFeature f) {
            return features.contains(f);
        }
    }

    /** Builds and starts an {@link SmtpServer}. Only {@link #backend} is required. */
    public static final class Builder {
        private String hostname = "localhost";
        private final List<InetSocketAddress> listen = new ArrayList<>();
        private final List<ListenerRole> roles = new ArrayList<>();
        private Security security = Security.defaults();
        private Backend backend;
        private ServerLimits limits = ServerLimits.DEFAULTS;
        private final Set<ServerFeature> features = EnumSet.allOf(ServerFeature.class);
        private boolean acceptMail = true;
        private Predicate<InetAddress> rejectClient = a -> false;
        private boolean legacyCommands;
        private BareLineEndings bareLineEndings = BareLineEndings.REJECT;
        private boolean strictLineLength;
        private StorageCheck storageCheck = StorageCheck.ALWAYS;

        private Builder() {
        }

        /** The name in the greeting, the EHLO reply and {@code Received:} headers. Default {@code localhost}. */
        public Builder hostname(String hostname) {
            this.hostname = Objects.requireNonNull(hostname, "hostname");
            return this;
        }

        /** Adds an address to listen on; may be called more than once. Port 0 picks a free port. */
        public Builder listen(InetSocketAddress address) {
            return listen(address, ListenerRole.MX);
        }

        /** Adds an address with its role: {@code MX}, {@code SUBMISSION} or {@code SUBMISSIONS} (implicit TLS). */
        public Builder listen(InetSocketAddress address, ListenerRole role) {
            listen.add(Objects.requireNonNull(address, "address"));
            roles.add(Objects.requireNonNull(role, "role"));
            return this;
        }

        /**
         * TLS for STARTTLS and implicit-TLS listeners; the supplier is asked at every handshake,
         * so it may hand out a reloaded certificate ({@code ReloadingTlsContext::current}).
         * Without it STARTTLS answers 454 4.7.0 and is not advertised.
         */
        public Builder tls(java.util.function.Supplier<io.netty.handler.ssl.SslContext> context) {
            security = security.withTls(Objects.requireNonNull(context, "context"));
            return this;
        }

        /** Offers AUTH (RFC 4954), checked by this authenticator. Without it AUTH is an unknown command. */
        public Builder authenticator(dev.tern.server.auth.Authenticator authenticator) {
            security = security.withAuthenticator(Objects.requireNonNull(authenticator, "authenticator"));
            return this;
        }

        /** Which SASL mechanisms, and whether PLAIN/LOGIN need TLS first. Default {@code AuthPolicy.DEFAULT}. */
        public Builder authPolicy(dev.tern.server.auth.AuthPolicy policy) {
            security = security.withAuthPolicy(Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /** Counts failed AUTH attempts per client address (delay, then 421). Default {@code AuthFailureLimiter.defaults()}. */
        public Builder authFailureLimiter(dev.tern.server.auth.AuthFailureLimiter limiter) {
            security = security.withFailureLimiter(Objects.requireNonNull(limiter, "limiter"));
            return this;
        }

        /**
         * Failed AUTH attempts after which a session is answered {@code 421 4.7.0} and closed
         * (at least 1). Default 3, as issue 5 asks; the limit across sessions is the failure limiter's.
         */
        public Builder maxAuthFailuresPerSession(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxAuthFailuresPerSession must be at least 1, not " + max);
            }
            security = security.withMaxAuthFailuresPerSession(max);
            return this;
        }

        /** Listens on 127.0.0.1 at this port (0: any free port). Default when no address is given: 127.0.0.1:2525. */
        public Builder port(int port) {
            return listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }

        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        public Builder limits(ServerLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Stops advertising and accepting these extensions. */
        public Builder disable(ServerFeature... off) {
            for (ServerFeature f : off) {
                features.remove(f);
            }
            return this;
        }

        /** {@code false}: greet every client {@code 521 5.3.2} and close (RFC 7504). Default true. */
        public Builder acceptMail(boolean accept) {
            this.acceptMail = accept;
            return this;
        }

        /**
         * Clients for which this is true are greeted {@code 554 5.7.1} instead of 220; the server
         * then answers only QUIT (RFC 5321 §3.1).
         */
        public Builder rejectClients(Predicate<InetAddress> reject) {
            this.rejectClient = Objects.requireNonNull(reject, "reject");
            return this;
        }

        /** {@code true}: SOML and SAML act as MAIL (spec §2); SEND stays 502. Default false: all three 502. */
        public Builder legacyCommands(boolean legacy) {
            this.legacyCommands = legacy;
            return this;
        }

        /** Bare CR / bare LF in DATA: refuse the message (default) or keep them as text. */
        public Builder bareLineEndings(BareLineEndings policy) {
            this.bareLineEndings = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * {@code true}: refuse a DATA message with a text line over 1000 octets with its CRLF
         * (RFC 5321 §4.5.3.1.6) with 554 5.6.0 after reading it to its end. Default false: any
         * line length is accepted (spec §4).
         */
        public Builder strictLineLength(boolean strict) {
            this.strictLineLength = strict;
            return this;
        }

        /** Free-space check at MAIL; {@code false} gives 452 4.3.1. Default: always room. */
        public Builder storageCheck(StorageCheck check) {
            this.storageCheck = Objects.requireNonNull(check, "check");
            return this;
        }

        /** Binds every address and starts serving; throws if an address cannot be bound. */
        public SmtpServer start() {
            if (backend == null) {
                throw new IllegalStateException("a backend is required");
            }
            List<InetSocketAddress> addresses = listen.isEmpty()
                    ? List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 2525)) : List.copyOf(listen);
            List<ListenerRole> listenerRoles = listen.isEmpty() ? List.of(ListenerRole.MX) : List.copyOf(roles);
            Config config = new Config(hostname, addresses, backend, limits, Set.copyOf(features), acceptMail,
                    rejectClient, legacyCommands, bareLineEndings, strictLineLength, storageCheck, listenerRoles, security);
            return new SmtpServer(config, NettyServer.start(config));
        }
    }
}
