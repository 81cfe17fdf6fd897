package dev.tern.protocol.params;

/** One value of NOTIFY= on RCPT (RFC 3461 §4.1): NEVER alone, or any of the other three. */
public enum Notify {
    NEVER, SUCCESS, FAILURE, DELAY
}
