package dev.tern.app.serve;

import dev.tern.app.config.ConfigException;
import dev.tern.app.config.ConfigLoader;
import dev.tern.app.config.SecurityConfig;
import dev.tern.app.config.TernConfig;
import dev.tern.app.delivery.DirectoryBackend;
import dev.tern.app.delivery.Directory;
import dev.tern.app.delivery.Resolution;
import dev.tern.protocol.address.ForwardPath;
import dev.tern.relay.Relay;
import dev.tern.relay.RelaySettings;
import dev.tern.relay.deliver.MaildirLocalDelivery;
import dev.tern.relay.queue.QueueStore;
import dev.tern.server.SmtpException;
import dev.tern.store.Recipient;
import java.util.Optional;
import dev.tern.server.ListenerRole;
import dev.tern.server.ServerLimits;
import dev.tern.server.SmtpServer;
import dev.tern.store.MaildirStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tern serve}: the SMTP server with the directory backend and Maildir delivery. Without a
 * configuration file it serves the local domain {@code localhost} on 127.0.0.1:2525 with
 * catch-all delivery under {@code ./tern-data/mail/} and refuses relaying.
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {
                "Receive mail over SMTP and deliver it into Maildirs.",
                "Without --config: 127.0.0.1:2525, local domain 'localhost', every address gets its own Maildir"
                        + " under ./tern-data/mail/<address>/, relaying to other domains refused (550 5.7.1).",
                "SIGTERM (or Ctrl-C) stops gracefully: idle sessions get 421 4.3.2, transactions in flight finish."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:stopped by a signal after a graceful shutdown",
                "1:the configuration is wrong (file:line:column on stderr) or an address cannot be bound",
                "2:usage error"})
public final class ServeCommand implements Callable<Integer> {

    /** Exit code for a configuration that cannot be used, or a listen address that cannot be bound. */
    public static final int EXIT_CONFIG = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (see README, 'Running the server').")
    Path configFile;

