package dev.tern.app.serve;

import dev.tern.app.config.SecurityConfig;
import dev.tern.app.config.TernConfig;
import dev.tern.server.SmtpServer;
import dev.tern.server.auth.FileUserStore;
import dev.tern.server.auth.UserStoreAuthenticator;
import dev.tern.server.tls.ReloadingTlsContext;
import dev.tern.server.tls.SelfSignedCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS and AUTH part of {@code tern serve}: role listeners, the certificate (configured, or
 * self-signed in {@code DATA-DIR/tls/} on first start), the users file and the mechanism policy.
 */
public final class TlsSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TlsSetup.class);

    private final ReloadingTlsContext tls;
    private final boolean selfSigned;
    private final boolean created;
    private final Path usersFile;
    private final SecurityConfig security;

    private TlsSetup(ReloadingTlsContext tls, boolean selfSigned, boolean created, Path usersFile, SecurityConfig security) {
        this.tls = tls;
        this.selfSigned = selfSigned;
        this.created = created;
        this.usersFile = usersFile;
        this.security = security;
    }

    /** Adds the role listeners, TLS and AUTH to the builder. */
    static TlsSetup configure(TernConfig config, Path dataDir, SmtpServer.Builder builder) throws IOException {
        SecurityConfig s = config.security();
        ReloadingTlsContext tls;
        boolean selfSigned = s.certificate() == null;
        boolean created = false;
        if (selfSigned) {
            SelfSignedCertificates.Result r = SelfSignedCertificates.ensure(dataDir.resolve("tls"), config.hostname());
            created = r.created();
            tls = ReloadingTlsContext.load(r.certificate(), r.privateKey());
        } else {
            try {
                tls = ReloadingTlsContext.load(s.certificate(), s.key());
            } catch (IOException e) {
                throw new IOException("tls: cannot use certificate " + s.certificate() + " with key " + s.key() + ": "
                        + e.getMessage(), e);
            }
        }
        Path usersFile = s.usersFile(dataDir);
        builder.tls(tls::current)
                .authenticator(new UserStoreAuthenticator(new FileUserStore(usersFile)))
                .authPolicy(s.authPolicy());
        for (SecurityConfig.Listener l : s.listeners()) {
            builder.listen(l.address(), l.role());
        }
        return new TlsSetup(tls, selfSigned, created, usersFile, s);
    }

    public ReloadingTlsContext tls() {
        return tls;
    }

    public boolean createdSelfSigned() {
        return created;
    }

    /** Banner lines: the certificate, the users file, the role listeners. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("  TLS certificate: ").append(tls.certificateFile().toAbsolutePath());
        if (created) {
            sb.append(" (self-signed, created now; set tls.certificate and tls.key for a real one)");
        } else if (selfSigned) {
            sb.append(" (self-signed)");
        }
        sb.append('\n');
        sb.append("  AUTH users:    ").append(usersFile.toAbsolutePath()).append(" (edit with 'tern user add NAME')\n");
        if (!security.listeners().isEmpty()) {
            sb.append("  listeners:     ").append(security.listeners().stream()
                    .map(l -> l.address().getAddress().getHostAddress() + ":" + l.address().getPort() + " "
                            + l.role().name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "))).append('\n');
        }
        return sb.toString();
    }

    /** SIGHUP reads the certificate and key again (it is also reloaded when the files change). */
    void reloadOnSighup() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
                LOG.info("SIGHUP: reloading the TLS certificate");
                tls.reload();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debug("no SIGHUP on this platform: {}", e.getMessage());
        }
    }
}
