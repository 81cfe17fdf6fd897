package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Many sessions at once, pipelining and mixing DATA and BDAT: every message arrives whole and once. */
@Timeout(60)
class ConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void twentySessionsOfFiftyMessagesEach() throws Exception {
        int sessions = 20;
        int messages = 50;
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try (ServerFixture f = new ServerFixture(dir)) {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                int session = s;
                results.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    try (RawClient c = f.client()) {
                        c.command("EHLO s" + session + ".example");
                        for (int m = 0; m < messages; m++) {
                            String tag = "s" + session + "m" + m;
                            String body = "Subject: " + tag + "\r\n\r\n" + (tag + " ").repeat(40) + "\r\n..dot\r\n";
                            if (m % 2 == 0) {
                                c.send("MAIL FROM:<" + tag + "@example.org>\r\nRCPT TO:<" + tag + "@example.test>\r\nDATA\r\n");
                                assertThat(c.readRaw()).startsWith("250 2.1.0 ");
                                assertThat(c.readRaw()).startsWith("250 2.1.5 ");
                                assertThat(c.readRaw()).startsWith("354 ");
                                c.send(body + ".\r\n");
                            } else {
                                byte[] raw = body.replace("\r\n..dot", "\r\n.dot").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                                c.send("MAIL FROM:<" + tag + "@example.org>\r\nRCPT TO:<" + tag + "@example.test>\r\nBDAT "
                                        + raw.length + " LAST\r\n" + new String(raw, java.nio.charset.StandardCharsets.US_ASCII));
                                assertThat(c.readRaw()).startsWith("250 2.1.0 ");
                                assertThat(c.readRaw()).startsWith("250 2.1.5 ");
                            }
                            String stored = c.readRaw();
                            assertThat(stored).startsWith("250 2.0.0 Ok: queued as ");
                            ids.add(stored.substring("250 2.0.0 Ok: queued as ".length()).trim());
                        }
                        assertThat(c.command("QUIT")).startsWith("221 ");
                    }
                    return ids;
                }));
            }
            Set<String> allIds = new HashSet<>();
            for (Future<List<String>> r : results) {
                allIds.addAll(r.get(50, TimeUnit.SECONDS));
            }
            assertThat(allIds).hasSize(sessions * messages);
            assertThat(f.backend.delivered).hasSize(sessions * messages);
            for (TestBackend.Delivered d : f.backend.delivered) {
                String tag = d.from().substring(0, d.from().indexOf('@'));
                assertThat(d.to()).containsExactly(tag + "@example.test");
                assertThat(d.body()).isEqualTo("Subject: " + tag + "\r\n\r\n" + (tag + " ").repeat(40) + "\r\n.dot\r\n");
                assertThat(allIds).contains(d.queueId());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
