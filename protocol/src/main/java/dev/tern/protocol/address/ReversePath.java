package dev.tern.protocol.address;

import java.util.Objects;
import java.util.Optional;

/**
 * The argument of MAIL FROM: a mailbox, or the null path {@code <>} used by bounces
 * (RFC 5321 §4.5.5).
 */
public final class ReversePath {

    private static final ReversePath NULL = new ReversePath(null);

    private final Mailbox mailbox;

    private ReversePath(Mailbox mailbox) {
        this.mailbox = mailbox;
    }

    /** The null reverse-path {@code <>}. */
    public static ReversePath nullPath() {
        return NULL;
    }

    public static ReversePath of(Mailbox mailbox) {
        return new ReversePath(Objects.requireNonNull(mailbox, "mailbox"));
    }

    public boolean isNull() {
        return mailbox == null;
    }

    /** The mailbox, empty for the null path. */
    public Optional<Mailbox> mailbox() {
        return Optional.ofNullable(mailbox);
    }

    /** The address without brackets: {@code local@domain}, or {@code ""} for the null path. */
    public String address() {
        return mailbox == null ? "" : mailbox.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReversePath p && Objects.equals(mailbox, p.mailbox);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(mailbox);
    }

    /** The path as written on the wire: {@code <local@domain>} or {@code <>}. */
    @Override
    public String toString() {
        return "<" + address() + ">";
    }
}
