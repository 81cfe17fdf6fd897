package dev.tern.app.send;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's dnsmasq (package dnsmasq-base, installed by .ci/run from .ci/apt-packages) answering
 * for the zone {@code test} on 127.0.0.1 at a free UDP port. Names it was not told about are
 * NXDOMAIN ({@code --local=/test/}); it never asks another server.
 */
final class LoopbackDns implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path logFile;

    private LoopbackDns(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /** Starts dnsmasq with the given record options ({@code --mx-host=...}, {@code --host-record=...}, ...). */
    static LoopbackDns start(Path workDir, List<String> records) throws IOException, InterruptedException {
        int freePort;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            freePort = probe.getLocalPort();
        }
        Path log = workDir.resolve("dnsmasq.log");
        List<String> command = new ArrayList<>();
        command.add(executable());
        command.addAll(List.of("--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                "--listen-address=127.0.0.1", "--bind-interfaces", "--port=" + freePort, "--pid-file=",
                "--local=/test/", "--log-facility=-", "--user=root"));
        command.addAll(records);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            if (!p.isAlive()) {
                throw new IOException("dnsmasq stopped at once: " + Files.readString(log));
            }
            if (Files.readString(log).contains("locally-known")) {
                return new LoopbackDns(p, freePort, log);
            }
            Thread.sleep(25);
        }
        p.destroyForcibly();
        throw new IOException("dnsmasq not ready after 10 s: " + Files.readString(log));
    }

    private static String executable() {
        for (String candidate : List.of("/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("dnsmasq missing: apt-get install dnsmasq-base (listed in .ci/apt-packages)");
    }

    int port() {
        return port;
    }

    String log() throws IOException {
        return Files.readString(logFile);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
