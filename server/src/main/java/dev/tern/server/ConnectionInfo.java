package dev.tern.server;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * What the server knows about one client connection. The server keeps it up to date as the
 * session goes on (HELO name, later TLS and authentication), so a {@link Session} may hold on to
 * the instance it was created with and read it at any time.
 */
public interface ConnectionInfo {

    /** The client's address and port. */
    InetSocketAddress remoteAddress();

    /** The server address and port the client connected to. */
    InetSocketAddress localAddress();

    /** The name the client gave in its last HELO or EHLO, as given; empty before that. */
    Optional<String> heloName();

    /** Whether the client greeted with EHLO (extended SMTP) rather than HELO. */
    boolean esmtp();

    /** Whether the connection is encrypted with TLS (STARTTLS or implicit TLS). */
    boolean tls();

    /** The TLS protocol version in use, e.g. {@code TLSv1.3}; empty without TLS. */
    default Optional<String> tlsProtocol() {
        return Optional.empty();
    }

    /** The TLS cipher suite in use; empty without TLS. */
    default Optional<String> tlsCipher() {
        return Optional.empty();
    }

    /** The role of the listener the client connected to. */
    default ListenerRole role() {
        return ListenerRole.MX;
    }

    /** The identity the client authenticated as with AUTH; empty when it did not. */
    Optional<String> authenticatedIdentity();

    /** The server's host name, as in the greeting. */
    String serverHostname();
}
