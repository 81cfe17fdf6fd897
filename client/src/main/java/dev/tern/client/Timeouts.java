package dev.tern.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the client waits at each step. The defaults are the minimums of RFC 5321 §4.5.3.2:
 * a client should wait at least that long before it gives up on a server.
 *
 * @param connect   TCP connect (and TLS handshake); the RFC names no value, 30 seconds here
 * @param greeting  the initial 220 (§4.5.3.2.1: 5 minutes)
 * @param command   EHLO, HELO, STARTTLS, AUTH, RSET, QUIT and the like; the RFC names no value,
 *                  the MAIL value (5 minutes) here
 * @param mail      the reply to MAIL (§4.5.3.2.2: 5 minutes)
 * @param rcpt      the reply to each RCPT (§4.5.3.2.3: 5 minutes)
 * @param dataInit  the 354 to DATA (§4.5.3.2.4: 2 minutes)
 * @param dataBlock each write of message data, and each BDAT chunk's reply (§4.5.3.2.5: 3 minutes)
 * @param dataEnd   the reply after the end of data (§4.5.3.2.6: 10 minutes)
 */
public record Timeouts(Duration connect, Duration greeting, Duration command, Duration mail, Duration rcpt,
                       Duration dataInit, Duration dataBlock, Duration dataEnd) {

    /** RFC 5321 §4.5.3.2 values. */
    public static final Timeouts RFC_5321 = new Timeouts(Duration.ofSeconds(30), Duration.ofMinutes(5),
            Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(2),
            Duration.ofMinutes(3), Duration.ofMinutes(10));

    public Timeouts {
        for (Duration d : new Duration[] {connect, greeting, command, mail, rcpt, dataInit, dataBlock, dataEnd}) {
            Objects.requireNonNull(d, "timeout");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive: " + d);
            }
        }
    }

    /** The same value everywhere: for tests and for impatient command-line use. */
    public static Timeouts uniform(Duration d) {
        return new Timeouts(d, d, d, d, d, d, d, d);
    }
}
