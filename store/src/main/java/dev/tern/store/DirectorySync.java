package dev.tern.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for the fsync of one directory. Deliveries that renamed their file into the same
 * {@code new/} at about the same time need one directory fsync that starts after their rename, not
 * one each: a caller waits for a sync that began after it asked, and whoever finds no sync running
 * does it for everyone who asked so far. Each caller still returns only when its own rename is on
 * disk, or throws if the sync that covered it failed.
 */
final class DirectorySync {

    private final Path directory;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition done = lock.newCondition();
    /** Tickets handed out, and the highest ticket a finished sync covered. */
    private long requested;
    private long completed;
    private boolean running;
    /** The last failed sync and the tickets it covered (from, to]. */
    private IOException failure;
    private long failedFrom;
    private long failedTo;

    DirectorySync(Path directory) {
        this.directory = directory;
    }

    void sync() throws IOException {
        lock.lock();
        try {
            long mine = ++requested;
            while (completed < mine) {
                if (running) {
                    done.awaitUninterruptibly();
                    continue;
                }
                running = true;
                long from = completed;
                long upTo = requested;
                IOException error = null;
                lock.unlock();
                try {
                    Maildir.syncDirectory(directory);
                } catch (IOException e) {
                    error = e;
                } finally {
                    lock.lock();
                }
                running = false;
                completed = upTo;
                if (error != null) {
                    failure = error;
                    failedFrom = from;
                    failedTo = upTo;
                }
                done.signalAll();
            }
            if (failure != null && mine > failedFrom && mine <= failedTo) {
                throw new IOException("fsync of " + directory + " failed: " + failure.getMessage(), failure);
            }
        } finally {
            lock.unlock();
        }
    }
}
