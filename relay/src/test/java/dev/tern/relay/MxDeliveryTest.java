package dev.tern.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.client.ClientConfig;
import dev.tern.client.Timeouts;
import dev.tern.client.TlsMode;
import dev.tern.relay.dsn.DsnParsing;
import dev.tern.relay.queue.QueuedRecipient;
import dev.tern.store.MaildirStore;
import dev.tern.testkit.LoopbackDns;
import jakarta.mail.internet.InternetHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole relay routed by MX records from a real dnsmasq on loopback. */
class MxDeliveryTest {

    @TempDir
    Path dir;

    @Test
    void mxAndImplicitMxAreDeliveredNullMxAndUnknownDomainsBounceAtOnce() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(new ScriptedSmtpServer.Script());
                LoopbackDns dns = LoopbackDns.start(dir, List.of(
                        "--mx-host=mx.test,mail.mx.test,10", "--host-record=mail.mx.test,127.0.0.1",
                        "--host-record=nomx.test,127.0.0.1", "--mx-host=nullmx.test,.,0"))) {
            MaildirStore maildirs = new MaildirStore(dir.resolve("mail"), MaildirStore.Settings.defaults("relay.test"));
            try (Relay relay = Relay.builder(dir.resolve("queue"), "relay.test")
                    .settings(RelayHarness.fast())
                    .suppressionFile(dir.resolve("suppressed.tsv"))
                    .dnsServer(dns.address()).mxPort(server.port())
                    .clientConfig(ClientConfig.builder().heloName("relay.test").tlsMode(TlsMode.OFF)
                            .timeouts(Timeouts.uniform(Duration.ofSeconds(5))).build())
                    .localDelivery(RelayHarness.maildirDelivery(maildirs))
                    .build()) {
                relay.start();
                List<QueuedRecipient> rcpts = new ArrayList<>();
                for (String a : List.of("a@mx.test", "b@nomx.test", "c@nullmx.test", "d@absent.test")) {
                    rcpts.add(RelayHarness.rcpt(a));
                }
                relay.queue().enqueue(RelayHarness.sender("alice@example.org"), dev.tern.protocol.params.MailParameters.NONE,
                        rcpts, new java.io.ByteArrayInputStream(RelayHarness.message("by mx").getBytes()));
                Path alice = dir.resolve("mail").resolve("alice").resolve("new");
                RelayHarness.await("two delivered, one DSN, queue empty", Duration.ofSeconds(20),
                        () -> server.accepted.size() == 2 && count(alice) == 1 && empty(relay));

                assertThat(server.accepted).extracting(r -> r.recipients().get(0))
                        .containsExactlyInAnyOrder("<a@mx.test>", "<b@nomx.test>");
                Path dsnFile;
                try (var s = Files.list(alice)) {
                    dsnFile = s.findFirst().orElseThrow();
                }
                DsnParsing.Parsed dsn = DsnParsing.parse(Files.readAllBytes(dsnFile));
                assertThat(dsn.perRecipient()).hasSize(2);
                InternetHeaders nullMx = dsn.perRecipient().get(0);
                assertThat(nullMx.getHeader("Final-Recipient", null)).isEqualTo("rfc822; c@nullmx.test");
                assertThat(nullMx.getHeader("Status", null)).isEqualTo("5.1.10");
                assertThat(nullMx.getHeader("Diagnostic-Code", null))
                        .isEqualTo("smtp; 556 5.1.10 Domain nullmx.test publishes a null MX and accepts no mail");
                InternetHeaders absent = dsn.perRecipient().get(1);
                assertThat(absent.getHeader("Status", null)).isEqualTo("5.1.2");
                assertThat(relay.suppression().check("c@nullmx.test")).isPresent();
                assertThat(relay.suppression().check("d@absent.test")).isPresent();
            }
        }
    }

    static long count(Path dir) {
        try (var s = Files.list(dir)) {
            return s.count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    static boolean empty(Relay relay) {
        try {
            return relay.queue().store().ids().isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
