package dev.tern.server;

/**
 * What an embedding application plugs into {@link SmtpServer}: a factory of one {@link Session}
 * per client connection. Called on a worker thread, never on the network event loop, so it may
 * block (directory lookups, DNS).
 */
@FunctionalInterface
public interface Backend {

    /**
     * Called when a client connects, before the greeting. Throwing {@link SmtpException} refuses
     * the connection: its reply (421, 521 or 554, spec §2 "connection opening") replaces the
     * greeting and the server closes the connection.
     */
    Session newSession(ConnectionInfo connection);
}