    @Option(names = "--listen", paramLabel = "[ROLE=]HOST:PORT", split = ",",
            description = {"Address(es) to listen on, replacing the configuration's listen and listeners"
                    + " (default 127.0.0.1:2525; port 0 picks a free one).",
                    "ROLE is mx (the default), submission (STARTTLS, then AUTH before MAIL) or submissions"
                            + " (implicit TLS), e.g. --listen submission=127.0.0.1:587,submissions=127.0.0.1:465."})
    List<String> listen;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where mail and the outbound queue go, overriding the configuration (default ./tern-data).")
    Path dataDir;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long transactions in flight may take to finish on shutdown (default ${DEFAULT-VALUE}).")
    String grace;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Running running;
        try {
            running = start(effectiveConfig());
        } catch (ConfigException e) {
            err.println("tern serve: configuration error: " + e.getMessage());
            err.println("tern serve: not started");
            err.flush();
            return EXIT_CONFIG;
        } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
            err.println("tern serve: " + e.getMessage());
            err.println("tern serve: not started");
            err.flush();
            return EXIT_CONFIG;
        }
        Duration graceDuration = dev.tern.app.config.Units.parseDuration(grace);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("tern serve: shutting down (grace " + graceDuration.toSeconds() + "s)");
            out.flush();
            running.server().shutdown(graceDuration);
            running.closeRelay();
            out.println("tern serve: stopped");
            out.flush();
            stopped.countDown();
        }, "tern-serve-shutdown"));
        running.tls().reloadOnSighup();
        out.print(banner(running));
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The configuration file (or the built-in defaults) with the command-line overrides applied. */
    TernConfig effectiveConfig() throws ConfigException {
        TernConfig config = configFile == null ? TernConfig.builtIn() : ConfigLoader.load(configFile);
        if (listen != null && !listen.isEmpty()) {
            // the command line names every listening address: those of the file, mx or not, go
            List<InetSocketAddress> addresses = new java.util.ArrayList<>();
            List<SecurityConfig.Listener> withRoles = new java.util.ArrayList<>();
            for (String l : listen) {
                int eq = l.indexOf('=');
                ListenerRole role = ListenerRole.MX;
                String address = l;
                if (eq >= 0) {
                    String name = l.substring(0, eq).trim();
                    address = l.substring(eq + 1);
                    try {
                        role = ListenerRole.valueOf(name.toUpperCase(java.util.Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new CommandLine.ParameterException(spec.commandLine(),
                                "--listen: unknown role '" + name + "' in '" + l + "' (mx, submission or submissions)");
                    }
                }
                InetSocketAddress a;
                try {
                    a = ConfigLoader.parseListen(address);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--listen: " + e.getMessage());
                }
                if (role == ListenerRole.MX) {
                    addresses.add(a);
                } else {
                    withRoles.add(new SecurityConfig.Listener(a, role));
                }
            }
            config = config.withListen(addresses).withSecurity(config.security().withListeners(withRoles));
        }
        if (dataDir != null) {
            config = config.withDataDir(dataDir);
        }
        return config;
    }

    /** A started server and the parts behind it. */
    public record Running(TernConfig config, SmtpServer server, MaildirStore store, Relay relay, RelaySettings relaySettings,
            TlsSetup tls) {

        public QueueStore queue() {
            return relay.queue().store();
        }

        /** Stops the server (graceful, {@code grace}) and then the relay's queue runner. */
        public void stop(Duration grace) {
            server.shutdown(grace);
            closeRelay();
        }

        void closeRelay() {
            try {
                relay.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts the server for a configuration (used by {@link #call()} and by tests). */
    public static Running start(TernConfig config) throws IOException {
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        Files.createDirectories(dataDir.resolve("mail"));
        MaildirStore store = new MaildirStore(dataDir.resolve("mail"),
                new MaildirStore.Settings(config.hostname(), config.limits().minFreeDisk(), config.softQuota(), false));
        store.sweepTemporary(); // what a killed predecessor left half-written in tmp/
        Directory directory = new Directory(config);
        // The relay delivers what forwarding aliases put in the queue, and its bounces to local
        // senders go into their Maildirs through the same directory.
        RelaySettings relaySettings = config.relay().settings(config.hostname());
        Relay relay = Relay.builder(dataDir.resolve("queue"), config.hostname())
                .suppressionFile(dataDir.resolve("suppressed.tsv"))
                .routesFile(dataDir.resolve("routes")) // static routes and a smart host, see README
                .settings(relaySettings)
                .localDelivery(new MaildirLocalDelivery(store,
                        to -> to.mailbox().map(config::isLocalDomain).orElse(true),
                        to -> localMailbox(directory, to)))
                .build();
        DirectoryBackend backend = new DirectoryBackend(config, store, relay.queue());
        TernConfig.Limits l = config.limits();
        SmtpServer.Builder builder = SmtpServer.builder()
                .hostname(config.hostname())
                .backend(backend)
                .limits(new ServerLimits(l.maxMessageSize(), l.maxRecipients(), l.maxConnections(), l.maxConnectionsPerIp(),
                        l.maxErrors(), l.idleTimeout()))
                .acceptMail(config.acceptMail())
                .rejectClients(a -> config.rejectClients().stream().anyMatch(c -> c.contains(a)))
                .legacyCommands(config.legacyCommands())
                .strictLineLength(config.protocol().strictLineLength())
                .bareLineEndings(config.protocol().bareLineEndings())
                .maxAuthFailuresPerSession(config.protocol().maxAuthFailuresPerSession())
                .storageCheck(backend::hasRoomFor);
        for (InetSocketAddress a : config.listen()) {
            builder.listen(a);
        }
        TlsSetup tls = TlsSetup.configure(config, dataDir, builder);
        SmtpServer server = builder.start();
        try {
            relay.start();
        } catch (IOException | RuntimeException e) {
            server.shutdown(Duration.ofSeconds(1));
            throw e;
        }
        return new Running(config, server, store, relay, relaySettings, tls);
    }

    /** The mailbox a relayed local recipient (a bounce to a local sender) goes to; empty when none. */
    private static Optional<Recipient> localMailbox(Directory directory, ForwardPath to) {
        try {
            Resolution r = directory.resolve(to);
            return r.local().isEmpty() ? Optional.empty() : Optional.of(r.local().get(0));
        } catch (SmtpException e) {
            return Optional.empty();
        }
    }

    /** What the operator needs to know on start: where it listens, where mail goes, how to try it. */
    static String banner(Running r) {
        TernConfig c = r.config();
        InetSocketAddress first = r.server().addresses().get(0);
        String hostPort = first.getAddress().getHostAddress() + ":" + first.getPort();
        String domain = c.domains().iterator().next();
        String testAddress = c.catchAll() || c.users().isEmpty() ? "you@" + domain
                : c.users().values().iterator().next().address().toString();
        StringBuilder sb = new StringBuilder();
        sb.append("tern serve: listening on ")
                .append(r.server().addresses().stream().map(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
                        .collect(Collectors.joining(", ")))
                .append(" as ").append(c.hostname()).append(" (configuration: ").append(c.source()).append(")\n");
        sb.append("  local domains: ").append(String.join(", ", c.domains()))
                .append(c.catchAll() ? " (catch-all: every address gets its own mailbox)" : "").append('\n');
        sb.append("  mail goes to:  ").append(r.store().root()).append("/<recipient>/new/  (Maildir)\n");
        sb.append("  outbound queue: ").append(r.config().dataDir().toAbsolutePath().normalize().resolve("queue"))
                .append("  (tern queue list)\n");
        sb.append("  relaying to other domains: refused (550 5.7.1) unless authenticated")
                .append(c.security().relayNetworks().isEmpty() ? "" : " or from " + c.security().relayNetworks())
                .append("; aliases may forward through the queue\n");
        sb.append(r.tls().describe());
        sb.append("  send a test message:\n");
        sb.append("    ./tern send --server ").append(hostPort).append(" --from me@example.org --to ").append(testAddress)
                .append(" --subject hello --body 'it works'\n");
        sb.append("    swaks --server ").append(hostPort).append(" --to ").append(testAddress).append('\n');
        sb.append("  stop: Ctrl-C or SIGTERM (graceful)\n");
        return sb.toString();
    }
}
