package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * DATA framing against a reference model: random content made of {@code a . CR LF}, sent in
 * random pieces and ended with {@code CRLF.CRLF}. With bare line endings kept, the stored body is
 * the content dot-unstuffed line by line (lines split at CRLF only); with them refused, the reply
 * is 554 5.6.0 exactly when the content has a bare CR or LF. Either way exactly one reply comes.
 */
class DataFramingProperties {

    private static Path dir;
    private static ServerFixture keep;
    private static ServerFixture reject;

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("tern-framing-props");
        keep = new ServerFixture(dir.resolve("keep"), b -> b.bareLineEndings(BareLineEndings.KEEP));
        reject = new ServerFixture(dir.resolve("reject"));
    }

    @AfterContainer
    static void stop() throws IOException {
        keep.close();
        reject.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Provide
    Arbitrary<String> contents() {
        return Arbitraries.strings().withChars('a', '.', '\r', '\n').ofMinLength(0).ofMaxLength(40);
    }

    /** The reference: lines split at CRLF only; a leading dot of a line is removed (RFC 5321 §4.5.2). */
    static String unstuff(String withFinalCrlf) {
        String[] lines = withFinalCrlf.split("\r\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length - 1; i++) {
            String l = lines[i];
            out.append(l.startsWith(".") ? l.substring(1) : l).append("\r\n");
        }
        return out.toString();
    }

    static boolean hasBareLineEnding(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' && (i + 1 >= s.length() || s.charAt(i + 1) != '\n')) {
                return true;
            }
            if (c == '\n' && (i == 0 || s.charAt(i - 1) != '\r')) {
                return true;
            }
        }
        return false;
    }

    @Property(tries = 300)
    void onlyCrlfDotCrlfEndsTheMessage(@ForAll("contents") String content, @ForAll boolean keepBare,
            @ForAll @IntRange(min = 1, max = 3) int pieces) throws Exception {
        String body = content + "\r\n";
        // the content's own CRLF.CRLF would end the message early: that is the case this does not model
        Assume.that(!("\r\n" + body).contains("\r\n.\r\n"));
        ServerFixture f = keepBare ? keep : reject;
        int before = f.backend.delivered.size();
        try (RawClient c = new RawClient(f.port(), 5000)) {
            c.readRaw();
            c.send("EHLO client.example\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.test>\r\nDATA\r\n");
            for (int i = 0; i < 4; i++) {
                c.readRaw();
            }
            byte[] wire = (body + ".\r\n").getBytes(StandardCharsets.US_ASCII);
            int step = Math.max(1, wire.length / pieces);
            for (int i = 0; i < wire.length; i += step) {
                c.send(java.util.Arrays.copyOfRange(wire, i, Math.min(wire.length, i + step)));
            }
            String reply = c.readRaw();
            if (!keepBare && hasBareLineEnding(body)) {
                assertThat(reply).isEqualTo("554 5.6.0 Message refused: bare CR or LF in data; lines must end with CRLF\r\n");
                assertThat(f.backend.delivered).hasSize(before);
            } else {
                assertThat(reply).startsWith("250 2.0.0 Ok: queued as ");
                String id = reply.substring("250 2.0.0 Ok: queued as ".length()).trim();
                TestBackend.Delivered d = f.backend.delivered.stream().filter(x -> x.queueId().equals(id)).findFirst().orElseThrow();
                String stored = d.text();
                assertThat(stored.substring(stored.indexOf("\r\n", stored.indexOf("; ")) + 2)).isEqualTo(unstuff(body));
            }
            assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 Ok\r\n");
        }
    }
}
