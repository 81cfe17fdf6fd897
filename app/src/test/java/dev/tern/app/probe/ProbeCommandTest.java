package dev.tern.app.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.TernCommand;
import dev.tern.testkit.MemoryTernServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code tern probe} against Tern's own server on loopback. */
class ProbeCommandTest {

    private MemoryTernServer server;

    @BeforeEach
    void start() {
        server = new MemoryTernServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String[] run(String... args) {
        CommandLine cl = TernCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new String[] {String.valueOf(exit), out.toString(), err.toString()};
    }

    @Test
    void reportShowsGreetingCapabilitiesCommandsAndRelayTest() {
        String[] r = run("probe", server.address(), "--helo", "client.test", "--relay-test", "someone@elsewhere.test",
                "--timeout", "10");
        assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
        assertThat(r[1]).contains("Greeting      220 tern.test").contains("PIPELINING").contains("ENHANCEDSTATUSCODES")
                .containsPattern("VRFY postmaster +252 2\\.5\\.0")
                .containsPattern("XTERNPROBE +500 5\\.5\\.2")
                .containsPattern("RCPT TO:<postmaster> +503 5\\.5\\.1")
                .containsPattern("MAIL FROM:<no-at-sign +501 5\\.")
                .contains("Relay test    <someone@elsewhere.test>: RELAYS")
                .contains("no STARTTLS offered");
        // the probe never sends a message
        assertThat(server.messages).isEmpty();
    }

    @Test
    void jsonReport() {
        String[] r = run("probe", server.address(), "--json", "--timeout", "10");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).startsWith("{").contains("\"greeting\": {").contains("\"code\": 220").contains("\"tls\": null")
                .contains("\"command\": \"EXPN postmaster\"").contains("\"sizeLimit\": 52428800");
    }

    @Test
    void unreachableServerExits75() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String[] r = run("probe", "127.0.0.1:" + port, "--timeout", "5");
        assertThat(r[0]).isEqualTo("75");
        assertThat(r[1]).contains("Error         421 4.4.1");
    }

    @Test
    void needsExactlyOneTarget() {
        assertThat(run("probe")[0]).isEqualTo("2");
        assertThat(run("probe", "a.test", "--mx", "b.test")[0]).isEqualTo("2");
    }
}
