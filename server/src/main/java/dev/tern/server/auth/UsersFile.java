package dev.tern.server.auth;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The users file: one user a line, {@code name:password-hash:scram-sha-256:cram-md5}, the last
 * two fields possibly empty; {@code #} starts a comment line. Names are lower-cased. Writes go to
 * a temporary file in the same directory, which is forced to disk and renamed over the old one,
 * so a reader sees the old file or the new one, never half of one.
 */
public final class UsersFile {
    private static final String HEADER = "# Tern users file, edited by 'tern user'. Fields: name:password-hash:scram-sha-256:cram-md5\n";

    private final Map<String, UserRecord> users;

    private UsersFile(Map<String, UserRecord> users) {
        this.users = users;
    }

    public static UsersFile empty() {
        return new UsersFile(new TreeMap<>());
    }

    /** Reads a users file; a missing file is an empty one. */
    public static UsersFile read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return empty();
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses the text of a users file; errors name the source and the line. */
    public static UsersFile parse(String text, String source) {
        Map<String, UserRecord> users = new TreeMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1) + ": ";
            String[] f = line.split(":", -1);
            if (f.length != 4) {
                throw new IllegalArgumentException(where + "expected 4 fields name:password-hash:scram-sha-256:cram-md5, found " + f.length);
            }
            if (!validName(f[0])) {
                throw new IllegalArgumentException(where + "bad user name");
            }
            if (!PasswordHasher.isKnownHash(f[1])) {
                throw new IllegalArgumentException(where + "password hash is neither Argon2id nor bcrypt");
            }
            try {
                ScramCredentials scram = f[2].isEmpty() ? null : ScramCredentials.decode(f[2]);
                CramMd5Secret cram = f[3].isEmpty() ? null : CramMd5Secret.decode(f[3]);
                String name = normalizeName(f[0]);
                if (users.put(name, new UserRecord(name, f[1], scram, cram)) != null) {
                    throw new IllegalArgumentException("user " + name + " appears twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        return new UsersFile(users);
    }

    /** A login name: 1 to 255 printable non-space characters other than ':'. */
    public static boolean validName(String name) {
        if (name == null || name.isEmpty() || name.length() > 255) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == ':' || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    public static String normalizeName(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    public Optional<UserRecord> find(String name) {
        return Optional.ofNullable(users.get(normalizeName(name)));
    }

    public Collection<UserRecord> users() {
        return List.copyOf(users.values());
    }

    /** Adds or replaces a user; returns true when it replaced one. */
    public boolean put(UserRecord user) {
        return users.put(user.name(), user) != null;
    }

    /** Removes a user; returns true when there was one. */
    public boolean remove(String name) {
        return users.remove(normalizeName(name)) != null;
    }

    public String format() {
        StringBuilder out = new StringBuilder(HEADER);
        for (UserRecord u : users.values()) {
            out.append(u.name()).append(':').append(u.passwordHash()).append(':')
                    .append(u.scramSha256() == null ? "" : u.scramSha256().encode()).append(':')
                    .append(u.cramMd5() == null ? "" : u.cramMd5().encode()).append('\n');
        }
        return out.toString();
    }

    /**
     * Replaces the file atomically: temporary file beside it (mode 0600 where POSIX), fsync,
     * rename over the target, fsync of the directory.
     */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                restrictToOwner(tmp);
                Writer w = Channels.newWriter(ch, StandardCharsets.UTF_8);
                w.write(format());
                w.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void restrictToOwner(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system; nothing to do
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory; the rename is still atomic there.
        }
    }

    /**
     * Reads the file, lets {@code change} edit it and writes it back, holding an exclusive lock on
     * {@code <file>.lock} throughout so that two edits at once do not lose one another's change.
     * Nothing is written when {@code change} throws (its unchecked exception passes through).
     */
    public static <R> R update(Path file, java.util.function.Function<UsersFile, R> change) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path lockFile = dir.resolve(file.getFileName() + ".lock");
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                java.nio.channels.FileLock lock = lockChannel.lock()) {
            UsersFile users = read(file);
            R result = change.apply(users);
            users.write(file);
            return result;
        }
    }

    /** Names only, for listings. */
    public List<String> names() {
        return new ArrayList<>(users.keySet());
    }
}
