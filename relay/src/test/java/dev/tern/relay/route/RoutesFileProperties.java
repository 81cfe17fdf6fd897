package dev.tern.relay.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** Whatever an operator writes, the routes file either reads or is refused with its line named. */
class RoutesFileProperties {

    @Property(tries = 500)
    void anyTextReadsOrIsRefusedWithItsLine(@ForAll @StringLength(max = 200)
            @Chars({'a', 'b', '.', ':', '[', ']', '=', '*', ' ', '\t', '\n', '#', '1', '9', '-', '_'}) String text) {
        try {
            Map<String, StaticRoutes.Entry> routes = RoutesFile.parse(text, "routes");
            routes.values().forEach(e -> assertThat(e.port()).isBetween(1, 65535));
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).matches("routes:\\d+: .*");
        }
    }

    @Property(tries = 200)
    void aWrittenRouteReadsBack(@ForAll @IntRange(min = 1, max = 65535) int port,
            @ForAll @StringLength(min = 1, max = 20) @Chars({'a', 'z', '0', '9'}) String label) {
        String domain = label + ".example";
        Map<String, StaticRoutes.Entry> r = RoutesFile.parse(domain + " mx." + domain + ":" + port + " tls=required\n", "routes");
        assertThat(r.get(domain)).isEqualTo(new StaticRoutes.Entry("mx." + domain, port, Hop.TlsPolicy.REQUIRED, null));
    }
}
