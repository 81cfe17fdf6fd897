package dev.tern.testkit;

import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;

/**
 * A DNS server that is down: a loopback UDP socket that reads nothing and answers nothing. A
 * {@link LoopbackDns} told to forward a zone here ({@link #forwardZone}) makes every lookup in that
 * zone time out, which is how tests reach the "try again later" paths (RFC 5321 §5.1: a DNS failure
 * is temporary, never a bounce).
 */
public final class SilentDnsServer implements AutoCloseable {

    private final DatagramSocket socket;

    private SilentDnsServer(DatagramSocket socket) {
        this.socket = socket;
    }

    public static SilentDnsServer open() {
        try {
            return new SilentDnsServer(new DatagramSocket(0, InetAddress.getLoopbackAddress()));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The dnsmasq option that sends every question about {@code zone} to this dead server. */
    public String forwardZone(String zone) {
        return "--server=/" + zone + "/127.0.0.1#" + port();
    }

    @Override
    public void close() {
        socket.close();
    }
}
