package dev.tern.relay.route;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real dnsmasq (Debian package dnsmasq-base, listed in .ci/apt-packages) serving a test zone on
 * 127.0.0.1 at a free port; authoritative for {@code test} (anything not configured is NXDOMAIN).
 */
public final class Dnsmasq implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private Dnsmasq(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static Dnsmasq start(Path dir, List<String> zoneOptions) throws IOException, InterruptedException {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("dnsmasq.log");
        List<String> cmd = new ArrayList<>(List.of(binary(), "--keep-in-foreground", "--port=" + port,
                "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts", "--conf-file=/dev/null",
                "--pid-file=", "--local=/test/", "--log-facility=-"));
        cmd.addAll(zoneOptions);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // ready once the log says so; bounded wait
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("dnsmasq exited: " + Files.readString(log));
            }
            if (Files.exists(log) && Files.readString(log).contains("using only locally-known addresses")) {
                return new Dnsmasq(p, port, log);
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IOException("dnsmasq did not start in 10 s");
    }

    private static String binary() {
        for (String c : List.of("/usr/sbin/dnsmasq", "/sbin/dnsmasq", "/usr/bin/dnsmasq")) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        throw new IllegalStateException("dnsmasq is not installed (apt-get install dnsmasq-base; .ci/run does it)");
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
