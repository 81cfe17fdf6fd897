package dev.tern.app.queue;

import dev.tern.app.config.ConfigException;
import dev.tern.app.config.ConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the queue and the suppression list are: explicit paths, else under the data directory. */
final class QueueOptions {

    @Option(names = "--queue-dir", paramLabel = "DIR", description = "The queue directory (default: DATA-DIR/queue).")
    Path queueDir;

    @Option(names = "--suppression-file", paramLabel = "FILE",
            description = "The suppression list (default: DATA-DIR/suppressed.tsv).")
    Path suppressionFile;

    @Option(names = "--config", paramLabel = "FILE", description = "Take the data directory from this configuration.")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: ${DEFAULT-VALUE}).",
            defaultValue = "tern-data")
    Path dataDir;

    private Path dataDir() throws ConfigException {
        return config != null ? ConfigLoader.load(config).dataDir() : dataDir;
    }

    Path queue() throws ConfigException {
        return queueDir != null ? queueDir : dataDir().resolve("queue");
    }

    Path suppression() throws ConfigException {
        return suppressionFile != null ? suppressionFile : suppressionFile(dataDir());
    }

    /** The suppression list file of a data directory; {@code tern serve} uses the same. */
    static Path suppressionFile(Path dataDir) {
        return dataDir.resolve("suppressed.tsv");
    }
}
