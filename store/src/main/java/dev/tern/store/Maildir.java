package dev.tern.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One mailbox in the standard Maildir layout: {@code tmp/}, {@code new/} and {@code cur/}, the
 * layout Dovecot, mutt and other readers expect. Names of delivered files carry Maildir++
 * {@code ,S=} (file size) and {@code ,W=} (size with CRLF line ends) so readers and the quota
 * check need not open them.
 */
public final class Maildir {

    private final Path dir;

    public Maildir(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    public Path tmp() {
        return dir.resolve("tmp");
    }

    public Path newDir() {
        return dir.resolve("new");
    }

    public Path cur() {
        return dir.resolve("cur");
    }

    /** Creates the mailbox and its three subdirectories if missing, durably. */
    public void create() throws IOException {
        boolean created = false;
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            created = true;
        }
        for (Path sub : new Path[] {tmp(), newDir(), cur()}) {
            if (!Files.isDirectory(sub)) {
                try {
                    Files.createDirectory(sub);
                    created = true;
                } catch (FileAlreadyExistsException raced) {
                    // Another delivery to the same new mailbox created it first; fine if it is a directory.
                    if (!Files.isDirectory(sub)) {
                        throw raced;
                    }
                }
            }
        }
        if (created) {
            syncDirectory(dir);
            syncDirectory(dir.getParent());
        }
    }

    /** Octets stored in {@code new/} and {@code cur/}, from the {@code ,S=} in file names where present. */
    public long usage() throws IOException {
        return usageOf(newDir()) + usageOf(cur());
    }

    private static long usageOf(Path sub) throws IOException {
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(sub)) {
            for (Path f : files) {
                long s = sizeFromName(f.getFileName().toString());
                if (s < 0) {
                    try {
                        s = Files.size(f);
                    } catch (NoSuchFileException gone) {
                        s = 0; // a reader moved or deleted it meanwhile
                    }
                }
                total += s;
            }
        } catch (NoSuchFileException e) {
            return 0;
        }
        return total;
    }

    /** The value of {@code ,S=} in a Maildir++ file name, or -1 when there is none. */
    static long sizeFromName(String name) {
        int colon = name.indexOf(':');
        String base = colon < 0 ? name : name.substring(0, colon);
        int i = base.indexOf(",S=");
        if (i < 0) {
            return -1;
        }
        int start = i + 3;
        int end = start;
        while (end < base.length() && Character.isDigit(base.charAt(end))) {
            end++;
        }
        if (end == start) {
            return -1;
        }
        try {
            return Long.parseLong(base.substring(start, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** fsync of a directory, so that entries created, renamed or removed in it survive a crash. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
