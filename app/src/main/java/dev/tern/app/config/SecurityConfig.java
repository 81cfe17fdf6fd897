package dev.tern.app.config;

import dev.tern.server.ListenerRole;
import dev.tern.server.auth.AuthPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * TLS, AUTH and relay settings of {@code tern serve} (keys {@code listeners}, {@code tls},
 * {@code auth}, {@code relay-networks}).
 *
 * @param listeners      addresses with a role besides the plain {@code listen} ones (which are {@code mx})
 * @param certificate    PEM certificate chain; null: a self-signed certificate in the data directory
 * @param key            PEM private key; null exactly when {@code certificate} is null
 * @param usersFile      the users file AUTH reads; null: {@code DATA-DIR/users}
 * @param authPolicy     mechanisms offered, whether PLAIN/LOGIN need TLS, mechanisms deemed too weak
 * @param relayNetworks  client address blocks that may relay without AUTH (like Postfix's mynetworks)
 */
public record SecurityConfig(List<Listener> listeners, Path certificate, Path key, Path usersFile, AuthPolicy authPolicy,
        List<Cidr> relayNetworks) {

    /** One listening address and what it is for. */
    public record Listener(InetSocketAddress address, ListenerRole role) {
    }

    /** No extra listeners, self-signed TLS, the users file in the data directory, no relay networks. */
    public static SecurityConfig defaults() {
        return new SecurityConfig(List.of(), null, null, null, AuthPolicy.DEFAULT, List.of());
    }

    public SecurityConfig {
        listeners = List.copyOf(listeners);
        relayNetworks = List.copyOf(relayNetworks);
        if ((certificate == null) != (key == null)) {
            throw new IllegalArgumentException("tls needs both certificate and key");
        }
    }

    /** The same settings with other role listeners (for {@code tern serve --listen ROLE=ADDRESS}). */
    public SecurityConfig withListeners(List<Listener> newListeners) {
        return new SecurityConfig(newListeners, certificate, key, usersFile, authPolicy, relayNetworks);
    }

    /** The users file for a data directory. */
    public Path usersFile(Path dataDir) {
        return usersFile != null ? usersFile : dataDir.resolve("users");
    }

    /** Whether a client address may relay without authenticating. */
    public boolean relayAllowedFrom(InetAddress client) {
        return relayNetworks.stream().anyMatch(c -> c.contains(client));
    }

    /** Mechanism names that may be used in {@code auth.mechanisms} and {@code auth.too-weak}. */
    public static Set<String> knownMechanisms() {
        return Set.copyOf(AuthPolicy.ALL);
    }
}
