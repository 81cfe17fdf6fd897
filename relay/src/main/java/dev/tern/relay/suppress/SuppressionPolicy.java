package dev.tern.relay.suppress;

import dev.tern.protocol.reply.EnhancedCode;
import dev.tern.protocol.reply.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a permanent failure puts the address on the suppression list, and for how long
 * (spec §3). Address-level failures (unknown user, bad domain, null MX, mailbox disabled, moved)
 * suppress for good; a full mailbox or a policy block only until {@code temporaryExpiry} has
 * passed, since both usually clear; anything else about the message itself (too big, content)
 * does not suppress the address at all.
 */
public final class SuppressionPolicy {

    private final Duration temporaryExpiry;

    public SuppressionPolicy(Duration temporaryExpiry) {
        this.temporaryExpiry = temporaryExpiry;
    }

    public static SuppressionPolicy defaults() {
        return new SuppressionPolicy(Duration.ofDays(7));
    }

    public Duration temporaryExpiry() {
        return temporaryExpiry;
    }

    /** The entry to add after a permanent failure with this reply, or empty. */
    public Optional<Suppression> decide(String address, Reply reply, Instant now) {
        if (reply == null || !reply.isPermanent()) {
            return Optional.empty();
        }
        String text = reply.text().toLowerCase(Locale.ROOT);
        EnhancedCode e = reply.enhanced();
        String reason = null;
        boolean permanent = true;
        if (e != null) {
            int s = e.subject();
            int d = e.detail();
            if (s == 1 && d == 1) {
                reason = "unknown user";
            } else if (s == 1 && d == 2) {
                reason = "domain does not exist";
            } else if (s == 1 && d == 3) {
                reason = "bad address syntax";
            } else if (s == 1 && d == 6) {
                reason = "recipient moved";
            } else if (s == 1 && d == 10) {
                reason = "domain accepts no mail (null MX)";
            } else if (s == 2 && d == 1) {
                reason = "mailbox disabled";
            } else if (s == 2 && d == 2) {
                reason = "mailbox full";
                permanent = false;
            } else if (s == 7) {
                reason = "blocked by policy";
                permanent = false;
            }
        } else if (text.contains("unknown") || text.contains("no such") || text.contains("does not exist")
                || text.contains("not found")) {
            reason = "unknown user";
        } else if (text.contains("quota") || text.contains("full")) {
            reason = "mailbox full";
            permanent = false;
        }
        if (reason == null) {
            return Optional.empty();
        }
        return Optional.of(new Suppression(address, now, permanent ? null : now.plus(temporaryExpiry), reason, reply.toString()));
    }
}
