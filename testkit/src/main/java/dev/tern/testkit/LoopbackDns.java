package dev.tern.testkit;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's dnsmasq (package dnsmasq-base, installed by .ci/run from .ci/apt-packages) serving a
 * test zone on 127.0.0.1 at a free port. It is authoritative for {@code test}: names it was not
 * given are NXDOMAIN ({@code --local=/test/}) and it never asks another server.
 *
 * <p>dnsmasq listens on the port over UDP and TCP, and another process on the machine may take the
 * port between our probe and dnsmasq's bind; a start that fails with "Address already in use" is
 * therefore tried again on another port, a bounded number of times.
 */
public final class LoopbackDns implements AutoCloseable {

    private static final int START_ATTEMPTS = 5;

    private final Process process;
    private final int port;
    private final Path logFile;

    private LoopbackDns(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /** Starts dnsmasq with record options such as {@code --mx-host=...} or {@code --host-record=...}. */
    public static LoopbackDns start(Path workDir, List<String> records) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            Path log = workDir.resolve("dnsmasq-" + attempt + ".log");
            try {
                return startOnce(freePort(), log, records);
            } catch (PortTaken e) {
                last = e;
            }
        }
        throw last;
    }

    private static LoopbackDns startOnce(int port, Path log, List<String> records) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable());
        command.addAll(List.of("--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                "--listen-address=127.0.0.1", "--bind-interfaces", "--port=" + port, "--pid-file=",
                "--local=/test/", "--log-facility=-", "--user=root"));
        command.addAll(records);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            if (!p.isAlive()) {
                String out = Files.readString(log);
                if (out.contains("Address already in use")) {
                    throw new PortTaken(port, out);
                }
                throw new IOException("dnsmasq stopped at once: " + out);
            }
            if (Files.readString(log).contains("locally-known")) {
                return new LoopbackDns(p, port, log);
            }
            Thread.sleep(25);
        }
        p.destroyForcibly();
        throw new IOException("dnsmasq not ready after 10 s: " + Files.readString(log));
    }

    /** A loopback port free for both UDP and TCP at the moment of asking. */
    private static int freePort() throws IOException {
        for (int i = 0; i < 20; i++) {
            int candidate;
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                candidate = udp.getLocalPort();
            }
            try (ServerSocket tcp = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return candidate;
            } catch (IOException takenForTcp) {
                // try another
            }
        }
        throw new IOException("no loopback port free for both UDP and TCP after 20 tries");
    }

    private static String executable() {
        for (String candidate : List.of("/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("dnsmasq missing: apt-get install dnsmasq-base (listed in .ci/apt-packages)");
    }

    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    public String log() throws IOException {
        return Files.readString(logFile);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static final class PortTaken extends IOException {
        PortTaken(int port, String output) {
            super("dnsmasq could not bind port " + port + ": " + output);
        }
    }
}
