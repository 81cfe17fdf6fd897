package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SMTP smuggling (spec §4): a bare LF or bare CR around a dot must never end the message, so the
 * "smuggled" second transaction inside it is never seen as commands.
 */
@Timeout(30)
class SmugglingTest {

    static final String SMUGGLED = "MAIL FROM:<evil@attacker.example>\r\nRCPT TO:<victim@example.test>\r\nDATA\r\n"
            + "Subject: smuggled\r\n\r\nsmuggled body\r\n";

    @TempDir
    Path dir;

    private static String ending(String name) {
        return switch (name) {
            case "LF.LF" -> "\n.\n";
            case "LF.CRLF" -> "\n.\r\n";
            case "CR.CRLF" -> "\r.\r\n";
            case "CRLF.LF" -> "\r\n.\n";
            case "CR.CR" -> "\r.\r";
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static void startData(RawClient c) throws Exception {
        c.command("EHLO client.example");
        c.command("MAIL FROM:<a@example.org>");
        c.command("RCPT TO:<b@example.test>");
        assertThat(c.command("DATA")).startsWith("354 ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"LF.LF", "LF.CRLF", "CR.CRLF", "CRLF.LF", "CR.CR"})
    void bareLineEndingsAreRefusedWholeByDefault(String name) throws Exception {
        try (ServerFixture f = new ServerFixture(dir); RawClient c = f.client()) {
            startData(c);
            c.send("Subject: first\r\n\r\nfirst body" + ending(name) + SMUGGLED + ".\r\n");
            assertThat(c.readRaw()).isEqualTo("554 5.6.0 Message refused: bare CR or LF in data; lines must end with CRLF\r\n");
            // exactly one reply for the whole thing: the next reply answers our NOOP
            assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 Ok\r\n");
            assertThat(f.backend.delivered).isEmpty();
            assertThat(f.backend.events).noneMatch(e -> e.contains("evil") || e.contains("victim"));
            assertThat(dir.resolve("tmp")).isEmptyDirectory();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LF.LF", "LF.CRLF", "CR.CRLF", "CRLF.LF", "CR.CR"})
    void bareLineEndingsKeptAsTextStayInsideOneMessage(String name) throws Exception {
        try (ServerFixture f = new ServerFixture(dir, b -> b.bareLineEndings(BareLineEndings.KEEP)); RawClient c = f.client()) {
            startData(c);
            c.send("Subject: first\r\n\r\nfirst body" + ending(name) + SMUGGLED + ".\r\n");
            assertThat(c.readRaw()).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 Ok\r\n");
            assertThat(f.backend.delivered).hasSize(1);
            String body = f.backend.delivered.get(0).body();
            assertThat(body).startsWith("Subject: first\r\n\r\nfirst body").contains("MAIL FROM:<evil@attacker.example>")
                    .endsWith("smuggled body\r\n");
            assertThat(f.backend.events).noneMatch(e -> e.contains("evil") || e.contains("victim"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7})
    void endOfDataIsFoundWhateverTheSegmentBoundaries(int segment) throws Exception {
        try (ServerFixture f = new ServerFixture(dir); RawClient c = f.client()) {
            startData(c);
            byte[] data = "Subject: s\r\n\r\n..one\r\n.\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < data.length; i += segment) {
                c.send(java.util.Arrays.copyOfRange(data, i, Math.min(data.length, i + segment)));
                Thread.sleep(2);
            }
            assertThat(c.readRaw()).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(f.backend.delivered.get(0).body()).isEqualTo("Subject: s\r\n\r\n.one\r\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {".\r\n", "x\r\n.\r\n", ".x\r\n.\r\n", "..\r\n.\r\n"})
    void dotUnstuffing(String data) throws Exception {
        try (ServerFixture f = new ServerFixture(dir); RawClient c = f.client()) {
            startData(c);
            c.send(data);
            assertThat(c.readRaw()).startsWith("250 2.0.0 Ok: queued as ");
            String expected = switch (data) {
                case ".\r\n" -> "";
                case "x\r\n.\r\n" -> "x\r\n";
                case ".x\r\n.\r\n" -> "x\r\n";
                default -> ".\r\n";
            };
            assertThat(f.backend.delivered.get(0).body()).isEqualTo(expected);
        }
    }
}
