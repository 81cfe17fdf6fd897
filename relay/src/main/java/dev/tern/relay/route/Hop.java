package dev.tern.relay.route;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One server to try: the name it is known by (MX target or configured host), the address to
 * connect to, the port, and what a static route asks for (TLS, AUTH).
 *
 * @param auth credentials for a smart host, or null
 */
public record Hop(String host, InetAddress address, int port, TlsPolicy tls, Credentials auth) {

    /** What a hop requires of TLS. */
    public enum TlsPolicy {
        /** STARTTLS when offered, plain otherwise (opportunistic; RFC 3207). */
        OPPORTUNISTIC,
        /** STARTTLS is required; without it the attempt is deferred. */
        REQUIRED,
        /** TLS from the first byte (RFC 8314, port 465). */
        IMPLICIT,
        /** Never TLS. */
        NONE
    }

    /** A user name and password for AUTH PLAIN/LOGIN to a smart host. */
    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[" + username + ", ***]";
        }
    }

    public Hop {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code host[address]:port}, as the delivery log and Remote-MTA name it. */
    public String describe() {
        return host + "[" + address.getHostAddress() + "]:" + port;
    }
}
