package dev.tern.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
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
 * Finds the hosts that take mail for a domain (RFC 5321 §5.1) with dnsjava. This is the one MX
 * lookup of Tern: the client sends with it and the relay's router adapts its {@link Route}.
 *
 * <ul>
 * <li>MX records in preference order; equal preferences in random order (RFC 5321 §5.1), from the
 * {@link Random} given, so a seeded one makes the order repeatable. A host named twice keeps its
 * best preference.</li>
 * <li>Each host's A then AAAA addresses; a host whose address lookup failed for now is kept with no
 * addresses and {@link MxHost#addressLookupFailed()} set.</li>
 * <li>No MX records: the domain's own address records are the implicit MX (RFC 5321 §5.1);
 * without them the domain has no mail host ({@link Route.Kind#NO_MAIL_HOST}).</li>
 * <li>A null MX (RFC 7505): a lone MX whose target is the root ({@code MX 0 .}) means the domain
 * accepts no mail ({@link Route.Kind#NULL_MX}). RFC 7505 §3 forbids publishing a null MX next to
 * other MX records; when a domain does so anyway, the "." entry is skipped (no one can deliver to
 * the root) and the other hosts are used, so a misconfigured domain still gets its mail.</li>
 * <li>NXDOMAIN is {@link Route.Kind#NO_SUCH_DOMAIN}; a timeout or server failure is
 * {@link Route.Kind#TEMPORARY_FAILURE}.</li>
 * </ul>
 */
public final class MxResolver {

    private final Resolver resolver;
    private final Random random;
    private final Cache cache = new Cache(DClass.IN);

    /** Uses the given dnsjava resolver (for tests: a {@link SimpleResolver} on a loopback port). */
    public MxResolver(Resolver resolver) {
        this(resolver, null);
    }

    /**
     * Uses the given dnsjava resolver and shuffles equal preferences with {@code random} (seed it
     * in tests); null means a fresh random order every time.
     */
    public MxResolver(Resolver resolver, Random random) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.random = random;
    }

    /** The system's resolvers, as dnsjava reads them (/etc/resolv.conf). */
    public static MxResolver system() {
        return new MxResolver(Lookup.getDefaultResolver());
    }

    /** A resolver that asks one DNS server, e.g. {@code 127.0.0.1} and a test port. */
    public static MxResolver server(InetAddress address, int port, Duration timeout) {
        return new MxResolver(resolverAt(new InetSocketAddress(address, port), timeout));
    }

    /** A dnsjava resolver that asks one DNS server, with the given timeout per query. */
    public static Resolver resolverAt(InetSocketAddress server, Duration timeout) {
        SimpleResolver r = new SimpleResolver(server);
        r.setTimeout(timeout);
        return r;
    }

    public Route resolve(String domain) {
        String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        Name name;
        try {
            name = Name.fromString(d, Name.root);
        } catch (TextParseException e) {
            return new Route(d, Route.Kind.NO_SUCH_DOMAIN, List.of(), "not a domain name: " + e.getMessage());
        }
        Lookup mx = lookup(name, Type.MX);
        Record[] records = mx.run();
        switch (mx.getResult()) {
            case Lookup.SUCCESSFUL -> {
                return fromMx(d, records);
            }
            case Lookup.HOST_NOT_FOUND -> {
                return new Route(d, Route.Kind.NO_SUCH_DOMAIN, List.of(), "NXDOMAIN");
            }
            case Lookup.TYPE_NOT_FOUND -> {
                // no MX records: the domain is its own mail host (RFC 5321 §5.1)
                MxHost self = host(d, 0, name);
                if (self.addressLookupFailed()) {
                    return new Route(d, Route.Kind.TEMPORARY_FAILURE, List.of(), "address lookup for " + d + " failed for now");
                }
                if (self.addresses().isEmpty()) {
                    return new Route(d, Route.Kind.NO_MAIL_HOST, List.of(), "neither MX nor address records");
                }
                return new Route(d, Route.Kind.IMPLICIT, List.of(self), "no MX; using the address records");
            }
            default -> {
                // TRY_AGAIN (timeout, SERVFAIL) and UNRECOVERABLE (other server errors)
                return new Route(d, Route.Kind.TEMPORARY_FAILURE, List.of(), "MX lookup: " + mx.getErrorString());
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
        // RFC 7505 §3: a lone MX whose target is the root says the domain accepts no mail
        if (mxs.size() == 1 && mxs.get(0).getTarget().equals(Name.root)) {
            return new Route(domain, Route.Kind.NULL_MX, List.of(), "null MX (RFC 7505)");
        }
        // a "." next to real hosts breaks RFC 7505 §3; it names no host, so it is skipped
        TreeMap<Integer, List<MXRecord>> byPreference = new TreeMap<>();
        for (MXRecord m : mxs) {
            if (!m.getTarget().equals(Name.root)) {
                byPreference.computeIfAbsent(m.getPriority(), k -> new ArrayList<>()).add(m);
            }
        }
        Random order = random != null ? random : ThreadLocalRandom.current();
        Map<String, MxHost> hosts = new LinkedHashMap<>();
        for (List<MXRecord> equal : byPreference.values()) {
            // sorted first so that a seeded Random gives the same order whatever order DNS answered in
            equal.sort(Comparator.comparing(m -> m.getTarget().toString()));
            Collections.shuffle(equal, order);
            for (MXRecord m : equal) {
                String host = m.getTarget().toString(true);
                if (!hosts.containsKey(host)) {
                    hosts.put(host, host(host, m.getPriority(), m.getTarget()));
                }
            }
        }
        return new Route(domain, Route.Kind.MX, new ArrayList<>(hosts.values()), mxs.size() + " MX record(s)");
    }

    /** A host with its A then AAAA records. */
    private MxHost host(String host, int preference, Name name) {
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
        // one family answering is enough to try the host
        return new MxHost(host, preference, out, out.isEmpty() && failed);
    }

    private Lookup lookup(Name name, int type) {
        Lookup l = new Lookup(name, type, DClass.IN);
        l.setResolver(resolver);
        l.setCache(cache);
        return l;
    }
}
