package dev.tern.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.testkit.LoopbackDns;
import dev.tern.testkit.SilentDnsServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MX lookup and delivery by MX against a real DNS server (dnsmasq) on loopback. */
class MxTest {

    @TempDir
    static Path dir;
    private static LoopbackDns dns;
    private static MxResolver resolver;

    @BeforeAll
    static void startDns() throws Exception {
        dns = LoopbackDns.start(dir, List.of(
                // three MX hosts, given out of order
                "--mx-host=multi.test,mx-b.test,20", "--mx-host=multi.test,mx-a.test,10", "--mx-host=multi.test,mx-c.test,30",
                "--host-record=mx-a.test,127.0.0.1", "--host-record=mx-c.test,127.0.0.1",
                // best MX has no address; the next one works
                "--mx-host=fallback.test,gone.test,5", "--mx-host=fallback.test,mail.fallback.test,10",
                "--host-record=mail.fallback.test,127.0.0.1",
                // no MX: the domain's own address (implicit MX)
                "--host-record=plain.test,127.0.0.1",
                // RFC 7505 null MX: preference 0, root target (octets 00 00 00)
                "--dns-rr=nullmx.test,15,000000",
                // a null MX next to a real host (RFC 7505 §3 forbids it): the real host is used
                "--mx-host=mixed.test,.,0", "--mx-host=mixed.test,mail.mixed.test,10",
                "--host-record=mail.mixed.test,127.0.0.1",
                // exists (a TXT record) but has neither MX nor address records
                "--txt-record=bare.test,no mail here",
                // four hosts of equal preference, for the shuffle
                "--mx-host=equal.test,e1.equal.test,10", "--mx-host=equal.test,e2.equal.test,10",
                "--mx-host=equal.test,e3.equal.test,10", "--mx-host=equal.test,e4.equal.test,10",
                // names under down.test are asked of a server that never answers
                silent.forwardZone("down.test"),
                "--mx-host=slow.test,mx.down.test,10", "--mx-host=slow.test,mail.fallback.test,20"));
        resolver = MxResolver.server(InetAddress.getLoopbackAddress(), dns.port(), Duration.ofSeconds(3));
    }

    /** Answers nothing: names under down.test time out. */
    private static final SilentDnsServer silent = SilentDnsServer.open();

    @AfterAll
    static void stopDns() throws Exception {
        silent.close();
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void aDomainWithNeitherMxNorAddressHasNoMailHostWhileAMissingOneDoesNotExist() {
        Route bare = resolver.resolve("bare.test");
        assertThat(bare.kind()).isEqualTo(Route.Kind.NO_MAIL_HOST);
        assertThat(bare.failure().code()).isEqualTo(550);
        assertThat(bare.failure().enhanced()).hasToString("5.1.2");
        assertThat(bare.failure().text()).contains("bare.test").contains("neither MX nor address records");
        Route missing = resolver.resolve("missing.test");
        assertThat(missing.kind()).isEqualTo(Route.Kind.NO_SUCH_DOMAIN);
        assertThat(missing.failure().text()).contains("missing.test").contains("does not exist");
    }

    @Test
    void aNullMxNextToOtherMxRecordsIsSkipped() {
        Route r = resolver.resolve("mixed.test");
        assertThat(r.kind()).isEqualTo(Route.Kind.MX);
        assertThat(r.hosts()).extracting(MxHost::name, MxHost::addresses)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("mail.mixed.test", List.of(InetAddress.getLoopbackAddress())));
    }

