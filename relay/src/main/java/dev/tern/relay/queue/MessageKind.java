package dev.tern.relay.queue;

/**
 * Why a message is in the queue; decides where a failure report goes (RFC 3461 §6.2, RFC 5321
 * §4.5.5: a report is never sent to the null reverse path).
 */
public enum MessageKind {
    /** Mail from a user: failures are reported to its reverse path. */
    MESSAGE,
    /** A delivery status notification Tern wrote (null reverse path): if it fails, the postmaster is told once. */
    BOUNCE,
    /** The postmaster's copy of a failed bounce: if it fails too, it is logged and dropped. */
    DOUBLE_BOUNCE
}
