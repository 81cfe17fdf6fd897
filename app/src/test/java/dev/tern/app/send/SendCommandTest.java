package dev.tern.app.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.CliRun;
import dev.tern.testkit.MemoryTernServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tern send} against Tern's own server on loopback. */
class SendCommandTest {

    private MemoryTernServer server;

    @TempDir
    Path dir;

    static CliRun run(String... args) {
        return CliRun.tern(args);
    }

    @BeforeEach
    void start() {
        server = new MemoryTernServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun send(String... extra) {
        String[] base = {"send", "--server", server.address(), "--from", "alice@client.test", "--helo", "client.test",
                "--timeout", "10", "--starttls", "off"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return run(all);
    }

    @Test
    void allAcceptedPrintsTheTranscriptWithExplanationsAndExitsZero() {
        CliRun r = send("--to", "bob@tern.test", "--subject", "Grüße", "--body", "hello");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("C: EHLO client.test").contains("S: 220 tern.test")
                .contains("C: MAIL FROM:<alice@client.test>").contains("-> success: ")
                .containsPattern("bob@tern.test +accepted +250 2\\.0\\.0");
        assertThat(server.messages).singleElement().satisfies(m -> assertThat(m)
                .contains("Subject: =?UTF-8?B?R3LDvMOfZQ==?=").contains("To: bob@tern.test").endsWith("\r\nhello\r\n"));
    }

    @Test
    void hardFailureExits69AndSoftFailureExits75() {
        CliRun hard = send("--to", "bob@tern.test", "--to", "unknown@tern.test", "--to", "busy@tern.test");
        assertThat(hard.exit()).isEqualTo(SendCommand.EXIT_HARD);
        assertThat(hard.out()).containsPattern("unknown@tern.test +hard failure +550 5\\.1\\.1")
                .containsPattern("busy@tern.test +soft failure +450 4\\.2\\.1")
                .contains("-> hard: ").contains("(permanent: do not retry as is)");
        CliRun soft = send("--to", "busy@tern.test", "--quiet");
        assertThat(soft.exit()).isEqualTo(SendCommand.EXIT_SOFT);
        assertThat(soft.out()).doesNotContain("C: ").containsPattern("busy@tern.test +soft failure +450 4\\.2\\.1");
    }

    @Test
    void jsonOutputCarriesCodesPerRecipient() {
        CliRun r = send("--to", "unknown@tern.test", "--json");
        assertThat(r.exit()).isEqualTo(69);
        assertThat(r.out()).startsWith("{").contains("\"outcome\": \"hard-failure\"").contains("\"code\": 550")
                .contains("\"enhanced\": \"5.1.1\"").contains("\"stage\": \"rcpt\"").contains("\"exitCode\": 69")
                .contains("\"classification\": {").contains("\"bounce\": \"hard\"").contains("\"suppress\": true");
    }

    @Test
    void emlFileIsSentAsItIs() throws Exception {
        Path eml = dir.resolve("m.eml");
        Files.writeString(eml, "From: alice@client.test\nSubject: from a file\n\n.starts with a dot\n", StandardCharsets.UTF_8);
        CliRun r = send("--to", "bob@tern.test", "--eml", eml.toString(), "--quiet");
        assertThat(r.exit()).isZero();
        assertThat(server.messages).singleElement().satisfies(m -> assertThat(m)
                .contains("Subject: from a file\r\n\r\n.starts with a dot\r\n"));
    }

    @Test
    void unreachableServerIsASoftFailure() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun r = run("send", "--server", "127.0.0.1:" + port, "--from", "a@client.test", "--to", "b@x.test", "--quiet",
                "--timeout", "5");
        assertThat(r.exit()).isEqualTo(75);
        assertThat(r.out()).containsPattern("b@x.test +soft failure +421 4\\.4\\.1");
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        assertThat(run("send", "--server", server.address(), "--from", "a@client.test").exit()).isEqualTo(2);
        assertThat(run("send", "--from", "a@client.test", "--to", "b@x.test").exit()).isEqualTo(2);
        assertThat(run("send", "--server", "h", "--mx", "x.test", "--from", "a@client.test", "--to", "b@x.test").exit()).isEqualTo(2);
        Path eml = Files.writeString(dir.resolve("x.eml"), "Subject: x\n\nbody\n");
        CliRun both = run("send", "--server", server.address(), "--from", "a@client.test", "--to", "b@x.test",
                "--eml", eml.toString(), "--subject", "x");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--eml");
        assertThat(run("send", "--server", server.address(), "--from", "a@client.test", "--to", "not an address").exit())
                .isEqualTo(2);
        assertThat(run("send", "--server", server.address(), "--from", "a@client.test", "--to", "b@x.test",
                "--starttls", "maybe").exit()).isEqualTo(2);
        assertThat(server.messages).isEmpty();
    }

    @Test
    void loadModeSendsCountMessagesOverConcurrentConnectionsAndSummarises() {
        CliRun r = send("--to", "bob@tern.test", "--count", "40", "--concurrency", "4");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("40 sent over 4 connection(s)").contains("messages/s")
                .contains("40 accepted, 0 soft failures, 0 hard failures").containsPattern("250 2\\.0\\.0 +40");
        assertThat(r.err()).contains("40/40");
        assertThat(server.messages).hasSize(40);
    }

    @Test
    void loadModeJsonCountsRepliesByCode() {
        CliRun r = send("--to", "bob@tern.test", "--to", "unknown@tern.test", "--count", "5", "--concurrency", "2", "--json");
        assertThat(r.exit()).isEqualTo(69);
        assertThat(r.out()).contains("\"messages\": 5").contains("\"250 2.0.0\": 5").contains("\"550 5.1.1\": 5");
    }

    @Test
    void bodyFromAFileWithExtraHeaders() throws Exception {
        Path body = Files.writeString(dir.resolve("body.txt"), ".dotted first line\nsecond line: ünïcode\n", StandardCharsets.UTF_8);
        CliRun r = send("--to", "bob@tern.test", "--file", body.toString(), "--header", "X-Campaign: spring", "--header",
                "Reply-To: desk@client.test", "--quiet");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(server.messages).singleElement().satisfies(m -> assertThat(m)
                .contains("X-Campaign: spring\r\n").contains("Reply-To: desk@client.test\r\n")
                .contains("Content-Transfer-Encoding: 8bit\r\n")
                .endsWith("\r\n\r\n.dotted first line\r\nsecond line: ünïcode\r\n"));
        assertThat(send("--to", "bob@tern.test", "--header", "no colon here").exit()).isEqualTo(2);
    }
}
