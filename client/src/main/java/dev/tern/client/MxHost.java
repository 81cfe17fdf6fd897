package dev.tern.client;

import java.net.InetAddress;
import java.util.List;

/**
 * One host to deliver to, from an MX record or the implicit MX (RFC 5321 §5.1).
 *
 * @param name       the host name (without the trailing dot)
 * @param preference the MX preference; lower is tried first
 * @param addresses  its IPv4 then IPv6 addresses; empty when the lookup found none
 */
public record MxHost(String name, int preference, List<InetAddress> addresses) {
    public MxHost {
        addresses = List.copyOf(addresses);
    }
}
