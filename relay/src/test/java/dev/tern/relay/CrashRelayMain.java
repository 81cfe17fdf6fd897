package dev.tern.relay;

import dev.tern.client.ClientConfig;
import dev.tern.client.Timeouts;
import dev.tern.client.TlsMode;
import dev.tern.relay.route.Hop;
import dev.tern.relay.route.StaticRoutes;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A relay in its own JVM for the crash test: delivers the queue in {@code args[0]} to
 * {@code example.net} at 127.0.0.1:{@code args[1]} until it is killed.
 */
public final class CrashRelayMain {

    private CrashRelayMain() {
    }

    public static void main(String[] args) throws Exception {
        Relay relay = Relay.builder(Path.of(args[0]), "relay.test")
                .settings(RelayHarness.fast().withBackoff(Duration.ofMillis(200), Duration.ofMillis(500)).withLimits(4, 4))
                .staticRoute("example.net", new StaticRoutes.Entry("127.0.0.1", Integer.parseInt(args[1]), Hop.TlsPolicy.NONE, null))
                .clientConfig(ClientConfig.builder().heloName("relay.test").tlsMode(TlsMode.OFF)
                        .timeouts(Timeouts.uniform(Duration.ofSeconds(5))).build())
                .build();
        relay.start();
        System.out.println("relay started");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
