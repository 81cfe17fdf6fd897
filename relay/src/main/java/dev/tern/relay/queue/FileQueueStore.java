package dev.tern.relay.queue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The embedded queue store: one directory, plain files, fsync and atomic renames; nothing to
 * install. Layout (docs/relay.md):
 *
 * <pre>
 *   tmp/ID.data, tmp/ID.env   being written
 *   data/ID                   message content, written once
 *   env/ID                    envelope, written once; its presence is the commit point
 *   log/ID                    event log, append-only, one fsynced line per event
 * </pre>
 *
 * Enqueue writes content to tmp, fsyncs it, renames it into data and fsyncs that directory;
 * creates an empty log; then does the same for the envelope. A crash before the envelope rename
 * leaves only files that {@link #sweep} removes. Appends take an exclusive lock on the log file so
 * that the server and {@code tern queue} never interleave lines.
 */
public final class FileQueueStore implements QueueStore {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Object[] STRIPES = new Object[64];

    static {
        for (int i = 0; i < STRIPES.length; i++) {
            STRIPES[i] = new Object();
        }
    }

    private final Path root;
    private final Path tmp;
    private final Path data;
    private final Path env;
    private final Path log;
    private final java.util.concurrent.ConcurrentHashMap<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();

    private record Cached(long logSize, QueuedMessage message) {
    }

    public FileQueueStore(Path root) throws IOException {
        this.root = root;
        this.tmp = root.resolve("tmp");
        this.data = root.resolve("data");
        this.env = root.resolve("env");
        this.log = root.resolve("log");
        for (Path p : List.of(tmp, data, env, log)) {
            Files.createDirectories(p);
        }
    }

    public Path root() {
        return root;
    }

    /** A new id: arrival time in hex (so ids sort by age), then 32 random bits. */
    static String newId(Instant now) {
        return String.format(Locale.ROOT, "%011X%08X", now.toEpochMilli(), RANDOM.nextInt());
    }

    static boolean isId(String name) {
        return name.length() == 19 && name.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'));
    }

    @Override
    public String create(Envelope envelope, ContentWriter content, List<QueueEvent> initial) throws IOException {
        String id;
        Path tmpData;
        do {
            id = newId(Instant.now());
            tmpData = tmp.resolve(id + ".data");
        } while (Files.exists(env.resolve(id)) || Files.exists(tmpData));
        try {
            try (FileChannel ch = FileChannel.open(tmpData, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 64 * 1024);
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            move(tmpData, data.resolve(id));
            fsyncDirectory(data);

            Path logFile = log.resolve(id);
            StringBuilder events = new StringBuilder();
            for (QueueEvent e : initial) {
                events.append(EventCodec.encode(e)).append('\n');
            }
            writeDurably(logFile, events.toString().getBytes(StandardCharsets.UTF_8));
            fsyncDirectory(log);

            Path tmpEnv = tmp.resolve(id + ".env");
            writeDurably(tmpEnv, EnvelopeCodec.encode(envelope).getBytes(StandardCharsets.UTF_8));
            move(tmpEnv, env.resolve(id));
            fsyncDirectory(env);
            return id;
        } catch (IOException | RuntimeException ex) {
            Files.deleteIfExists(tmpData);
            Files.deleteIfExists(tmp.resolve(id + ".env"));
            if (!Files.exists(env.resolve(id))) {
                Files.deleteIfExists(data.resolve(id));
                Files.deleteIfExists(log.resolve(id));
            }
            throw ex;
        }
    }

    @Override
    public List<String> ids() throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(env)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (isId(name)) {
                    out.add(name);
                }
            }
        }
        out.sort(null);
        // messages removed by another process (tern queue delete) leave the cache here
        cache.keySet().retainAll(new java.util.HashSet<>(out));
        return out;
    }

    @Override
    public Optional<QueuedMessage> load(String id) throws IOException {
        if (!isId(id)) {
            return Optional.empty();
        }
        // The envelope never changes and the log only grows: a log of the same size as last time
        // means the same state, so a scan of a large queue reads one file attribute per message.
        long logSize;
        try {
            logSize = Files.size(log.resolve(id));
            if (!Files.exists(env.resolve(id))) {
                cache.remove(id);
                return Optional.empty();
            }
        } catch (NoSuchFileException gone) {
            cache.remove(id);
            return Optional.empty();
        }
        Cached c = cache.get(id);
        if (c != null && c.logSize() == logSize) {
            return Optional.of(c.message());
        }
        String envText;
        long size;
        try {
            envText = Files.readString(env.resolve(id), StandardCharsets.UTF_8);
            size = Files.size(data.resolve(id));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        QueuedMessage m = QueuedMessage.fresh(id, EnvelopeCodec.decode(envText), size);
        long read = 0;
        try (java.io.InputStream in = Files.newInputStream(log.resolve(id))) {
            byte[] all = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, Math.max(logSize, 0) + 1024 * 1024));
            read = all.length;
            String text = new String(all, StandardCharsets.UTF_8);
            int start = 0;
            int nl;
            while ((nl = text.indexOf('\n', start)) >= 0) {
                Optional<QueueEvent> e = EventCodec.decode(text.substring(start, nl));
                if (e.isPresent()) {
                    m = m.apply(e.get());
                }
                start = nl + 1;
            }
            if (start < text.length()) {
                // a torn last line: skipped now; do not cache, the next append will complete it
                read = -1;
            }
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        if (read >= 0) {
            cache.put(id, new Cached(read, m));
        } else {
            cache.remove(id);
        }
        return Optional.of(m);
    }

    /** Every complete event of a message's log, oldest first (for {@code tern queue show}). */
    public List<QueueEvent> events(String id) throws IOException {
        if (!isId(id)) {
            return List.of();
        }
        List<QueueEvent> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(log.resolve(id), StandardCharsets.UTF_8)) {
                EventCodec.decode(line).ifPresent(out::add);
            }
        } catch (NoSuchFileException gone) {
            return List.of();
        }
        return out;
    }

    @Override
    public InputStream openContent(String id) throws IOException {
        if (!isId(id)) {
            throw new NoSuchFileException(id);
        }
        return Files.newInputStream(data.resolve(id));
    }

    /** The content file, for callers that want its size or a channel. */
    public Path contentPath(String id) {
        return data.resolve(id);
    }

    @Override
    public boolean append(String id, QueueEvent event) throws IOException {
        if (!isId(id) || !Files.exists(env.resolve(id))) {
            return false;
        }
        return appendAll(id, List.of(event));
    }

    @Override
    public boolean appendAll(String id, List<QueueEvent> events) throws IOException {
        if (!isId(id) || !Files.exists(env.resolve(id))) {
            return false;
        }
        StringBuilder text = new StringBuilder();
        for (QueueEvent e : events) {
            text.append(EventCodec.encode(e)).append('\n');
        }
        byte[] line = text.toString().getBytes(StandardCharsets.UTF_8);
        // File locks are held per JVM, so threads of one process first agree among themselves.
        synchronized (STRIPES[Math.floorMod(id.hashCode(), STRIPES.length)]) {
            return appendLocked(id, line);
        }
    }

    private boolean appendLocked(String id, byte[] line) throws IOException {
        // No CREATE: a log that is gone means the message was deleted; do not resurrect it.
        try (FileChannel ch = FileChannel.open(log.resolve(id), StandardOpenOption.WRITE, StandardOpenOption.READ);
                FileLock lock = ch.lock()) {
            long end = ch.size();
            ByteBuffer buf;
            if (end > 0 && !endsWithNewline(ch, end)) {
                // a torn line from a crash: close it off so the new event stands on its own line
                buf = ByteBuffer.allocate(line.length + 1);
                buf.put((byte) '\n');
            } else {
                buf = ByteBuffer.allocate(line.length);
            }
            buf.put(line).flip();
            while (buf.hasRemaining()) {
                end += ch.write(buf, end);
            }
            ch.force(false);
            return true;
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    private static boolean endsWithNewline(FileChannel ch, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        ch.read(one, size - 1);
        return one.get(0) == '\n';
    }

    @Override
    public boolean remove(String id) throws IOException {
        if (!isId(id)) {
            return false;
        }
        // The envelope goes first: without it the message no longer exists for any reader.
        cache.remove(id);
        boolean was = Files.deleteIfExists(env.resolve(id));
        if (was) {
            fsyncDirectory(env);
        }
        Files.deleteIfExists(log.resolve(id));
        Files.deleteIfExists(data.resolve(id));
        return was;
    }

    /**
     * Removes what a crash mid-enqueue left behind: content and logs without an envelope, and tmp
     * files, older than {@code minAge} (younger ones may belong to an enqueue in progress).
     */
    public int sweep(Duration minAge) throws IOException {
        Instant cutoff = Instant.now().minus(minAge);
        int removed = 0;
        for (Path dir : List.of(tmp, data, log)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    boolean orphan = dir.equals(tmp) || !Files.exists(env.resolve(name));
                    if (orphan && Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                        if (Files.deleteIfExists(p)) {
                            removed++;
                        }
                    }
                }
            }
        }
        return removed;
    }

    static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException ex) {
            throw new IOException("queue directory must allow atomic renames: " + from + " -> " + to, ex);
        }
    }

    /** Makes a rename or a new name in the directory durable (POSIX: fsync the directory). */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
