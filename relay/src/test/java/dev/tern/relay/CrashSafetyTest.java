package dev.tern.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a relay JVM with SIGKILL again and again while it delivers to a counting server; after a
 * last clean run every queued recipient must have been delivered at least once. Duplicates (the
 * window between the remote 250 and the fsync of the outcome) are counted and reported.
 */
class CrashSafetyTest {

    static final int MESSAGES = 60;
    static final int KILLS = 5;

    @TempDir
    Path dir;

    @Test
    void everyRecipientIsDeliveredAtLeastOnceAcrossRepeatedKills() throws Exception {
        ScriptedSmtpServer.Script slowAccept = new ScriptedSmtpServer.Script() {
            @Override
            String endOfData(ScriptedSmtpServer.Received message, int tx) {
                try {
                    Thread.sleep(15); // widens the window in which a kill lands mid-delivery
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "250 2.0.0 Ok: queued";
            }
        };
        Path queueDir = dir.resolve("queue");
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(slowAccept);
                RelayHarness h = new RelayHarness(dir, server.port(), RelayHarness.fast(), Duration.ofSeconds(5))) {
            // queued by this JVM, delivered only by the child JVMs (this harness's runner never starts)
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                String a = "r" + i + "@example.net";
                String b = "s" + i + "@example.net";
                h.enqueue("alice@example.org", "crash " + i, a, b);
                expected.add("<" + a + ">");
                expected.add("<" + b + ">");
            }

            int kills = 0;
            for (int round = 0; round < KILLS; round++) {
                int before = server.accepted.size();
                if (before >= MESSAGES) {
                    break;
                }
                Process p = startRelay(queueDir, server.port());
                try {
                    int target = before + ThreadLocalRandom.current().nextInt(2, 8);
                    RelayHarness.await("deliveries under way", Duration.ofSeconds(30),
                            () -> server.accepted.size() >= target || !p.isAlive());
                } finally {
                    p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing
                    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                }
                kills++;
            }

            Process last = startRelay(queueDir, server.port());
            try {
                RelayHarness.await("queue drained", Duration.ofSeconds(60), h::queueEmpty);
            } finally {
                last.destroyForcibly();
                last.waitFor(10, TimeUnit.SECONDS);
            }

            Map<String, Integer> counts = new TreeMap<>();
            synchronized (server.accepted) {
                for (ScriptedSmtpServer.Received r : server.accepted) {
                    for (String rcpt : r.recipients()) {
                        counts.merge(rcpt, 1, Integer::sum);
                    }
                }
            }
            int duplicates = counts.values().stream().mapToInt(c -> c - 1).sum();
            System.out.printf("crash safety: %d kills, %d recipients, %d deliveries, %d duplicates%n", kills,
                    expected.size(), counts.values().stream().mapToInt(Integer::intValue).sum(), duplicates);
            assertThat(kills).isGreaterThanOrEqualTo(2);
            assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(expected);
            // each kill can catch at most one transaction per session (4 sessions) between 250 and fsync
            assertThat(duplicates).isLessThanOrEqualTo(kills * 4 * 2);
            assertThat(h.mailCount("alice")).isZero();
            assertThat(Files.list(queueDir.resolve("env"))).isEmpty();
        }
    }

    static Process startRelay(Path queueDir, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CrashRelayMain.class.getName(), queueDir.toString(), Integer.toString(port));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(queueDir.resolveSibling("relay-" + System.nanoTime() + ".log").toFile()).start();
    }

}
