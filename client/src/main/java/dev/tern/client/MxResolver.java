package dev.tern.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * Finds the hosts that take mail for a domain (RFC 5321 §5.1) with dnsjava: MX records by
 * preference (equal preferences in random order), the domain's own A/AAAA records when it has no
 * MX (implicit MX), and RFC 7505 null MX ({@code MX 0 .}) as "accepts no mail".
 */
public final class MxResolver {

    private final Resolver resolver;
    private final Cache cache = new Cache(DClass.IN);

    /** Uses the given dnsjava resolver (for tests: a {@link SimpleResolver} on a loopback port). */
    public MxResolver(Resolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** The system's resolvers, as dnsjava reads them (/etc/resolv.conf). */
    public static MxResolver system() {
        return new MxResolver(Lookup.getDefaultResolver());
    }

    /** A resolver that asks one DNS server, e.g. {@code 127.0.0.1} and a test port. */
    public static MxResolver server(InetAddress address, int port, Duration timeout) {
        SimpleResolver r = new SimpleResolver(new java.net.InetSocketAddress(address, port));
        r.setTimeout(timeout);
        return new MxResolver(r);
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
            case Lookup.TRY_AGAIN, Lookup.UNRECOVERABLE -> {
                return new Route(d, Route.Kind.TEMPORARY_FAILURE, List.of(), "MX lookup: " + mx.getErrorString());
            }
            case Lookup.HOST_NOT_FOUND -> {
                return new Route(d, Route.Kind.NO_SUCH_DOMAIN, List.of(), "NXDOMAIN");
            }
            default -> {
                // no MX records: the domain is its own mail host (RFC 5321 §5.1)
                List<InetAddress> addresses;
                try {
                    addresses = addresses(name);
                } catch (UnknownHostException e) {
                    return new Route(d, Route.Kind.TEMPORARY_FAILURE, List.of(), e.getMessage());
                }
                if (addresses.isEmpty()) {
                    return new Route(d, Route.Kind.NO_SUCH_DOMAIN, List.of(), "neither MX nor address records");
                }
                return new Route(d, Route.Kind.IMPLICIT, List.of(new MxHost(d, 0, addresses)), "no MX; using the address records");
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
        // RFC 7505 §3: a single MX with the root as target means no mail at all
        if (mxs.stream().anyMatch(m -> m.getTarget().equals(Name.root))) {
            return new Route(domain, Route.Kind.NULL_MX, List.of(), "null MX (RFC 7505)");
        }
        Collections.shuffle(mxs, ThreadLocalRandom.current());
        mxs.sort(Comparator.comparingInt(MXRecord::getPriority));
        Map<String, MxHost> hosts = new LinkedHashMap<>();
        for (MXRecord m : mxs) {
            String host = m.getTarget().toString(true);
            if (hosts.containsKey(host)) {
                continue;
            }
            List<InetAddress> addresses;
            try {
                addresses = addresses(m.getTarget());
            } catch (UnknownHostException e) {
                addresses = List.of();
            }
            hosts.put(host, new MxHost(host, m.getPriority(), addresses));
        }
        return new Route(domain, Route.Kind.MX, new ArrayList<>(hosts.values()), mxs.size() + " MX record(s)");
    }

    /** A then AAAA records of a name. */
    private List<InetAddress> addresses(Name name) throws UnknownHostException {
        List<InetAddress> out = new ArrayList<>();
        boolean temporary = false;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            Lookup l = lookup(name, type);
            Record[] rs = l.run();
            if (l.getResult() == Lookup.TRY_AGAIN) {
                temporary = true;
            }
            if (rs != null) {
                for (Record r : rs) {
                    if (r instanceof ARecord a) {
                        out.add(a.getAddress());
                    } else if (r instanceof AAAARecord a) {
                        out.add(a.getAddress());
                    }
                }
            }
        }
        if (out.isEmpty() && temporary) {
            throw new UnknownHostException("address lookup for " + name + " failed for now");
        }
        return out;
    }

    private Lookup lookup(Name name, int type) {
        Lookup l = new Lookup(name, type, DClass.IN);
        l.setResolver(resolver);
        l.setCache(cache);
        return l;
    }
}
