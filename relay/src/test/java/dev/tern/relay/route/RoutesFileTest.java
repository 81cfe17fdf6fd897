package dev.tern.relay.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.protocol.reply.Reply;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutesFileTest {

    @TempDir
    Path dir;

    static final Router MX = domain -> new Route.Unroutable(Reply.of(451, "4.4.3", "mx for " + domain));

    @Test
    void readsHopsPortsTlsAndCredentialsFromAPasswordFile() throws Exception {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "s3cret\n");
        Map<String, StaticRoutes.Entry> r = RoutesFile.parse("""
                # domain         next hop                  options
                example.net      127.0.0.1:2525
                Partner.Example  [::1]:26   tls=none
                plain.example    mail.plain.example        # port 25
                *                smtp.provider.example:587 tls=required auth=relayuser password-file=%s
                """.formatted(secret), "routes");
        assertThat(r).containsOnlyKeys("example.net", "partner.example", "plain.example", "*");
        assertThat(r.get("example.net")).isEqualTo(new StaticRoutes.Entry("127.0.0.1", 2525, Hop.TlsPolicy.OPPORTUNISTIC, null));
        assertThat(r.get("partner.example")).isEqualTo(new StaticRoutes.Entry("::1", 26, Hop.TlsPolicy.NONE, null));
        assertThat(r.get("plain.example").port()).isEqualTo(25);
        assertThat(r.get("*")).isEqualTo(new StaticRoutes.Entry("smtp.provider.example", 587, Hop.TlsPolicy.REQUIRED,
                new Hop.Credentials("relayuser", "s3cret")));
    }

    @Test
    void errorsNameTheLine() {
        assertThatThrownBy(() -> RoutesFile.parse("example.net\n", "routes")).hasMessage("routes:1: a route needs a domain and a next hop");
        assertThatThrownBy(() -> RoutesFile.parse("\nexample.net h:99999\n", "routes")).hasMessageStartingWith("routes:2: port out of range");
        assertThatThrownBy(() -> RoutesFile.parse("a.example h tls=maybe\n", "r")).hasMessageStartingWith("r:1: tls is opportunistic");
        assertThatThrownBy(() -> RoutesFile.parse("a.example h auth=u\n", "r")).hasMessage("r:1: auth needs both auth=USER and password-file=FILE");
        assertThatThrownBy(() -> RoutesFile.parse("a.example h\nA.example k\n", "r")).hasMessage("r:2: a second route for a.example");
        assertThatThrownBy(() -> RoutesFile.parse("a_b.example h\n", "r")).hasMessage("r:1: not a domain: a_b.example");
        assertThatThrownBy(() -> RoutesFile.parse("a.example h color=red\n", "r")).hasMessageContaining("unknown option color");
    }

    @Test
    void changesAreReadWhileRunningAndABrokenFileKeepsThePreviousRoutes() throws Exception {
        Path file = dir.resolve("routes");
        Files.writeString(file, "example.net 127.0.0.1:2525\n");
        RoutesFile routes = new RoutesFile(file, MX);
        assertThat(((Route.Hops) routes.route("example.net")).hops()).extracting(Hop::port).containsExactly(2525);
        assertThat(routes.route("other.example")).isInstanceOf(Route.Unroutable.class);

        Files.writeString(file, "example.net 127.0.0.1:2626\n* 127.0.0.1:2727\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(((Route.Hops) routes.route("example.net")).hops()).extracting(Hop::port).containsExactly(2626);
        List<Hop> smart = ((Route.Hops) routes.route("other.example")).hops();
        assertThat(smart).extracting(Hop::address).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(smart).extracting(Hop::port).containsExactly(2727);

        Files.writeString(file, "example.net\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(((Route.Hops) routes.route("example.net")).hops()).extracting(Hop::port).containsExactly(2626);

        Files.delete(file);
        assertThat(routes.route("example.net")).isInstanceOf(Route.Unroutable.class);
    }
}
