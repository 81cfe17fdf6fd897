package dev.tern.app.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.CliRun;
import dev.tern.testkit.LoopbackDns;
import dev.tern.testkit.MemoryTernServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tern send --mx} and {@code tern probe --mx} with dnsmasq on loopback answering MX queries. */
class MxCliTest {

    @TempDir
    static Path dir;
    private static LoopbackDns dns;
    private MemoryTernServer server;

    @BeforeAll
    static void startDns() throws Exception {
        dns = LoopbackDns.start(dir, List.of("--mx-host=cli.test,gone.cli.test,5", "--mx-host=cli.test,mail.cli.test,10",
                "--host-record=mail.cli.test,127.0.0.1", "--dns-rr=nullmx.test,15,000000"));
    }

    @AfterAll
    static void stopDns() throws Exception {
        if (dns != null) {
            dns.close();
        }
    }

    @BeforeEach
    void start() {
        server = new MemoryTernServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sendFindsTheMxHostAndDelivers() {
        CliRun r = CliRun.tern("send", "--mx", "cli.test", "--dns", "127.0.0.1:" + dns.port(),
                "--mx-port", String.valueOf(server.port()), "--from", "a@client.test", "--to", "bob@cli.test",
                "--starttls", "off", "--timeout", "10");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("route for cli.test: MX").contains("gone.cli.test has no address")
                .containsPattern("bob@cli.test +accepted +250 2\\.0\\.0");
        assertThat(server.messages).hasSize(1);
    }

    @Test
    void nullMxIsAHardFailureWith556() {
        CliRun r = CliRun.tern("send", "--mx", "nullmx.test", "--dns", "127.0.0.1:" + dns.port(),
                "--from", "a@client.test", "--to", "x@nullmx.test", "--quiet");
        assertThat(r.exit()).isEqualTo(69);
        assertThat(r.out()).containsPattern("x@nullmx.test +hard failure +556 5\\.1\\.10");
    }

    @Test
    void probeByMx() {
        CliRun r = CliRun.tern("probe", "--mx", "cli.test", "--dns", "127.0.0.1:" + dns.port(),
                "--mx-port", String.valueOf(server.port()), "--timeout", "10");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("MX            mx [5 gone.cli.test [], 10 mail.cli.test [127.0.0.1]]")
                .contains("Server        mail.cli.test:" + server.port()).contains("Greeting      220 tern.test");
    }
}
