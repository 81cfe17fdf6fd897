package dev.tern.app.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code tern serve} as a separate JVM (the test class path), on a free loopback port; its output is collected. */
final class ServeProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("tern serve: listening on 127\\.0\\.0\\.1:(\\d+) ");

    final Process process;
    /** The child's output goes to a file: Process.destroy() closes the parent's pipes, which would lose what it prints on SIGTERM. */
    private final Path log;
    final int port;

    ServeProcess(Path dataDir, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.tern.app.Main", "serve",
                "--listen", "127.0.0.1:0", "--data-dir", dataDir.toString(), "--grace", "10s"));
        cmd.addAll(List.of(extra));
        Files.createDirectories(dataDir.getParent());
        log = Files.createTempFile(dataDir.getParent(), "serve-", ".log");
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Matcher m = await(LISTENING, 60_000);
        if (m == null) {
            process.destroyForcibly();
            throw new AssertionError("tern serve did not start:\n" + output());
        }
        port = Integer.parseInt(m.group(1));
    }

    /** Waits up to {@code millis} for an output line containing the pattern; null when none came. */
    Matcher await(Pattern pattern, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            for (String line : output().split("\n")) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            if (System.currentTimeMillis() >= deadline) {
                return null;
            }
            Thread.sleep(50);
        }
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    /** kill -9: no shutdown hook, no flush, nothing. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM; returns the exit code, or -1 when the process had not ended within {@code seconds}. */
    int term(long seconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
