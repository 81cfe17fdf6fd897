package dev.tern.server.tls;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS context from a certificate file and a key file, read again when either file
 * changes (checked at most once per {@code checkInterval}, when a handshake needs the context)
 * or when {@link #reload()} is called, e.g. on SIGHUP. A renewed certificate that cannot be read
 * is logged and the previous one stays in use, so a botched renewal never takes TLS down.
 */
public final class ReloadingTlsContext {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingTlsContext.class);

    private final Path certificateFile;
    private final Path keyFile;
    private final Duration checkInterval;
    private final Clock clock;
    private volatile Loaded loaded;
    private volatile Instant nextCheck;

    private record Loaded(SslContext context, List<X509Certificate> chain, FileTime certTime, FileTime keyTime) {
    }

    private ReloadingTlsContext(Path certificateFile, Path keyFile, Duration checkInterval, Clock clock) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.checkInterval = checkInterval;
        this.clock = clock;
    }

    /** Loads the files now; fails if they cannot be used, so a bad configuration stops the start. */
    public static ReloadingTlsContext load(Path certificateFile, Path keyFile, Duration checkInterval, Clock clock)
            throws IOException {
        ReloadingTlsContext r = new ReloadingTlsContext(Objects.requireNonNull(certificateFile),
                Objects.requireNonNull(keyFile), checkInterval, clock);
        r.loaded = r.read();
        r.nextCheck = clock.instant().plus(checkInterval);
        return r;
    }

    public static ReloadingTlsContext load(Path certificateFile, Path keyFile) throws IOException {
        return load(certificateFile, keyFile, Duration.ofSeconds(5), Clock.systemUTC());
    }

    public Path certificateFile() {
        return certificateFile;
    }

    public Path keyFile() {
        return keyFile;
    }

    /** The context to use for a new handshake, reloaded first if the files changed. */
    public SslContext current() {
        Instant now = clock.instant();
        if (!now.isBefore(nextCheck)) {
            nextCheck = now.plus(checkInterval);
            reloadIfChanged();
        }
        return loaded.context();
    }

    /** The leaf certificate in use. */
    public X509Certificate certificate() {
        return loaded.chain().get(0);
    }

    /** Reads the files again now, whether or not they changed; returns false (and keeps the old context) on failure. */
    public synchronized boolean reload() {
        try {
            loaded = read();
            LOG.info("TLS certificate loaded from {}: {}, valid until {}", certificateFile,
                    certificate().getSubjectX500Principal().getName(), certificate().getNotAfter().toInstant());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("TLS certificate {} / key {} not reloaded, keeping the previous one: {}", certificateFile, keyFile,
                    e.getMessage());
            return false;
        }
    }

    private synchronized void reloadIfChanged() {
        try {
            FileTime c = Files.getLastModifiedTime(certificateFile);
            FileTime k = Files.getLastModifiedTime(keyFile);
            if (c.equals(loaded.certTime()) && k.equals(loaded.keyTime())) {
                return;
            }
        } catch (IOException e) {
            LOG.warn("cannot check TLS files for changes: {}", e.getMessage());
            return;
        }
        reload();
    }

    private Loaded read() throws IOException {
        FileTime c = Files.getLastModifiedTime(certificateFile);
        FileTime k = Files.getLastModifiedTime(keyFile);
        List<X509Certificate> chain = PemFiles.readCertificates(certificateFile);
        SslContext context = TlsContexts.server(PemFiles.readPrivateKey(keyFile), chain);
        return new Loaded(context, chain, c, k);
    }
}
