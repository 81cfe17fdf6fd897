package dev.tern.relay.queue;

/** Where one recipient of a queued message stands. */
public enum RecipientStatus {
    /** Not tried yet. */
    PENDING,
    /** Tried, got a transient failure (4xx, no connection, timeout); will be tried again. */
    DEFERRED,
    /** A server accepted it (2xx after the data), or local delivery stored it. Final. */
    DELIVERED,
    /** Permanent failure (5xx, null MX, suppressed, expired). Final. */
    FAILED;

    public boolean isFinal() {
        return this == DELIVERED || this == FAILED;
    }
}
