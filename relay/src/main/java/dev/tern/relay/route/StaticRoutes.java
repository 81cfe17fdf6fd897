package dev.tern.relay.route;

import dev.tern.protocol.reply.Replies;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Routes from the configuration: domain → host:port, with TLS and AUTH for a smart host. A route
 * for {@code *} sends everything not otherwise routed there (a smart host). Domains without a route
 * go to the fallback router (normally {@link MxRouter}).
 */
public final class StaticRoutes implements Router {

    /** One configured route; {@code host} may be a name or an IP address. */
    public record Entry(String host, int port, Hop.TlsPolicy tls, Hop.Credentials auth) {
    }

    private final Map<String, Entry> routes = new LinkedHashMap<>();
    private final Router fallback;

    public StaticRoutes(Map<String, Entry> routes, Router fallback) {
        routes.forEach((d, e) -> this.routes.put(d.toLowerCase(Locale.ROOT), e));
        this.fallback = fallback;
    }

    @Override
    public Route route(String domain) {
        Entry e = routes.get(domain.toLowerCase(Locale.ROOT));
        if (e == null) {
            e = routes.get("*");
        }
        if (e == null) {
            return fallback == null ? new Route.Unroutable(Replies.CLIENT_NO_ROUTE.format(domain, "no route configured"))
                    : fallback.route(domain);
        }
        try {
            InetAddress[] all = InetAddress.getAllByName(e.host());
            Entry en = e;
            return new Route.Hops(List.of(all).stream().map(a -> new Hop(en.host(), a, en.port(), en.tls(), en.auth())).toList());
        } catch (UnknownHostException ex) {
            return new Route.Unroutable(Replies.CLIENT_DNS_FAILURE.format(e.host(), "no address"));
        }
    }
}
