package dev.tern.relay;

import dev.tern.client.ClientConfig;
import dev.tern.client.TlsMode;
import dev.tern.relay.deliver.ClientTransport;
import dev.tern.relay.deliver.LocalDelivery;
import dev.tern.relay.deliver.Transport;
import dev.tern.relay.queue.FileQueueStore;
import dev.tern.relay.queue.QueueStore;
import dev.tern.relay.route.MxRouter;
import dev.tern.relay.route.Router;
import dev.tern.relay.route.RoutesFile;
import dev.tern.relay.route.StaticRoutes;
import dev.tern.relay.suppress.SuppressionList;
import dev.tern.relay.suppress.SuppressionPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The relay assembled: queue store, suppression list, routing (static routes, then MX), delivery
 * through the client library, local delivery, and the queue runner. What {@code tern serve} wires:
 *
 * <pre>
 *   Relay relay = Relay.builder(dataDir.resolve("queue"), hostname)
 *           .suppressionFile(dataDir.resolve("suppressed.tsv"))
 *           .staticRoute("*", new StaticRoutes.Entry("smarthost.example", 587, Hop.TlsPolicy.REQUIRED, creds))
 *           .localDelivery(new MaildirLocalDelivery(store, isLocal, mailboxOf))
 *           .build();
 *   backend uses relay.queue() and relay.suppression(); relay.start(); ... relay.close();
 * </pre>
 */
public final class Relay implements AutoCloseable {

    private final OutboundQueue queue;
    private final SuppressionList suppression;
    private final QueueRunner runner;

    private Relay(OutboundQueue queue, SuppressionList suppression, QueueRunner runner) {
        this.queue = queue;
        this.suppression = suppression;
        this.runner = runner;
    }

    public static Builder builder(Path queueDir, String hostname) {
        return new Builder(queueDir, hostname);
    }

    /** Where the server enqueues mail for other hosts. */
    public OutboundQueue queue() {
        return queue;
    }

    /** The list the server checks at RCPT ({@link SuppressionList#rcptReply}). */
    public SuppressionList suppression() {
        return suppression;
    }

    public QueueRunner runner() {
        return runner;
    }

    /** Starts delivering; sweeps leftovers of an interrupted enqueue first. */
    public void start() throws IOException {
        if (queue.store() instanceof FileQueueStore f) {
            f.sweep(Duration.ofHours(1));
        }
        runner.start();
    }

    @Override
    public void close() throws InterruptedException {
        runner.close();
    }

    public static final class Builder {
        private final Path queueDir;
        private final String hostname;
        private QueueStore store;
        private Path suppressionFile;
        private RelaySettings settings;
        private final Map<String, StaticRoutes.Entry> routes = new LinkedHashMap<>();
        private Path routesFile;
        private InetSocketAddress dnsServer;
        private int mxPort = 25;
        private LocalDelivery local = LocalDelivery.NONE;
        private ClientConfig clientConfig;
        private Transport transport;
        private SuppressionPolicy policy = SuppressionPolicy.defaults();
        private Clock clock = Clock.systemUTC();

        private Builder(Path queueDir, String hostname) {
            this.queueDir = queueDir;
            this.hostname = hostname;
            this.settings = RelaySettings.defaults(hostname);
        }

        /** Another store than the queue directory (a shared database). */
        public Builder store(QueueStore s) {
            store = s;
            return this;
        }

        public Builder suppressionFile(Path f) {
            suppressionFile = f;
            return this;
        }

        public Builder settings(RelaySettings s) {
            settings = s;
            return this;
        }

        /** Mail for {@code domain} ({@code *} for everything else: a smart host) goes to this host. */
        public Builder staticRoute(String domain, StaticRoutes.Entry entry) {
            routes.put(domain, entry);
            return this;
        }

        /**
         * Static routes from a file ({@link dev.tern.relay.route.RoutesFile}), read again when it
         * changes; consulted before the routes given with {@link #staticRoute}.
         */
        public Builder routesFile(Path f) {
            routesFile = f;
            return this;
        }

        /** Ask this DNS server for MX records instead of the system's resolvers. */
        public Builder dnsServer(InetSocketAddress server) {
            dnsServer = server;
            return this;
        }

        /** The port for hosts found by MX (25; tests use others). */
        public Builder mxPort(int port) {
            mxPort = port;
            return this;
        }

        public Builder localDelivery(LocalDelivery l) {
            local = l;
            return this;
        }

        /** Base client configuration (EHLO name, timeouts, trust); default: this hostname, RFC 5321 timeouts. */
        public Builder clientConfig(ClientConfig c) {
            clientConfig = c;
            return this;
        }

        /** Another transport than the client library (tests). */
        public Builder transport(Transport t) {
            transport = t;
            return this;
        }

        public Builder suppressionPolicy(SuppressionPolicy p) {
            policy = p;
            return this;
        }

        public Builder clock(Clock c) {
            clock = c;
            return this;
        }

        public Relay build() throws IOException {
            QueueStore s = store != null ? store : new FileQueueStore(queueDir);
            SuppressionList list = suppressionFile == null ? null : new SuppressionList(suppressionFile, clock);
            OutboundQueue q = new OutboundQueue(s, list, clock);
            MxRouter mx = (dnsServer == null ? new MxRouter(mxPort)
                    : new MxRouter(MxRouter.resolverAt(dnsServer, Duration.ofSeconds(5)), mxPort, new Random()))
                    .withLocalNames(java.util.Set.of(hostname));
            Router router = routes.isEmpty() ? mx : new StaticRoutes(routes, mx);
            if (routesFile != null) {
                router = new RoutesFile(routesFile, router);
            }
            Transport t = transport;
            if (t == null) {
                ClientConfig c = clientConfig != null ? clientConfig
                        : ClientConfig.builder().heloName(hostname).tlsMode(TlsMode.OPPORTUNISTIC).build();
                t = new ClientTransport(c);
            }
            QueueRunner runner = new QueueRunner(q, router, t, local, policy, settings, clock);
            return new Relay(q, list, runner);
        }
    }
}
