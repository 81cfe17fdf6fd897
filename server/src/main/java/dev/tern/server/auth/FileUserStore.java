package dev.tern.server.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link UserStore} reading the users file, and reading it again whenever its modification time
 * or size changes, so that {@code tern user add} takes effect without a restart. A file that
 * cannot be read or parsed makes AUTH answer 454 4.7.0 until it is fixed.
 */
public final class FileUserStore implements UserStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileUserStore.class);

    private final Path file;
    private UsersFile current;
    private FileTime loadedTime;
    private long loadedSize = -1;
    private String error;

    public FileUserStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    private synchronized UsersFile load() throws AuthUnavailableException {
        FileTime time;
        long size;
        try {
            time = Files.getLastModifiedTime(file);
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            current = UsersFile.empty();
            loadedTime = null;
            loadedSize = -1;
            error = null;
            return current;
        } catch (IOException e) {
            throw new AuthUnavailableException("cannot read users file " + file + ": " + e.getMessage(), e);
        }
        if (current == null || error != null || !time.equals(loadedTime) || size != loadedSize) {
            try {
                current = UsersFile.read(file);
                error = null;
                LOG.info("users file {} loaded: {} users", file, current.users().size());
            } catch (IOException | IllegalArgumentException e) {
                error = e.getMessage();
                current = null;
                LOG.error("users file {} unusable: {}", file, e.getMessage());
                throw new AuthUnavailableException("users file unusable: " + e.getMessage(), e);
            } finally {
                loadedTime = time;
                loadedSize = size;
            }
        }
        if (current == null) {
            throw new AuthUnavailableException("users file unusable: " + error);
        }
        return current;
    }

    @Override
    public Optional<UserRecord> find(String name) throws AuthUnavailableException {
        return load().find(name);
    }

    @Override
    public boolean anyScramSha256() throws AuthUnavailableException {
        return load().users().stream().anyMatch(u -> u.scramSha256() != null);
    }

    @Override
    public boolean anyCramMd5() throws AuthUnavailableException {
        return load().users().stream().anyMatch(u -> u.cramMd5() != null);
    }
}
