package dev.tern.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.TernCommand;
import dev.tern.app.config.TernConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = TernCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aConfigurationErrorNamesFileLineAndColumnAndDoesNotStart() throws Exception {
        Path config = dir.resolve("tern.yaml");
        Files.writeString(config, "domains: [ example.test ]\nreject-clients: [ 10.0.0.1/8 ]\n");
        Run r = run("serve", "--config", config.toString());
        assertThat(r.exit()).isEqualTo(ServeCommand.EXIT_CONFIG);
        assertThat(r.err()).startsWith("tern serve: configuration error: " + config
                + ":2:19: reject-clients: bad address block: host bits set in 10.0.0.1/8 (did you mean 10.0.0.0/8?)\n");
        assertThat(r.err()).contains("not started");
        assertThat(r.out()).isEmpty();
        assertThat(dir.resolve("tern-data")).doesNotExist();
    }

    @Test
    void anAddressInUseIsReportedAndTheServerDoesNotStart() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Run r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> run("serve", "--listen", "127.0.0.1:" + taken.getLocalPort(), "--data-dir", dir.resolve("d").toString()));
            assertThat(r.exit()).isEqualTo(ServeCommand.EXIT_CONFIG);
            assertThat(r.err()).contains("cannot listen on").contains(Integer.toString(taken.getLocalPort())).contains("not started");
        }
    }

    @Test
    void aBadListenOptionIsAUsageError() {
        Run r = run("serve", "--listen", "mail.example:25");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--listen: listen on an IP address, not a host name: 'mail.example'");
    }

    @Test
    void serveIsListedInHelp() {
        assertThat(run("--help").out()).contains("serve");
        Run help = run("serve", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--listen", "--data-dir", "--config", "127.0.0.1:2525");
    }

    @Test
    void theBannerSaysWhereMailGoesAndHowToSendATestMessage() throws Exception {
        TernConfig config = TernConfig.builtIn().withListen(List.of(new InetSocketAddress("127.0.0.1", 0)))
                .withDataDir(dir.resolve("data"));
        ServeCommand.Running running = ServeCommand.start(config);
        try {
            String banner = ServeCommand.banner(running);
            int port = running.server().port();
            assertThat(banner).contains("listening on 127.0.0.1:" + port + " as localhost (configuration: built-in defaults)");
            assertThat(banner).contains("mail goes to:  " + dir.resolve("data").resolve("mail").toAbsolutePath() + "/<recipient>/new/");
            assertThat(banner).contains("swaks --server 127.0.0.1:" + port + " --to you@localhost");
            assertThat(banner).contains("./tern send --server 127.0.0.1:" + port + " --from me@example.org --to you@localhost");
            assertThat(banner).contains("relaying to other domains: refused (550 5.7.1)");
        } finally {
            running.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void listenTakesARolePrefix() throws Exception {
        ServeCommand serve = new ServeCommand();
        CommandLine cl = new CommandLine(serve);
        cl.parseArgs("--listen", "127.0.0.1:0,submission=127.0.0.1:0", "--listen", "SubmissionS=127.0.0.1:0",
                "--data-dir", dir.resolve("data").toString());
        TernConfig config = serve.effectiveConfig();
        assertThat(config.listen()).containsExactly(new InetSocketAddress("127.0.0.1", 0));
        assertThat(config.security().listeners()).extracting(dev.tern.app.config.SecurityConfig.Listener::role)
                .containsExactly(dev.tern.server.ListenerRole.SUBMISSION, dev.tern.server.ListenerRole.SUBMISSIONS);
        ServeCommand.Running running = ServeCommand.start(config);
        try {
            List<InetSocketAddress> addresses = running.server().addresses();
            assertThat(addresses).hasSize(3);
            // the submission listener wants STARTTLS (then AUTH) before MAIL; the mx one does not
            try (LineClient c = new LineClient(addresses.get(1).getPort())) {
                assertThat(c.reply()).startsWith("220 ");
                assertThat(c.command("EHLO client.example")).endsWith("250 STARTTLS\r\n");
                assertThat(c.command("MAIL FROM:<a@example.org>")).isEqualTo("530 5.7.0 Must issue a STARTTLS command first\r\n");
            }
            try (LineClient c = new LineClient(addresses.get(0).getPort())) {
                assertThat(c.reply()).startsWith("220 ");
                c.command("EHLO client.example");
                assertThat(c.command("MAIL FROM:<a@example.org>")).startsWith("250 ");
            }
            // the submissions listener speaks TLS from the first octet (RFC 8314)
            javax.net.ssl.SSLContext trustAll = javax.net.ssl.SSLContext.getInstance("TLS");
            trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                }

                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                }

                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            try (javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) trustAll.getSocketFactory()
                    .createSocket("127.0.0.1", addresses.get(2).getPort())) {
                tls.setSoTimeout(10_000);
                tls.startHandshake();
                byte[] greeting = new byte[5];
                assertThat(tls.getInputStream().readNBytes(greeting, 0, 5)).isEqualTo(5);
                assertThat(new String(greeting, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("220 l");
            }
        } finally {
            running.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void anUnknownListenRoleIsAUsageError() {
        Run r = run("serve", "--listen", "relay=127.0.0.1:25");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--listen: unknown role 'relay' in 'relay=127.0.0.1:25' (mx, submission or submissions)");
    }
}
