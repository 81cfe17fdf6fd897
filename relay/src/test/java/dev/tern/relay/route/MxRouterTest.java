package dev.tern.relay.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.reply.Reply;
import dev.tern.testkit.LoopbackDns;
import dev.tern.testkit.SilentDnsServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MX routing against a real DNS server on loopback. */
class MxRouterTest {

    @TempDir
    static Path dir;

    static LoopbackDns dns;

    @BeforeAll
    static void startDns() throws Exception {
        dns = LoopbackDns.start(dir, List.of(
                "--mx-host=mx.test,mail1.mx.test,10", "--mx-host=mx.test,mail2.mx.test,10",
                "--mx-host=mx.test,backup.mx.test,20",
                "--host-record=mail1.mx.test,127.0.0.1", "--host-record=mail2.mx.test,127.0.0.2",
                "--host-record=backup.mx.test,127.0.0.3,::1",
                "--host-record=nomx.test,127.0.0.4",
                "--mx-host=nullmx.test,.,0",
                "--mx-host=dangling.test,nowhere.dangling.test,10",
                "--mx-host=loop.test,relay.mx.test,10", "--host-record=relay.mx.test,127.0.0.9",
                "--mx-host=half.test,mail1.mx.test,5", "--mx-host=half.test,relay.mx.test,10",
                "--mx-host=half.test,backup.mx.test,20",
                "--mx-host=mixed.test,.,0", "--mx-host=mixed.test,mail1.mx.test,10",
                "--txt-record=bare.test,no mail here",
                silent.forwardZone("down.test"), "--mx-host=slow.test,mx.down.test,10"));
    }

    /** Answers nothing: names under down.test time out. */
    static final SilentDnsServer silent = SilentDnsServer.open();

    @AfterAll
    static void stopDns() throws Exception {
        silent.close();
        if (dns != null) {
            dns.close();
        }
    }

    MxRouter router(long seed) {
        return new MxRouter(MxRouter.resolverAt(dns.address(), Duration.ofSeconds(2)), 2525, new Random(seed));
    }

    @Test
    void mxHostsComeInPreferenceOrderWithAddressesAndThePort() throws Exception {
        Route r = router(1).route("mx.test");
        assertThat(r).isInstanceOf(Route.Hops.class);
        List<Hop> hops = ((Route.Hops) r).hops();
        assertThat(hops).extracting(Hop::port).containsOnly(2525);
        assertThat(hops.subList(0, 2)).extracting(Hop::host).containsExactlyInAnyOrder("mail1.mx.test", "mail2.mx.test");
        assertThat(hops.subList(2, 4)).extracting(Hop::host).containsOnly("backup.mx.test");
        assertThat(hops.subList(2, 4)).extracting(Hop::address)
                .containsExactly(InetAddress.getByName("127.0.0.3"), InetAddress.getByName("::1"));
        assertThat(hops.get(0).describe()).matches("mail[12]\\.mx\\.test\\[127\\.0\\.0\\.[12]\\]:2525");
    }

    @Test
    void equalPreferencesAreShuffled() {
        Set<String> firsts = new HashSet<>();
        MxRouter one = router(7);
        for (int i = 0; i < 40; i++) {
            firsts.add(((Route.Hops) one.route("mx.test")).hops().get(0).host());
        }
        assertThat(firsts).containsExactlyInAnyOrder("mail1.mx.test", "mail2.mx.test");
    }

    @Test
    void noMxFallsBackToTheDomainsOwnAddress() throws Exception {
        Route r = router(1).route("nomx.test");
        assertThat(((Route.Hops) r).hops()).extracting(Hop::host, Hop::address)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("nomx.test", InetAddress.getByName("127.0.0.4")));
    }

    @Test
    void nullMxFailsAtOnceWith556() {
        Reply reply = ((Route.Unroutable) router(1).route("nullmx.test")).reply();
        assertThat(reply.code()).isEqualTo(556);
        assertThat(reply.enhanced()).hasToString("5.1.10");
        assertThat(reply.text()).contains("nullmx.test");
    }

    @Test
    void aDomainThatDoesNotExistFailsWith550_5_1_2() {
        Reply reply = ((Route.Unroutable) router(1).route("absent.test")).reply();
        assertThat(reply.code()).isEqualTo(550);
        assertThat(reply.enhanced()).hasToString("5.1.2");
    }

    @Test
    void anMxWithoutAddressIsNotARoute() {
        Reply reply = ((Route.Unroutable) router(1).route("dangling.test")).reply();
        assertThat(reply.isTransient()).isTrue();
        assertThat(reply.enhanced()).hasToString("4.4.4");
    }

    @Test
    void aDnsServerThatDoesNotAnswerDefers() throws Exception {
        int deadPort;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        MxRouter r = new MxRouter(MxRouter.resolverAt(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), deadPort),
                Duration.ofMillis(300)), 25, new Random(1));
        Reply reply = ((Route.Unroutable) r.route("mx.test")).reply();
        assertThat(reply.code()).isEqualTo(451);
        assertThat(reply.enhanced()).hasToString("4.4.3");
    }

    @Test
    void anMxListNamingThisHostKeepsOnlyTheHostsPreferredOverIt() {
        MxRouter me = router(1).withLocalNames(Set.of("Relay.MX.test."));
        List<Hop> hops = ((Route.Hops) me.route("half.test")).hops();
        assertThat(hops).extracting(Hop::host).containsOnly("mail1.mx.test");
        Reply loop = ((Route.Unroutable) me.route("loop.test")).reply();
        assertThat(loop.code()).isEqualTo(451);
        assertThat(loop.enhanced()).hasToString("4.4.6");
        assertThat(loop.text()).contains("loop.test").contains("relay.mx.test");
        // another host with the same list uses all of it
        assertThat(((Route.Hops) router(1).route("loop.test")).hops()).extracting(Hop::host).containsExactly("relay.mx.test");
    }

    @Test
    void aNullMxNextToOtherMxRecordsIsSkipped() throws Exception {
        assertThat(((Route.Hops) router(1).route("mixed.test")).hops()).extracting(Hop::host, Hop::address)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("mail1.mx.test", InetAddress.getByName("127.0.0.1")));
    }

    @Test
    void aDomainWithNeitherMxNorAddressFailsWith550_5_1_2() {
        assertThat(router(1).route("bare.test")).isInstanceOfSatisfying(Route.Unroutable.class, u -> assertThat(u.reply())
                .hasToString("550 5.1.2 Domain bare.test has neither MX nor address records"));
    }

    @Test
    void mxHostsWhoseAddressLookupFailsForNowDefer() {
        MxRouter quick = new MxRouter(MxRouter.resolverAt(dns.address(), Duration.ofMillis(500)), 25, new Random(1));
        Reply reply = ((Route.Unroutable) quick.route("slow.test")).reply();
        assertThat(reply.code()).isEqualTo(451);
        assertThat(reply.enhanced()).hasToString("4.4.3");
    }
}
