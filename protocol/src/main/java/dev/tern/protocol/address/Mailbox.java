package dev.tern.protocol.address;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

/**
 * A mailbox, {@code local-part@domain} (RFC 5321 §4.1.2).
 *
 * <p>{@link #localPart()} is the local part's content with the client's spelling kept (case,
 * characters); only the quoting syntax is removed: {@code "a\"b"@x} has the local part
 * {@code a"b}, and {@code "user@other"@local} has {@code user@other}. The local part is case
 * sensitive (RFC 5321 §2.4), so equality compares it exactly. {@link #domain()} is the domain as
 * given, an address literal with its brackets; equality and {@link #domainKey()} compare domains
 * case-insensitively and U-labels by their A-label form.
 *
 * <p>The constructor checks the domain against the grammar and that the local part holds only
 * characters a quoted string can carry, so {@link #toString()} is always a valid, injection-free
 * mailbox for the wire. Use {@link PathParser} to read addresses from the wire.
 */
public record Mailbox(String localPart, String domain) {

    public Mailbox {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(domain, "domain");
        int bad = localPart.codePoints().filter(c -> !AddressGrammar.isLocalPartChar(c)).findFirst().orElse(-1);
        if (bad >= 0) {
            throw new IllegalArgumentException("character U+" + Integer.toHexString(bad) + " not allowed in a local part");
        }
        String why = domain.startsWith("[") ? AddressGrammar.checkAddressLiteral(domain) : AddressGrammar.checkDomain(domain);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
    }

    /** The domain in lower-case ASCII (A-labels for U-labels), for case-insensitive comparison. */
    public String domainKey() {
        return AddressGrammar.domainKey(domain);
    }

    /** Whether the domain is an address literal such as {@code [192.0.2.1]} or {@code [IPv6:::1]}. */
    public boolean isAddressLiteral() {
        return domain.startsWith("[");
    }

    /**
     * The address of an IPv4 or IPv6 address literal, empty for a domain name or a general
     * address literal. No DNS is involved. An IPv4-mapped IPv6 literal ({@code [IPv6:::ffff:192.0.2.1]})
     * comes back as an {@link Inet4Address}, as {@link InetAddress#getByAddress(byte[])} does.
     */
    public Optional<InetAddress> literalAddress() {
        byte[] ip = isAddressLiteral() ? AddressGrammar.ipLiteralBytes(domain) : null;
        if (ip == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(ip));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 octets expected", e);
        }
    }

    /** Whether the local part must be written as a quoted string. */
    public boolean needsQuoting() {
        return !AddressGrammar.isDotString(localPart);
    }

    /** The local part as written on the wire: a Dot-string, or a Quoted-string when it must be. */
    public String quotedLocalPart() {
        return AddressGrammar.quoteLocalPart(localPart);
    }

    /** Whether the mailbox has non-ASCII characters and so needs SMTPUTF8 (RFC 6531). */
    public boolean needsSmtputf8() {
        return !AddressGrammar.isAscii(localPart) || !AddressGrammar.isAscii(domain);
    }

    /** Case-sensitive local part, case-insensitive domain. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Mailbox m && localPart.equals(m.localPart) && domainKey().equals(m.domainKey());
    }

    @Override
    public int hashCode() {
        return localPart.hashCode() * 31 + domainKey().hashCode();
    }

    /** {@code local@domain}, the local part quoted when it is not a Dot-string. */
    @Override
    public String toString() {
        return quotedLocalPart() + "@" + domain;
    }
}
