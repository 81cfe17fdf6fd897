package dev.tern.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * How the queue runner behaves. Defaults are close to Postfix: first retry after 5 minutes,
 * doubling up to 1 hour between attempts, give up after 5 days; no delay warning.
 *
 * @param hostname            this host's name: EHLO, Reporting-MTA, MAILER-DAEMON address
 * @param postmaster          where a bounce that fails is reported (once)
 * @param initialBackoff      wait after the first failed attempt
 * @param maxBackoff          longest wait between attempts
 * @param lifetime            how long a message may stay; then its open recipients fail (4.4.7)
 * @param delayWarning        after how long a "delayed" DSN is sent, or null for never
 * @param maxConnections      simultaneous outbound sessions in total
 * @param maxPerDomain        simultaneous outbound sessions per destination domain
 * @param scanInterval        how often the queue directory is looked at for due messages
 * @param fullReturnLimit     without RET, bounces return the whole message up to this size
 */
public record RelaySettings(String hostname, String postmaster, Duration initialBackoff, Duration maxBackoff,
        Duration lifetime, Duration delayWarning, int maxConnections, int maxPerDomain, Duration scanInterval,
        long fullReturnLimit) {

    public RelaySettings {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(postmaster, "postmaster");
        if (maxConnections < 1 || maxPerDomain < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
    }

    public static RelaySettings defaults(String hostname) {
        return new RelaySettings(hostname, "postmaster@" + hostname, Duration.ofMinutes(5), Duration.ofHours(1),
                Duration.ofDays(5), null, 20, 4, Duration.ofSeconds(10), 100 * 1024);
    }

    public RelaySettings withBackoff(Duration initial, Duration max) {
        return new RelaySettings(hostname, postmaster, initial, max, lifetime, delayWarning, maxConnections, maxPerDomain,
                scanInterval, fullReturnLimit);
    }

    public RelaySettings withLifetime(Duration newLifetime) {
        return new RelaySettings(hostname, postmaster, initialBackoff, maxBackoff, newLifetime, delayWarning, maxConnections,
                maxPerDomain, scanInterval, fullReturnLimit);
    }

    public RelaySettings withDelayWarning(Duration after) {
        return new RelaySettings(hostname, postmaster, initialBackoff, maxBackoff, lifetime, after, maxConnections, maxPerDomain,
                scanInterval, fullReturnLimit);
    }

    public RelaySettings withLimits(int total, int perDomain) {
        return new RelaySettings(hostname, postmaster, initialBackoff, maxBackoff, lifetime, delayWarning, total, perDomain,
                scanInterval, fullReturnLimit);
    }

    public RelaySettings withScanInterval(Duration interval) {
        return new RelaySettings(hostname, postmaster, initialBackoff, maxBackoff, lifetime, delayWarning, maxConnections,
                maxPerDomain, interval, fullReturnLimit);
    }

    public RelaySettings withPostmaster(String address) {
        return new RelaySettings(hostname, address, initialBackoff, maxBackoff, lifetime, delayWarning, maxConnections,
                maxPerDomain, scanInterval, fullReturnLimit);
    }

    /** The wait after {@code failedRounds} failed rounds (1 for the first): initial × 2^(n-1), capped. */
    public Duration backoff(int failedRounds) {
        Duration d = initialBackoff;
        for (int i = 1; i < failedRounds && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
