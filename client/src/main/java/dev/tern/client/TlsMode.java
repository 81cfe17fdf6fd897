package dev.tern.client;

/** Whether and how the client uses STARTTLS (RFC 3207). */
public enum TlsMode {
    /** Never send STARTTLS, even when offered. */
    OFF,
    /**
     * Use STARTTLS when the server offers it; go on in plain text when it is not offered or
     * refused with 454. A certificate that does not verify gives TLS without verification, a
     * failed handshake a new plain-text connection (RFC 7435); see {@link SmtpClient#connect}.
     */
    OPPORTUNISTIC,
    /** Fail the delivery unless STARTTLS is offered and the handshake (with verification, when on) succeeds. */
    REQUIRED
}
