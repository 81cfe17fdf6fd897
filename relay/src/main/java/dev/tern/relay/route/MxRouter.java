package dev.tern.relay.route;

import dev.tern.client.MxHost;
import dev.tern.client.MxResolver;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Resolver;

/**
 * Routing by DNS (RFC 5321 §5.1), as a thin adapter over the client's {@link MxResolver}: MX hosts
 * in preference order, randomised among equal preferences, each with its A and AAAA addresses; no
 * MX at all means the domain itself is the mail host (implicit MX). What this class adds is the
 * relay's view: hops on the relay's port, the cut of the MX list at this host's own preference
 * (RFC 5321 §5.1), and the reply each failure gets:
 *
 * <ul>
 * <li>a null MX (RFC 7505) fails at once with 556 5.1.10 ({@link Replies#CLIENT_NULL_MX}); a "."
 * next to other MX records is skipped and the others are used, as {@link MxResolver} documents;</li>
 * <li>a domain that does not exist fails with 550 5.1.2 ({@link Replies#CLIENT_NO_SUCH_DOMAIN}),
 * one with neither MX nor address records likewise ({@link Replies#CLIENT_NO_MAIL_HOST});</li>
 * <li>a DNS server that does not answer defers with 451 4.4.3 ({@link Replies#CLIENT_DNS_FAILURE}),
 * as do MX hosts whose address lookups all failed for now;</li>
 * <li>MX hosts that have no address at all defer with 451 4.4.4 ({@link Replies#CLIENT_NO_ROUTE});</li>
 * <li>an MX list on which no host is preferred over this one defers with 451 4.4.6
 * ({@link Replies#CLIENT_MX_LOOP}).</li>
 * </ul>
 */
public final class MxRouter implements Router {

    private final MxResolver resolver;
    private final int port;
    private Set<String> localNames = Set.of();

    /** Uses the system's resolvers. */
    public MxRouter(int port) {
        this(Lookup.getDefaultResolver(), port, new Random());
    }

    /** Asks {@code resolver}; equal MX preferences are shuffled with {@code random} (seed it in tests). */
    public MxRouter(Resolver resolver, int port, Random random) {
        this(new MxResolver(resolver, random), port);
    }

    public MxRouter(MxResolver resolver, int port) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.port = port;
    }

    /**
     * This host's own names. RFC 5321 §5.1: an MX list naming this host is cut to the hosts
     * preferred over it; if none is, the mail would loop back here and is deferred (4.4.6).
     */
    public MxRouter withLocalNames(Set<String> names) {
        Set<String> n = new HashSet<>();
        for (String name : names) {
            n.add(canonical(name));
        }
        this.localNames = Set.copyOf(n);
        return this;
    }

    private static String canonical(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** A resolver that asks one DNS server (for tests and for operators who name one). */
    public static Resolver resolverAt(InetSocketAddress server, Duration timeout) {
        return MxResolver.resolverAt(server, timeout);
    }

    @Override
    public Route route(String domain) {
        dev.tern.client.Route found = resolver.resolve(domain);
        return switch (found.kind()) {
            case MX -> fromMx(domain, found.hosts());
            case IMPLICIT -> hops(domain, found.hosts());
            case NULL_MX -> new Route.Unroutable(Replies.CLIENT_NULL_MX.format(domain));
            case NO_SUCH_DOMAIN -> new Route.Unroutable(Replies.CLIENT_NO_SUCH_DOMAIN.format(domain));
            case NO_MAIL_HOST -> new Route.Unroutable(Replies.CLIENT_NO_MAIL_HOST.format(domain));
            case TEMPORARY_FAILURE -> new Route.Unroutable(Replies.CLIENT_DNS_FAILURE.format(domain, found.detail()));
        };
    }

    /**
     * RFC 5321 §5.1: when this host is on the MX list, only hosts preferred over it may take the
     * mail; when none is, the mail would come straight back here. The hosts come best first, so
     * the first local name met is this host's best preference.
     */
    private Route fromMx(String domain, List<MxHost> hosts) {
        for (MxHost self : hosts) {
            if (localNames.contains(canonical(self.name()))) {
                List<MxHost> better = hosts.stream().filter(h -> h.preference() < self.preference()).toList();
                if (better.isEmpty()) {
                    return new Route.Unroutable(Replies.CLIENT_MX_LOOP.format(domain, canonical(self.name())));
                }
                return hops(domain, better);
            }
        }
        return hops(domain, hosts);
    }

    private Route hops(String domain, List<MxHost> hosts) {
        List<Hop> hops = new ArrayList<>();
        boolean lookupFailed = false;
        for (MxHost h : hosts) {
            lookupFailed |= h.addressLookupFailed();
            for (InetAddress a : h.addresses()) {
                hops.add(new Hop(h.name(), a, port, Hop.TlsPolicy.OPPORTUNISTIC, null));
            }
        }
        if (hops.isEmpty()) {
            Reply reply = lookupFailed ? Replies.CLIENT_DNS_FAILURE.format(domain, "no address for any MX host")
                    : Replies.CLIENT_NO_ROUTE.format(domain, "no MX host has an address");
            return new Route.Unroutable(reply);
        }
        return new Route.Hops(hops);
    }
}
