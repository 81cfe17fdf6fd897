package dev.tern.relay.suppress;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of the suppression list.
 *
 * @param address the address as written, compared without regard to case
 * @param since   when it was suppressed
 * @param expires when the entry lapses, or null for never (address-level hard bounces)
 * @param reason  why, in a few words ("unknown user", "mailbox full", "added by operator")
 * @param reply   the reply that caused it, {@code 550 5.1.1 ...}, or empty
 */
public record Suppression(String address, Instant since, Instant expires, String reason, String reply) {

    public Suppression {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(since, "since");
        reason = reason == null ? "" : reason;
        reply = reply == null ? "" : reply;
        for (String s : new String[] {address, reason, reply}) {
            if (s.chars().anyMatch(c -> c < 32 || c == 127)) {
                throw new IllegalArgumentException("control character in suppression entry");
            }
        }
    }

    /** The lookup key: the address in lower case. */
    public static String key(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    public boolean isActive(Instant now) {
        return expires == null || now.isBefore(expires);
    }
}
