package dev.tern.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySyncTest {

    @TempDir
    Path dir;

    @Test
    void concurrentCallersAllReturnAfterASync() throws Exception {
        DirectorySync sync = new DirectorySync(dir);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        sync.sync();
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedSyncFailsItsCallersAndALaterOneCanSucceed() throws Exception {
        Path missing = dir.resolve("missing");
        DirectorySync sync = new DirectorySync(missing);
        assertThatThrownBy(sync::sync).isInstanceOf(IOException.class).hasMessageContaining("missing");
        java.nio.file.Files.createDirectory(missing);
        sync.sync();
        assertThat(missing).isDirectory();
    }
}
