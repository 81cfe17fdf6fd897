package dev.tern.store;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique file names as the Maildir specification describes them (cr.yp.to/proto/maildir.html):
 * {@code seconds.M<microseconds>P<pid>Q<counter>R<random>.host}, the microseconds written with six
 * digits so that names sort in time order. Seconds, microseconds and the
 * process id keep names of different processes apart, the counter keeps names within this process
 * apart, and the random part guards against a reused pid after a restart within the same
 * microsecond. In the host name, {@code /} becomes {@code \057} and {@code :} becomes
 * {@code \072}, as the specification asks.
 */
final class MaildirNames {

    private final String host;
    private final long pid = ProcessHandle.current().pid();
    private final AtomicLong counter = new AtomicLong();
    private final SecureRandom random = new SecureRandom();

    MaildirNames(String hostname) {
        this.host = hostname.replace("/", "\\057").replace(":", "\\072");
    }

    /** The host name as it appears in file names. */
    String host() {
        return host;
    }

    /** How many names this instance has given out. */
    long issued() {
        return counter.get();
    }

    String next() {
        Instant now = Instant.now();
        byte[] r = new byte[4];
        random.nextBytes(r);
        // microseconds zero-padded, so that names of one second sort in delivery order
        return now.getEpochSecond() + ".M" + String.format(java.util.Locale.ROOT, "%06d", now.getNano() / 1000) + "P" + pid + "Q" + counter.incrementAndGet()
                + "R" + HexFormat.of().formatHex(r) + "." + host;
    }
}
