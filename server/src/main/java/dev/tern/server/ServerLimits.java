package dev.tern.server;

import java.time.Duration;
import java.util.Objects;

/**
 * The server's limits (spec §4), with Tern's defaults in {@link #DEFAULTS}. Change one with the
 * {@code with...} methods: {@code ServerLimits.DEFAULTS.withMaxRecipients(50)}.
 *
 * @param maxMessageSize      largest message in octets, advertised as {@code SIZE n}; MAIL with a
 *                            larger SIZE and data beyond it get {@code 552 5.3.4}
 * @param maxRecipients       recipients per transaction; the next gets {@code 452 4.5.3}
 *                            (RFC 5321 §4.5.3.1.8 requires at least 100)
 * @param maxConnections      open connections in all; the next is greeted {@code 421 4.7.0}
 * @param maxConnectionsPerIp open connections from one client address; then {@code 421 4.7.0}
 * @param maxErrors           protocol errors (500-504, 555 replies) a session may make; the one
 *                            after that is answered {@code 421 4.7.0} and the connection closed
 * @param idleTimeout         time without client input before {@code 421 4.4.2} and close
 */
public record ServerLimits(long maxMessageSize, int maxRecipients, int maxConnections, int maxConnectionsPerIp,
        int maxErrors, Duration idleTimeout) {

    public static final ServerLimits DEFAULTS = new ServerLimits(50L * 1024 * 1024, 100, 1000, 20, 10, Duration.ofMinutes(5));

    public ServerLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxMessageSize < 1 || maxRecipients < 1 || maxConnections < 1 || maxConnectionsPerIp < 1 || maxErrors < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive");
        }
    }

    public ServerLimits withMaxMessageSize(long v) {
        return new ServerLimits(v, maxRecipients, maxConnections, maxConnectionsPerIp, maxErrors, idleTimeout);
    }

    public ServerLimits withMaxRecipients(int v) {
        return new ServerLimits(maxMessageSize, v, maxConnections, maxConnectionsPerIp, maxErrors, idleTimeout);
    }

    public ServerLimits withMaxConnections(int v) {
        return new ServerLimits(maxMessageSize, maxRecipients, v, maxConnectionsPerIp, maxErrors, idleTimeout);
    }

    public ServerLimits withMaxConnectionsPerIp(int v) {
        return new ServerLimits(maxMessageSize, maxRecipients, maxConnections, v, maxErrors, idleTimeout);
    }

    public ServerLimits withMaxErrors(int v) {
        return new ServerLimits(maxMessageSize, maxRecipients, maxConnections, maxConnectionsPerIp, v, idleTimeout);
    }

    public ServerLimits withIdleTimeout(Duration v) {
        return new ServerLimits(maxMessageSize, maxRecipients, maxConnections, maxConnectionsPerIp, maxErrors, v);
    }
}
