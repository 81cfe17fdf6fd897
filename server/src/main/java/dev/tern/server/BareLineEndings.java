package dev.tern.server;

/**
 * What the server does with a bare CR or bare LF (one not part of a CRLF pair) inside DATA.
 * Either way only {@code <CRLF>.<CRLF>} ends the message, so a bare line ending can never split
 * one message into two (SMTP smuggling, spec §4).
 */
public enum BareLineEndings {
    /**
     * The default: read the message to its end, then refuse it with {@code 554 5.6.0}. Nothing
     * of it is stored, and no message with ambiguous line ends is ever relayed onward where a
     * weaker server might split it.
     */
    REJECT,
    /** Keep bare CR and LF as ordinary message bytes. */
    KEEP
}
