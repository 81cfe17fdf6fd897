package dev.tern.protocol.params;

/** The RET= value of MAIL: what a DSN returns of the message (RFC 3461 §4.3). */
public enum Ret {
    /** The whole message. */
    FULL,
    /** Only the headers. */
    HDRS
}
