package dev.tern.relay.route;

import dev.tern.protocol.reply.Replies;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Routing by DNS (RFC 5321 §5.1): MX records in preference order, randomised among equal
 * preferences; each MX host's A and AAAA addresses; no MX at all means the domain itself is the
 * mail host (implicit MX); a null MX ({@code 0 .}, RFC 7505) means the domain takes no mail, which
 * fails at once with 556 5.1.10. A domain that does not exist fails with 550 5.1.2; a DNS server
 * that does not answer defers with 451 4.4.3.
 */
public final class MxRouter implements Router {

    private final Resolver resolver;
    private final int port;
    private final Random random;
    private final Cache cache = new Cache(DClass.IN);
    private java.util.Set<String> localNames = java.util.Set.of();

    /** Uses the system's resolvers. */
    public MxRouter(int port) {
        this(Lookup.getDefaultResolver(), port, new Random());
    }

    public MxRouter(Resolver resolver, int port, Random random) {
        this.resolver = resolver;
        this.port = port;
        this.random = random;
    }

    /**
     * This host's own names. RFC 5321 §5.1: an MX list naming this host is cut to the hosts
     * preferred over it; if none is, the mail would loop back here and is deferred (4.4.6).
     */
    public MxRouter withLocalNames(java.util.Set<String> names) {
        java.util.Set<String> n = new java.util.HashSet<>();
        for (String name : names) {
            n.add(canonical(name));
        }
        this.localNames = java.util.Set.copyOf(n);
        return this;
    }

    private static String canonical(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** A resolver that asks one DNS server (for tests and for operators who name one). */
    public static Resolver resolverAt(InetSocketAddress server, Duration timeout) {
        SimpleResolver r = new SimpleResolver(server);
        r.setTimeout(timeout);
        return r;
    }

    @Override
    public Route route(String domain) {
        Name name;
        try {
            name = Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            return new Route.Unroutable(Replies.CLIENT_NO_SUCH_DOMAIN.format(domain));
        }
        Lookup mx = lookup(name, Type.MX);
        Record[] records = mx.run();
        switch (mx.getResult()) {
            case Lookup.SUCCESSFUL -> {
                return fromMx(domain, records);
            }
            case Lookup.HOST_NOT_FOUND -> {
                return new Route.Unroutable(Replies.CLIENT_NO_SUCH_DOMAIN.format(domain));
            }
            case Lookup.TYPE_NOT_FOUND -> {
                // RFC 5321 §5.1: no MX, so the domain's own address records are the implicit MX
                List<InetAddress> addrs = addresses(name);
                if (addrs == null) {
                    return new Route.Unroutable(Replies.CLIENT_DNS_FAILURE.format(domain, mx.getErrorString()));
                }
                if (addrs.isEmpty()) {
                    return new Route.Unroutable(Replies.CLIENT_NO_MAIL_HOST.format(domain));
                }
                return new Route.Hops(addrs.stream().map(a -> hop(domain, a)).toList());
            }
            default -> {
                return new Route.Unroutable(Replies.CLIENT_DNS_FAILURE.format(domain, mx.getErrorString()));
            }
        }
    }

    private Route fromMx(String domain, Record[] records) {
        List<MXRecord> mxs = new ArrayList<>();
        for (Record r : records) {
            if (r instanceof MXRecord m) {
                mxs.add(m);
            }
        }
        // RFC 7505 §3: a single MX with an empty target (".") says the domain accepts no mail
        if (mxs.size() == 1 && mxs.get(0).getTarget().equals(Name.root)) {
            return new Route.Unroutable(Replies.CLIENT_NULL_MX.format(domain));
        }
        TreeMap<Integer, List<MXRecord>> byPref = new TreeMap<>();
        int self = Integer.MAX_VALUE;
        String selfName = null;
        for (MXRecord m : mxs) {
            if (!m.getTarget().equals(Name.root)) {
                byPref.computeIfAbsent(m.getPriority(), k -> new ArrayList<>()).add(m);
                String target = canonical(m.getTarget().toString(true));
                if (localNames.contains(target) && m.getPriority() < self) {
                    self = m.getPriority();
                    selfName = target;
                }
            }
        }
        if (selfName != null) {
            // RFC 5321 §5.1: only hosts preferred over this one may take the mail from here
            byPref.tailMap(self, true).clear();
            if (byPref.isEmpty()) {
                return new Route.Unroutable(Replies.CLIENT_MX_LOOP.format(domain, selfName));
            }
        }
        List<Hop> hops = new ArrayList<>();
        boolean lookupFailed = false;
        for (List<MXRecord> equal : byPref.values()) {
            equal.sort(Comparator.comparing(m -> m.getTarget().toString()));
            Collections.shuffle(equal, random);
            for (MXRecord m : equal) {
                List<InetAddress> addrs = addresses(m.getTarget());
                if (addrs == null) {
                    lookupFailed = true;
                    continue;
                }
                String host = m.getTarget().toString(true);
                for (InetAddress a : addrs) {
                    hops.add(hop(host, a));
                }
            }
        }
        if (hops.isEmpty()) {
            return new Route.Unroutable(lookupFailed ? Replies.CLIENT_DNS_FAILURE.format(domain, "no address for any MX host")
                    : Replies.CLIENT_NO_ROUTE.format(domain, "no MX host has an address"));
        }
        return new Route.Hops(hops);
    }

    private Hop hop(String host, InetAddress a) {
        return new Hop(host, a, port, Hop.TlsPolicy.OPPORTUNISTIC, null);
    }

    /** A and AAAA addresses (IPv4 first); empty when the name has none; null when DNS failed. */
    private List<InetAddress> addresses(Name name) {
        List<InetAddress> out = new ArrayList<>();
        boolean failed = false;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            Lookup l = lookup(name, type);
            Record[] rs = l.run();
            int result = l.getResult();
            if (result == Lookup.SUCCESSFUL) {
                for (Record r : rs) {
                    if (r instanceof ARecord a) {
                        out.add(a.getAddress());
                    } else if (r instanceof AAAARecord a) {
                        out.add(a.getAddress());
                    }
                }
            } else if (result == Lookup.TRY_AGAIN || result == Lookup.UNRECOVERABLE) {
                failed = true;
            }
        }
        return out.isEmpty() && failed ? null : out;
    }

    private Lookup lookup(Name name, int type) {
        Lookup l = new Lookup(name, type);
        l.setResolver(resolver);
        l.setCache(cache);
        return l;
    }
}
