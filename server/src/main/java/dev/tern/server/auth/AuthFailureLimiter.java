package dev.tern.server.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failed AUTH attempts per client address across sessions, so that guessing passwords is
 * slow whatever the number of connections. Within the window, after {@code freeFailures} failures
 * each further failure's reply is delayed (doubling from {@code baseDelay} up to
 * {@code maxDelay}); at {@code blockAfter} failures the address gets 421 4.7.0 at AUTH until its
 * failures age out of the window. Memory is bounded: at most {@code maxAddresses} are tracked,
 * the least recently failing are forgotten first. Thread-safe.
 */
public final class AuthFailureLimiter {
    private final int freeFailures;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final int blockAfter;
    private final Duration window;
    private final int maxAddresses;
    private final Clock clock;
    private final LinkedHashMap<InetAddress, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true);

    public AuthFailureLimiter(int freeFailures, Duration baseDelay, Duration maxDelay, int blockAfter, Duration window,
            int maxAddresses, Clock clock) {
        if (freeFailures < 0 || blockAfter < 1 || maxAddresses < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("bad limiter settings");
        }
        this.freeFailures = freeFailures;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.blockAfter = blockAfter;
        this.window = window;
        this.maxAddresses = maxAddresses;
        this.clock = clock;
    }

    /** Defaults: 3 free failures, then 1 s doubling to 16 s; 20 failures in 15 minutes block the address. */
    public static AuthFailureLimiter defaults() {
        return new AuthFailureLimiter(3, Duration.ofSeconds(1), Duration.ofSeconds(16), 20, Duration.ofMinutes(15),
                100_000, Clock.systemUTC());
    }

    /** Records one failure and returns how long to wait before sending its 535 reply. */
    public synchronized Duration recordFailure(InetAddress client) {
        Instant now = clock.instant();
        Deque<Instant> times = failures.computeIfAbsent(client, k -> new ArrayDeque<>());
        expire(times, now);
        times.addLast(now);
        while (times.size() > blockAfter) {
            times.removeFirst();
        }
        trim();
        return delayFor(times.size());
    }

    /** True when the address has failed too often lately: AUTH answers 421 4.7.0 and closes. */
    public synchronized boolean blocked(InetAddress client) {
        Deque<Instant> times = failures.get(client);
        if (times == null) {
            return false;
        }
        expire(times, clock.instant());
        if (times.isEmpty()) {
            failures.remove(client);
            return false;
        }
        return times.size() >= blockAfter;
    }

    /** The failures of an address still inside the window. */
    public synchronized int failures(InetAddress client) {
        Deque<Instant> times = failures.get(client);
        if (times == null) {
            return 0;
        }
        expire(times, clock.instant());
        return times.size();
    }

    /** Number of addresses tracked (for tests and status). */
    public synchronized int trackedAddresses() {
        return failures.size();
    }

    Duration delayFor(int count) {
        int over = count - freeFailures;
        if (over <= 0) {
            return Duration.ZERO;
        }
        Duration d = baseDelay.multipliedBy(1L << Math.min(over - 1, 20));
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    private void expire(Deque<Instant> times, Instant now) {
        Instant oldest = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.removeFirst();
        }
    }

    private void trim() {
        Iterator<Map.Entry<InetAddress, Deque<Instant>>> it = failures.entrySet().iterator();
        while (failures.size() > maxAddresses && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
