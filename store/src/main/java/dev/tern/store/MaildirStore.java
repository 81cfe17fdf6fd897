package dev.tern.store;

import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers messages into Maildirs under one root directory, one Maildir per mailbox
 * ({@code root/<mailbox>/{tmp,new,cur}}).
 *
 * <p>A delivery is durable before {@link #deliver} returns: the message is written once into
 * {@code tmp/} of the first mailbox with {@code Return-Path:} in front, the file is fsync'd, the
 * other mailboxes get a hard link (a copy, fsync'd, when links are not possible), every file is
 * renamed into its {@code new/}, and every {@code new/} directory is fsync'd. If any step fails,
 * every file of this delivery is removed again, from {@code tmp/} and from {@code new/}, so that a
 * 451 at the server is honest: no mailbox got the message.
 *
 * <p>Line ends are written as LF by default, as qmail and Postfix write Maildir files; the
 * {@code ,W=} in the file name gives the size with CRLF for IMAP servers.
 *
 * <p>Quota: the usage of a mailbox is counted once from its files and then kept up to date in
 * memory; when a message would exceed the quota, the mailbox is counted again before refusing
 * (a reader may have deleted mail meanwhile). Two deliveries to the same mailbox at once may
 * together overshoot the quota by one message.
 */
public final class MaildirStore {

    private static final Logger LOG = LoggerFactory.getLogger(MaildirStore.class);
    private static final int BUFFER = 64 * 1024;

    /**
     * How the store behaves.
     *
     * @param hostname      the host name in unique file names
     * @param minFreeDisk   octets that must stay free on the file system; below it deliveries get 452 4.3.1
     * @param softQuota     quota exceeded answers 452 4.2.2 instead of 552 5.2.2
     * @param crlf          keep CRLF line ends instead of writing LF
     */
    public record Settings(String hostname, long minFreeDisk, boolean softQuota, boolean crlf) {
        public Settings {
            Objects.requireNonNull(hostname, "hostname");
        }

        public static Settings defaults(String hostname) {
            return new Settings(hostname, 0, false, false);
        }
    }

    private final Path root;
    private final Settings settings;
    private final MaildirNames names;
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> usage = new ConcurrentHashMap<>();
    private final Map<Path, DirectorySync> syncs = new ConcurrentHashMap<>();
    /** Last free-space reading and when it was taken (nanoTime), to avoid a statvfs per message. */
    private volatile long usableSeen = -1;
    private volatile long usableSeenAt;

    public MaildirStore(Path root, Settings settings) {
        this.root = root.toAbsolutePath().normalize();
        this.settings = settings;
        this.names = new MaildirNames(settings.hostname());
    }

    public Path root() {
        return root;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Removes what deliveries of earlier processes left in {@code tmp/} (a crash or kill between
     * writing and renaming): files named by this store's scheme for this host name, from another
     * process, or from this one before it delivered anything (a restarted server may get the pid
     * of the one that died); and, as the Maildir specification suggests, any file not touched for
     * 36 hours. Files of other writers (an IMAP server saving into the same Maildir) younger than
     * that are left alone. Call it before serving. Returns how many files were removed.
     */
    public int sweepTemporary() throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        long ourPid = ProcessHandle.current().pid();
        java.util.regex.Pattern ours = java.util.regex.Pattern.compile("\\d+\\.M\\d+P(\\d+)Q\\d+R[0-9a-f]{8}\\."
                + java.util.regex.Pattern.quote(names.host()));
        boolean nothingDeliveredYet = names.issued() == 0;
        java.time.Instant stale = java.time.Instant.now().minus(java.time.Duration.ofHours(36));
        int removed = 0;
        try (java.nio.file.DirectoryStream<Path> boxes = Files.newDirectoryStream(root)) {
            for (Path box : boxes) {
                Path tmp = box.resolve("tmp");
                if (!Files.isDirectory(tmp)) {
                    continue;
                }
                try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
                    for (Path f : files) {
                        java.util.regex.Matcher m = ours.matcher(f.getFileName().toString());
                        boolean leftover = m.matches() && (nothingDeliveredYet || Long.parseLong(m.group(1)) != ourPid);
                        if (leftover || Files.getLastModifiedTime(f).toInstant().isBefore(stale)) {
                            if (Files.deleteIfExists(f)) {
                                removed++;
                            }
                        }
                    }
                }
            }
        }
        if (removed > 0) {
            LOG.info("removed {} unfinished deliveries from tmp/ directories under {}", removed, root);
        }
        return removed;
    }

    /** The Maildir of a mailbox address (not created). */
    public Maildir maildir(String mailbox) {
        return new Maildir(root.resolve(MailboxName.of(mailbox)));
    }

    /**
     * Refuses with 452 4.3.1 when writing {@code expectedSize} more octets would leave less free
     * space than the floor (RFC 1870: SIZE larger than what fits now is a 452 too).
     */
    public void checkRoom(long expectedSize) throws DeliveryException {
        if (settings.minFreeDisk() <= 0) {
            return;
        }
        long usable = usableSpace();
        if (usable - Math.max(0, expectedSize) < settings.minFreeDisk()) {
            throw new DeliveryException(DeliveryException.Reason.NO_ROOM, null, Replies.DATA_NO_ROOM.reply(), null);
        }
    }

    /**
     * Free space on the store's file system. A reading is reused for up to a second while it is
     * more than 1 GiB above the floor, so a busy server does not ask the kernel for every message.
     */
    private long usableSpace() throws DeliveryException {
        long seen = usableSeen;
        if (seen >= 0 && System.nanoTime() - usableSeenAt < 1_000_000_000L && seen - settings.minFreeDisk() > (1L << 30)) {
            return seen;
        }
        try {
            Files.createDirectories(root);
            long usable = Files.getFileStore(root).getUsableSpace();
            usableSeenAt = System.nanoTime();
            usableSeen = usable;
            return usable;
        } catch (IOException e) {
            throw ioError(null, e);
        }
    }

    /**
     * Refuses when the mailbox cannot take {@code expectedSize} more octets (0 to ask whether it
     * is full already). The reply is the RCPT form, naming the mailbox.
     */
    public void checkQuota(Recipient recipient, long expectedSize) throws DeliveryException {
        if (recipient.quota() <= 0) {
            return;
        }
        long size = Math.max(0, expectedSize);
        if (!fits(recipient, size)) {
            Replies named = settings.softQuota() ? Replies.RCPT_OVER_QUOTA_SOFT : Replies.RCPT_OVER_QUOTA;
            throw new DeliveryException(DeliveryException.Reason.OVER_QUOTA, recipient.mailbox(), named.format(recipient.mailbox()), null);
        }
    }

    private boolean fits(Recipient recipient, long size) throws DeliveryException {
        String key = MailboxName.of(recipient.mailbox());
        try {
            Long known = usage.get(key);
            if (known == null || known + size > recipient.quota()) {
                known = maildir(recipient.mailbox()).usage();
                usage.put(key, known);
            }
            // A mailbox already at or over its quota takes nothing more, not even an empty probe.
            return known + size <= recipient.quota() && (size > 0 || known < recipient.quota());
        } catch (IOException e) {
            throw ioError(recipient.mailbox(), e);
        }
    }

    /**
     * Writes the message to every recipient's {@code new/}, durably, or to none.
     *
     * @param recipients local mailboxes; the same mailbox given twice gets one copy
     * @param returnPath the envelope sender without angle brackets, {@code ""} for the null path
     * @param data       the message as received (CRLF line ends), read to its end
     */
    public Delivered deliver(List<Recipient> recipients, String returnPath, InputStream data) throws DeliveryException {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("no recipients");
        }
        Map<String, Recipient> byDir = new LinkedHashMap<>();
        for (Recipient r : recipients) {
            byDir.putIfAbsent(MailboxName.of(r.mailbox()), r);
        }
        checkRoom(0);
        List<Path> temporary = new ArrayList<>();
        List<Path> delivered = new ArrayList<>();
        Set<Path> newDirs = new LinkedHashSet<>();
        String current = null;
        try {
            List<Maildir> dirs = new ArrayList<>();
            for (Map.Entry<String, Recipient> e : byDir.entrySet()) {
                current = e.getValue().mailbox();
                Maildir m = new Maildir(root.resolve(e.getKey()));
                if (!created.contains(e.getKey())) {
                    m.create();
                    created.add(e.getKey());
                }
                dirs.add(m);
            }
            current = recipients.get(0).mailbox();
            String unique = names.next();
            Path first = dirs.get(0).tmp().resolve(unique);
            temporary.add(first);
            Sizes sizes = write(first, returnPath, data);
            String finalName = unique + ",S=" + sizes.file + ",W=" + sizes.wire;

            for (Recipient r : byDir.values()) {
                if (r.quota() > 0 && !fits(r, sizes.file)) {
                    throw overQuota(r);
                }
            }
            checkRoom(0);

            for (int i = 1; i < dirs.size(); i++) {
                current = byDir.values().stream().skip(i).findFirst().orElseThrow().mailbox();
                Path copy = dirs.get(i).tmp().resolve(unique);
                linkOrCopy(first, copy);
                temporary.add(copy);
            }
            int i = 0;
            for (Recipient r : byDir.values()) {
                current = r.mailbox();
                Maildir m = dirs.get(i);
                Path target = m.newDir().resolve(finalName);
                Files.move(temporary.get(i), target, StandardCopyOption.ATOMIC_MOVE);
                delivered.add(target);
                newDirs.add(m.newDir());
                i++;
            }
            for (Path d : newDirs) {
                current = d.getParent().getFileName().toString();
                syncs.computeIfAbsent(d, DirectorySync::new).sync();
            }
            for (Recipient r : byDir.values()) {
                usage.computeIfPresent(MailboxName.of(r.mailbox()), (k, v) -> v + sizes.file);
            }
            return new Delivered(List.copyOf(delivered), sizes.file, sizes.wire);
        } catch (IOException e) {
            cleanUp(temporary, delivered, newDirs);
            // A mailbox directory removed behind our back is created again on the next attempt.
            created.removeAll(byDir.keySet());
            throw ioError(current, e);
        } catch (DeliveryException | RuntimeException e) {
            cleanUp(temporary, delivered, newDirs);
            throw e;
        }
    }

    private DeliveryException overQuota(Recipient r) {
        Reply reply = settings.softQuota() ? Replies.DATA_OVER_QUOTA_SOFT.reply() : Replies.DATA_OVER_QUOTA.reply();
        return new DeliveryException(DeliveryException.Reason.OVER_QUOTA, r.mailbox(),
                reply.withText(reply.text() + ": <" + r.mailbox() + ">"), null);
    }

    private static DeliveryException ioError(String mailbox, IOException e) {
        LOG.warn("delivery to {} failed: {}", mailbox == null ? "the store" : mailbox, e.toString());
        return new DeliveryException(DeliveryException.Reason.IO_ERROR, mailbox, Replies.DATA_LOCAL_ERROR.reply(), e);
    }

    private record Sizes(long file, long wire) {
    }

    /** Writes Return-Path and the message into a new file and fsyncs it. */
    private Sizes write(Path file, String returnPath, InputStream data) throws IOException {
        boolean crlf = settings.crlf();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = new ChannelOutput(ch);
            // RFC 5321 §4.4: the delivering MTA records the envelope sender in Return-Path.
            byte[] header = ("Return-Path: <" + returnPath + ">" + (crlf ? "\r\n" : "\n")).getBytes(StandardCharsets.UTF_8);
            out.write(header);
            long file1 = header.length;
            long lines = 1;
            byte[] in = new byte[BUFFER];
            byte[] buf = new byte[2 * BUFFER]; // a pending CR plus a whole input block
            boolean pendingCr = false;
            int n;
            while ((n = data.read(in)) != -1) {
                int o = 0;
                if (crlf) {
                    out.write(in, 0, n);
                    file1 += n;
                    continue;
                }
                for (int k = 0; k < n; k++) {
                    byte b = in[k];
                    if (pendingCr) {
                        pendingCr = false;
                        if (b != '\n') {
                            buf[o++] = '\r';
                        }
                    }
                    if (b == '\r') {
                        pendingCr = true;
                    } else {
                        buf[o++] = b;
                        if (b == '\n') {
                            lines++;
                        }
                    }
                }
                out.write(buf, 0, o);
                file1 += o;
            }
            if (pendingCr) {
                out.write('\r');
                file1++;
            }
            ch.force(true);
            // In LF mode every LF written stands for a CRLF on the wire.
            return new Sizes(file1, crlf ? file1 : file1 + lines);
        }
    }

    private static void linkOrCopy(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
            return;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (Files.exists(target)) {
                throw e instanceof IOException io ? io : new IOException(e);
            }
            // different file systems or no hard links: copy and sync instead
        }
        Files.copy(source, target);
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static void cleanUp(List<Path> temporary, List<Path> delivered, Set<Path> newDirs) {
        for (Path p : delivered) {
            deleteQuietly(p);
        }
        for (Path p : temporary) {
            deleteQuietly(p);
        }
        for (Path d : newDirs) {
            try {
                Maildir.syncDirectory(d);
            } catch (IOException e) {
                LOG.warn("could not sync {} after removing a failed delivery: {}", d, e.toString());
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", p, e.toString());
        }
    }

    /** Writes to a channel without the JDK stream's per-call checks; every byte is written. */
    private static final class ChannelOutput extends OutputStream {
        private final FileChannel ch;

        ChannelOutput(FileChannel ch) {
            this.ch = ch;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer bb = ByteBuffer.wrap(b, off, len);
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
        }
    }

    /**
     * The result of a delivery: the files in {@code new/}. {@link #undo()} removes them again,
     * for a caller whose later step (the outbound enqueue) failed and who must answer 451.
     */
    public static final class Delivered {
        private final List<Path> files;
        private final long size;
        private final long wireSize;

        Delivered(List<Path> files, long size, long wireSize) {
            this.files = files;
            this.size = size;
            this.wireSize = wireSize;
        }

        public List<Path> files() {
            return files;
        }

        /** Octets of each file, Return-Path included. */
        public long size() {
            return size;
        }

        /** Octets of each file counted with CRLF line ends. */
        public long wireSize() {
            return wireSize;
        }

        public void undo() {
            Set<Path> dirs = new LinkedHashSet<>();
            for (Path f : files) {
                deleteQuietly(f);
                dirs.add(f.getParent());
            }
            cleanUp(List.of(), List.of(), dirs);
        }
    }
}
