package dev.tern.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** The Netty side of {@link SmtpServer}: event loops, listening channels, open connections. */
final class NettyServer {

    static NettyServer start(SmtpServer.Config config) {
        throw new UnsupportedOperationException("the protocol engine is not pushed yet");
    }

    List<InetSocketAddress> boundAddresses() {
        throw new UnsupportedOperationException();
    }

    int connectionCount() {
        throw new UnsupportedOperationException();
    }

    void shutdown(Duration grace) {
        throw new UnsupportedOperationException();
    }
}
