package dev.tern.knowledge;

import java.util.Locale;

/** What kind of automatic message an email is, as far as bounce handling cares. */
public enum MessageKind {
    /** A non-delivery report: at least one recipient failed for good or the report says so. */
    BOUNCE,
    /** A delay warning: the message is still queued and will be retried (RFC 3464 Action: delayed). */
    DELAY,
    /** A positive delivery report (Action: delivered, relayed or expanded). */
    DELIVERY_REPORT,
    /** An auto-reply such as an out-of-office notice (RFC 3834): the message was delivered. */
    AUTO_REPLY,
    /** A read receipt (message disposition notification, RFC 8098). */
    READ_RECEIPT,
    /** An abuse or spam complaint (ARF feedback report, RFC 5965). */
    COMPLAINT,
    /** An ordinary message, or nothing Tern recognises as a report. */
    NOT_A_BOUNCE;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether recipients in this report failed (bounce) or are delayed: what a relay must act on. */
    public boolean isFailure() {
        return this == BOUNCE || this == DELAY;
    }
}
