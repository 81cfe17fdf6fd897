package dev.tern.knowledge;

import java.util.Locale;

/** Whether a failure is worth retrying (spec §3). */
public enum BounceType {
    /** Transient: keep the message, retry later. */
    SOFT,
    /** Permanent: return the message to its sender; do not retry as is. */
    HARD,
    /** Not a failure at all (a positive reply, an auto-reply). */
    NONE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
