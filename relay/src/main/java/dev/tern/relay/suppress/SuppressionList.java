package dev.tern.relay.suppress;

import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The durable suppression list: addresses that hard-bounced, with the reply, the reason and the
 * date. One UTF-8 text file of TAB-separated lines (docs/relay.md), rewritten whole under a lock
 * file (write to a temporary file, fsync, rename, fsync the directory) so the server, the relay
 * and {@code tern suppress} can change it at the same time. Readers reload it when it changes on
 * disk.
 */
public final class SuppressionList {

    static final String HEADER = "# tern suppression list 1: address, since, expires, reason, reply (TAB-separated)";

    private final Path file;
    private final Path lockFile;
    private final Clock clock;
    private Map<String, Suppression> cache = Map.of();
    private FileTime cacheTime;
    private long cacheSize = -1;

    public SuppressionList(Path file) {
        this(file, Clock.systemUTC());
    }

    public SuppressionList(Path file, Clock clock) {
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** The active entry for this address, if any (expired entries do not count). */
    public synchronized Optional<Suppression> check(String address) throws IOException {
        refresh();
        Suppression s = cache.get(Suppression.key(address));
        return s != null && s.isActive(clock.instant()) ? Optional.of(s) : Optional.empty();
    }

    /**
     * The reply for RCPT to a suppressed address ({@code 550 5.1.1 <a>: Address suppressed since
     * DATE after a hard bounce: REASON}), or empty when the address is not suppressed.
     */
    public Optional<Reply> rcptReply(String address) throws IOException {
        return check(address).map(s -> Replies.RCPT_SUPPRESSED.format(address, date(s.since()), s.reason()));
    }

    static String date(Instant t) {
        return DateTimeFormatter.ISO_LOCAL_DATE.format(t.atOffset(ZoneOffset.UTC));
    }

    /** Every entry, expired ones included, in the order of the file. */
    public synchronized List<Suppression> list() throws IOException {
        refresh();
        return List.copyOf(cache.values());
    }

    /** Adds or replaces the entry for its address. */
    public void add(Suppression s) throws IOException {
        update(m -> m.put(Suppression.key(s.address()), s));
    }

    public void addAll(Collection<Suppression> entries) throws IOException {
        update(m -> entries.forEach(s -> m.put(Suppression.key(s.address()), s)));
    }

    /** Removes the address; returns whether it was there. */
    public boolean remove(String address) throws IOException {
        boolean[] was = {false};
        update(m -> was[0] = m.remove(Suppression.key(address)) != null);
        return was[0];
    }

    /** Drops entries that expired before now; returns how many. */
    public int purgeExpired() throws IOException {
        int[] n = {0};
        Instant now = clock.instant();
        update(m -> m.values().removeIf(s -> {
            boolean gone = !s.isActive(now);
            if (gone) {
                n[0]++;
            }
            return gone;
        }));
        return n[0];
    }

    /** File locks are per JVM; instances in one process serialise on this first. */
    private static final Object JVM_LOCK = new Object();

    private synchronized void update(Consumer<Map<String, Suppression>> change) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        synchronized (JVM_LOCK) {
            updateLocked(change);
        }
    }

    private void updateLocked(Consumer<Map<String, Suppression>> change) throws IOException {
        try (FileChannel lc = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lc.lock()) {
            Map<String, Suppression> m = new LinkedHashMap<>(read());
            change.accept(m);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            StringBuilder b = new StringBuilder(HEADER).append('\n');
            for (Suppression s : m.values()) {
                b.append(s.address()).append('\t').append(s.since()).append('\t')
                        .append(s.expires() == null ? "-" : s.expires().toString()).append('\t')
                        .append(s.reason().replace('\t', ' ')).append('\t').append(s.reply().replace('\t', ' ')).append('\n');
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
            cache = m;
            cacheTime = Files.getLastModifiedTime(file);
            cacheSize = Files.size(file);
        }
    }

    private void refresh() throws IOException {
        try {
            FileTime t = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (t.equals(cacheTime) && size == cacheSize) {
                return;
            }
            cache = read();
            cacheTime = t;
            cacheSize = size;
        } catch (NoSuchFileException none) {
            cache = Map.of();
            cacheTime = null;
            cacheSize = -1;
        }
    }

    private Map<String, Suppression> read() throws IOException {
        Map<String, Suppression> m = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException none) {
            return m;
        }
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 5) {
                continue;
            }
            try {
                Suppression s = new Suppression(f[0], Instant.parse(f[1]), f[2].equals("-") ? null : Instant.parse(f[2]), f[3], f[4]);
                m.put(Suppression.key(s.address()), s);
            } catch (RuntimeException bad) {
                // a hand-edited line that does not parse is skipped rather than losing the list
            }
        }
        return m;
    }

    // --- CSV (RFC 4180): address,since,expires,reason,reply ---

    /** Writes every entry as CSV with a header line. */
    public void exportCsv(Writer out) throws IOException {
        out.write("address,since,expires,reason,reply\r\n");
        for (Suppression s : list()) {
            out.write(csv(s.address()) + "," + s.since() + "," + (s.expires() == null ? "" : s.expires()) + ","
                    + csv(s.reason()) + "," + csv(s.reply()) + "\r\n");
        }
        out.flush();
    }

    /**
     * Reads CSV rows {@code address[,since[,expires[,reason[,reply]]]]}; a first row whose first
     * field is {@code address} is a header. Missing dates mean now and never. Returns how many rows
     * were added.
     */
    public int importCsv(Reader in) throws IOException {
        List<Suppression> rows = new ArrayList<>();
        Instant now = clock.instant();
        int lineNo = 0;
        for (List<String> row : parseCsv(in)) {
            lineNo++;
            if (row.isEmpty() || (row.size() == 1 && row.get(0).isBlank())) {
                continue;
            }
            if (lineNo == 1 && row.get(0).trim().equalsIgnoreCase("address")) {
                continue;
            }
            String address = row.get(0).trim();
            if (address.isEmpty() || address.indexOf('@') < 0) {
                throw new IOException("CSV row " + lineNo + ": not an address: " + address);
            }
            try {
                Instant since = field(row, 1).isEmpty() ? now : Instant.parse(field(row, 1));
                Instant expires = field(row, 2).isEmpty() ? null : Instant.parse(field(row, 2));
                String reason = field(row, 3).isEmpty() ? "imported" : field(row, 3);
                rows.add(new Suppression(address, since, expires, reason, field(row, 4)));
            } catch (RuntimeException bad) {
                throw new IOException("CSV row " + lineNo + ": " + bad.getMessage(), bad);
            }
        }
        addAll(rows);
        return rows.size();
    }

    private static String field(List<String> row, int i) {
        return i < row.size() ? row.get(i).trim() : "";
    }

    static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    static List<List<String>> parseCsv(Reader in) throws IOException {
        BufferedReader r = new BufferedReader(in);
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int c;
        while ((c = r.read()) >= 0) {
            any = true;
            if (quoted) {
                if (c == '"') {
                    r.mark(1);
                    int d = r.read();
                    if (d == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (d >= 0) {
                            r.reset();
                        }
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                any = false;
            } else if (c != '\r') {
                field.append((char) c);
            }
        }
        if (any) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
