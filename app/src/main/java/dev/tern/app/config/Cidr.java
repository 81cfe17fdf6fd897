package dev.tern.app.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address block such as {@code 203.0.113.0/24} or {@code 2001:db8::/32}; a bare address is a /32 or /128. */
public record Cidr(InetAddress network, int prefixLength) {

    /** Reads a block; the host bits must be zero. Throws IllegalArgumentException saying what is wrong. */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        if (addr.isEmpty() || !addr.matches("[0-9A-Fa-f:.]+")) {
            // only literal addresses: a host name here would mean a DNS lookup at start
            throw new IllegalArgumentException("not an IP address: " + addr);
        }
        InetAddress ip;
        try {
            ip = InetAddress.getByName(addr);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + addr);
        }
        int max = ip.getAddress().length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("bad prefix length: /" + p);
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                throw new IllegalArgumentException("prefix length /" + prefix + " is longer than " + max + " bits");
            }
        }
        byte[] b = ip.getAddress();
        for (int bit = prefix; bit < max; bit++) {
            if ((b[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                throw new IllegalArgumentException("host bits set in " + s + " (did you mean " + masked(b, prefix) + "/" + prefix + "?)");
            }
        }
        return new Cidr(ip, prefix);
    }

    private static String masked(byte[] b, int prefix) {
        byte[] m = b.clone();
        for (int bit = prefix; bit < m.length * 8; bit++) {
            m[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(m).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code address} is inside the block (IPv4 and IPv6 never match each other). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        for (int bit = 0; bit < prefixLength; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((a[bit / 8] & mask) != (n[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
