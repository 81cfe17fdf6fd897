package dev.tern.server;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Queue ids: 16 characters of upper-case base 32 (digits and letters without I, L, O, U),
 * time-ordered, unique within a process and, thanks to a random per-process part, practically
 * unique across restarts. Safe in a Maildir file name, a header and a log line.
 */
final class QueueIds {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final AtomicLong COUNTER = new AtomicLong(new SecureRandom().nextInt(1 << 20));
    private static final long PROCESS = new SecureRandom().nextInt(1 << 15);

    private QueueIds() {
    }

    /** A fresh queue id. */
    static String next() {
        long millis = System.currentTimeMillis();
        long count = COUNTER.getAndIncrement();
        char[] id = new char[16];
        // 9 characters of milliseconds (45 bits: good until the year 3084)
        put(id, 0, 9, millis);
        // 3 characters (15 bits) of process randomness, 4 characters (20 bits) of counter
        put(id, 9, 3, PROCESS);
        put(id, 12, 4, count);
        return new String(id);
    }

    private static void put(char[] id, int at, int chars, long value) {
        for (int i = at + chars - 1; i >= at; i--) {
            id[i] = ALPHABET[(int) (value & 31)];
            value >>>= 5;
        }
    }
}
