package dev.tern.client;

import java.net.InetAddress;
import java.util.List;

/**
 * One host to deliver to, from an MX record or the implicit MX (RFC 5321 §5.1).
 *
 * @param name                the host name (without the trailing dot)
 * @param preference          the MX preference; lower is tried first
 * @param addresses           its IPv4 then IPv6 addresses; empty when the lookup found none
 * @param addressLookupFailed whether the A/AAAA lookup failed for now (timeout, SERVFAIL) and found
 *                            nothing, as opposed to the name having no address records: a caller
 *                            can then defer instead of giving up on the host for good
 */
public record MxHost(String name, int preference, List<InetAddress> addresses, boolean addressLookupFailed) {
    public MxHost {
        addresses = List.copyOf(addresses);
    }

    /** A host whose address lookup answered (possibly with no addresses). */
    public MxHost(String name, int preference, List<InetAddress> addresses) {
        this(name, preference, addresses, false);
    }
}