    @Test
    void aSeededRandomGivesARepeatableOrderAmongEqualPreferences() {
        java.util.Set<List<String>> orders = new java.util.HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            List<String> first = names(seeded(seed).resolve("equal.test"));
            assertThat(names(seeded(seed).resolve("equal.test"))).as("seed %d", seed).isEqualTo(first);
            assertThat(first).containsExactlyInAnyOrder("e1.equal.test", "e2.equal.test", "e3.equal.test", "e4.equal.test");
            orders.add(first);
        }
        assertThat(orders).as("20 seeds shuffle 4 hosts in more than one way").hasSizeGreaterThan(1);
    }

    @Test
    void anAddressLookupThatFailsForNowIsMarkedAndTheNextHostKept() {
        MxResolver quick = MxResolver.server(InetAddress.getLoopbackAddress(), dns.port(), Duration.ofMillis(500));
        Route r = quick.resolve("slow.test");
        assertThat(r.kind()).isEqualTo(Route.Kind.MX);
        assertThat(r.hosts()).extracting(MxHost::name, MxHost::addressLookupFailed).containsExactly(
                org.assertj.core.groups.Tuple.tuple("mx.down.test", true),
                org.assertj.core.groups.Tuple.tuple("mail.fallback.test", false));
        assertThat(r.hosts().get(0).addresses()).isEmpty();
        assertThat(r.hosts().get(1).addresses()).containsExactly(InetAddress.getLoopbackAddress());
        // a name without addresses is not a failure
        assertThat(resolver.resolve("multi.test").hosts().get(1).addressLookupFailed()).isFalse();
    }

    private static MxResolver seeded(long seed) {
        return new MxResolver(MxResolver.resolverAt(dns.address(), Duration.ofSeconds(3)), new java.util.Random(seed));
    }

    private static List<String> names(Route r) {
        return r.hosts().stream().map(MxHost::name).toList();
    }

    @Test
    void mxHostsComeInPreferenceOrderWithTheirAddresses() {
        Route r = resolver.resolve("multi.test");
        assertThat(r.kind()).isEqualTo(Route.Kind.MX);
        assertThat(r.hosts()).extracting(MxHost::name).containsExactly("mx-a.test", "mx-b.test", "mx-c.test");
        assertThat(r.hosts()).extracting(MxHost::preference).containsExactly(10, 20, 30);
        assertThat(r.hosts().get(0).addresses()).containsExactly(InetAddress.getLoopbackAddress());
        assertThat(r.hosts().get(1).addresses()).isEmpty();
    }

    @Test
    void domainWithoutMxUsesItsOwnAddress() {
        Route r = resolver.resolve("plain.test");
        assertThat(r.kind()).isEqualTo(Route.Kind.IMPLICIT);
        assertThat(r.hosts()).singleElement().satisfies(h -> {
            assertThat(h.name()).isEqualTo("plain.test");
            assertThat(h.addresses()).containsExactly(InetAddress.getLoopbackAddress());
        });
    }

    @Test
    void nullMxFailsEveryRecipientWith556() {
        Route r = resolver.resolve("nullmx.test");
        assertThat(r.kind()).isEqualTo(Route.Kind.NULL_MX);
        SmtpClient client = SmtpClient.create(config(25), resolver);
        TransactionResult t = client.sendToDomain("nullmx.test", Envelope.of("a@client.test", "x@nullmx.test", "y@nullmx.test"),
                MessageSource.of("x\r\n"));
        for (RecipientResult rr : t.recipients()) {
            TransactionTest.assertResult(rr, RecipientStatus.HARD_FAILURE, 556, "5.1.10");
            assertThat(rr.stage()).isEqualTo(Stage.ROUTE);
        }
    }

    @Test
    void missingDomainIsAHardFailure() {
        assertThat(resolver.resolve("missing.test").kind()).isEqualTo(Route.Kind.NO_SUCH_DOMAIN);
        TransactionResult t = SmtpClient.create(config(25), resolver).sendToDomain("missing.test",
                Envelope.of("a@client.test", "x@missing.test"), MessageSource.of("x\r\n"));
        TransactionTest.assertResult(t.recipients().get(0), RecipientStatus.HARD_FAILURE, 550, "5.1.2");
    }

    @Test
    void deliversToTheNextMxWhenTheBestHasNoAddress() throws Exception {
        try (ScriptedServer server = new ScriptedServer(MxTest::acceptOne)) {
            TransactionResult t = SmtpClient.create(config(server.port()), resolver).sendToDomain("fallback.test",
                    Envelope.of("a@client.test", "x@fallback.test"), MessageSource.of("hello\r\n"));
            TransactionTest.assertResult(t.recipients().get(0), RecipientStatus.ACCEPTED, 250, "2.0.0");
            assertThat(t.server()).isEqualTo("mail.fallback.test:" + server.port());
            assertThat(server.failures()).isEmpty();
        }
    }

    @Test
    void aHostThatAnswers421IsSkippedForTheNextPreference() throws Exception {
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        try (ScriptedServer server = new ScriptedServer(c -> {
            if (seen.getAndIncrement() == 0) {
                c.reply("421 4.3.2 busy, try another host");
                return;
            }
            acceptOne(c);
        })) {
            TransactionResult t = SmtpClient.create(config(server.port()), resolver).sendToDomain("multi.test",
                    Envelope.of("a@client.test", "x@multi.test"), MessageSource.of("hello\r\n"));
            TransactionTest.assertResult(t.recipients().get(0), RecipientStatus.ACCEPTED, 250, "2.0.0");
            // mx-a (10) refused, mx-b (20) has no address, mx-c (30) took it
            assertThat(t.server()).isEqualTo("mx-c.test:" + server.port());
            assertThat(server.connections).isEqualTo(2);
        }
    }

    @Test
    void implicitMxDelivery() throws Exception {
        try (ScriptedServer server = new ScriptedServer(MxTest::acceptOne)) {
            TransactionResult t = SmtpClient.create(config(server.port()), resolver).sendToDomain("plain.test",
                    Envelope.of("a@client.test", "x@plain.test"), MessageSource.of("hello\r\n"));
            assertThat(t.outcome()).isEqualTo(Outcome.ALL_ACCEPTED);
            assertThat(t.server()).isEqualTo("plain.test:" + server.port());
        }
    }

    private static ClientConfig config(int mxPort) {
        return ClientConfig.builder().heloName("client.test").tlsMode(TlsMode.OFF).mxPort(mxPort)
                .timeouts(Timeouts.uniform(Duration.ofSeconds(5))).build();
    }

    private static void acceptOne(ScriptedServer.Conversation c) throws java.io.IOException {
        c.greetAndEhlo("PIPELINING", "ENHANCEDSTATUSCODES");
        c.expect("MAIL");
        c.expect("RCPT");
        c.expect("DATA");
        c.reply("250 2.1.0 ok", "250 2.1.5 ok", "354 go");
        c.data();
        c.reply("250 2.0.0 queued");
        c.quit();
    }
}
