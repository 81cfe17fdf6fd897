package dev.tern.protocol.address;

import java.util.Objects;
import java.util.Optional;

/**
 * The argument of RCPT TO: a mailbox, or the special {@code <Postmaster>} without a domain that
 * every server must accept (RFC 5321 §4.1.1.3, §4.5.1; case-insensitive). {@code
 * <postmaster@domain>} is an ordinary mailbox here; the server decides whether the domain is its own.
 */
public final class ForwardPath {

    private static final ForwardPath POSTMASTER = new ForwardPath(null);

    private final Mailbox mailbox;

    private ForwardPath(Mailbox mailbox) {
        this.mailbox = mailbox;
    }

    /** The domain-less {@code <Postmaster>}. */
    public static ForwardPath postmaster() {
        return POSTMASTER;
    }

    public static ForwardPath of(Mailbox mailbox) {
        return new ForwardPath(Objects.requireNonNull(mailbox, "mailbox"));
    }

    /** Whether this is the domain-less {@code <Postmaster>}. */
    public boolean isPostmaster() {
        return mailbox == null;
    }

    /** The mailbox, empty for the domain-less postmaster. */
    public Optional<Mailbox> mailbox() {
        return Optional.ofNullable(mailbox);
    }

    /** The address without brackets: {@code local@domain}, or {@code Postmaster}. */
    public String address() {
        return mailbox == null ? "Postmaster" : mailbox.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForwardPath p && Objects.equals(mailbox, p.mailbox);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(mailbox);
    }

    /** The path as written on the wire: {@code <local@domain>} or {@code <Postmaster>}. */
    @Override
    public String toString() {
        return "<" + address() + ">";
    }
}
