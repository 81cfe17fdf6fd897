package dev.tern.app.config;

import dev.tern.protocol.address.Mailbox;
import dev.tern.relay.RelaySettings;
import dev.tern.server.BareLineEndings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The whole configuration of {@code tern serve}, checked. Maps are keyed by {@link #key(Mailbox)}:
 * local parts compare case-insensitively here, as most mail systems do for their own users
 * (RFC 5321 §2.4 leaves that to the receiving host); targets keep the spelling of the file.
 *
 * @param source         where the configuration came from (file name, or "built-in defaults")
 * @param hostname       the name in the greeting, EHLO and Received headers
 * @param listen         addresses to listen on
 * @param dataDir        mail goes under {@code data-dir/mail/<mailbox>/}, the outbound spool under {@code data-dir/queue/}
 * @param domains        local domains, lower case
 * @param users          mailboxes of the local domains
 * @param aliases        address to its targets (local targets are delivered, remote ones relayed)
 * @param lists          address to members, answered by EXPN when enabled; mail to a list goes to its members
 * @param moved          address to its new address (551 5.1.6)
 * @param catchAll       every address of a local domain that is no user, alias, list or moved entry gets its own mailbox
 * @param vrfy           answer VRFY truthfully (otherwise 252 2.5.0)
 * @param expn           answer EXPN (otherwise 502 5.5.1)
 * @param limits         protocol and storage limits
 * @param acceptMail     false: greet with 521 5.3.2 and close (RFC 7504)
 * @param rejectClients  client address blocks greeted with 554 5.7.1
 * @param legacyCommands SOML and SAML act as MAIL
 * @param softQuota      a full mailbox answers 452 4.2.2 instead of 552 5.2.2
 * @param security       listeners with roles, TLS certificate, AUTH users file and policy, relay networks
 * @param protocol       line-length and bare CR/LF handling in DATA, AUTH failures per session
 * @param relay          the queue runner's lifetime, backoff, delay warning and connection limits
 */
public record TernConfig(String source, String hostname, List<InetSocketAddress> listen, Path dataDir, Set<String> domains,
                         Map<String, User> users, Map<String, List<Mailbox>> aliases, Map<String, List<Mailbox>> lists,
                         Map<String, Mailbox> moved, boolean catchAll, boolean vrfy, boolean expn, Limits limits,
                         boolean acceptMail, List<Cidr> rejectClients, boolean legacyCommands, boolean softQuota,
                         SecurityConfig security, Protocol protocol, RelayQueue relay) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 2525;

    /** A mailbox of a local domain. A quota of 0 means no limit. */
    public record User(Mailbox address, long quota, boolean disabled) {
    }

    /** Limits of spec §4 and the storage floor. */
    public record Limits(long maxMessageSize, int maxRecipients, int maxConnections, int maxConnectionsPerIp, int maxErrors,
                         Duration idleTimeout, long minFreeDisk) {
        public static Limits defaults() {
            return new Limits(50L * 1024 * 1024, 100, 1000, 20, 10, Duration.ofMinutes(5), 100L * 1024 * 1024);
        }
    }

    /**
     * Protocol choices of the server (keys {@code strict-line-length}, {@code bare-line-endings},
     * {@code auth.max-failures-per-session}).
     *
     * @param strictLineLength          refuse a DATA line over 1000 octets (RFC 5321 §4.5.3.1.6) with 554 5.6.0
     * @param bareLineEndings           bare CR / bare LF in DATA: refuse the message or keep them as text (spec §4)
     * @param maxAuthFailuresPerSession failed AUTH attempts after which the session gets 421 4.7.0 and is closed
     */
    public record Protocol(boolean strictLineLength, BareLineEndings bareLineEndings, int maxAuthFailuresPerSession) {
        public static Protocol defaults() {
            return new Protocol(false, BareLineEndings.REJECT, 3);
        }
    }

    /**
     * The relay's queue settings (section {@code relay}); the rest of {@link RelaySettings} keeps
     * its defaults.
     *
     * @param lifetime        how long a message may wait before its open recipients bounce (4.4.7)
     * @param initialBackoff  wait after the first failed attempt; doubles after each further one
     * @param maxBackoff      longest wait between attempts
     * @param delayWarning    after how long a "delayed" DSN goes out, or null for never
     * @param maxConnections  outbound sessions at once, in total
     * @param maxPerDomain    outbound sessions at once to one destination domain
     */
    public record RelayQueue(Duration lifetime, Duration initialBackoff, Duration maxBackoff, Duration delayWarning,
                             int maxConnections, int maxPerDomain) {
        public static RelayQueue defaults() {
            RelaySettings d = RelaySettings.defaults("localhost");
            return new RelayQueue(d.lifetime(), d.initialBackoff(), d.maxBackoff(), d.delayWarning(), d.maxConnections(),
                    d.maxPerDomain());
        }

        /** The relay's settings for this host with these values. */
        public RelaySettings settings(String hostname) {
            return RelaySettings.defaults(hostname).withLifetime(lifetime).withBackoff(initialBackoff, maxBackoff)
                    .withDelayWarning(delayWarning).withLimits(maxConnections, maxPerDomain);
        }
    }

    /**
     * What {@code tern serve} uses without a configuration file: 127.0.0.1:2525, the local domain
     * {@code localhost} with catch-all delivery under {@code ./tern-data}, no relaying.
     */
    public static TernConfig builtIn() {
        return new TernConfig("built-in defaults", "localhost", List.of(new InetSocketAddress(DEFAULT_HOST, DEFAULT_PORT)),
                Path.of("tern-data"), Set.of("localhost"), Map.of(), Map.of(), Map.of(), Map.of(), true, false, false,
                Limits.defaults(), true, List.of(), false, false, SecurityConfig.defaults(), Protocol.defaults(),
                RelayQueue.defaults());
    }

    /** The lookup key of an address: local part lower-cased, domain in its canonical lower-case ASCII form. */
    public static String key(Mailbox m) {
        return m.localPart().toLowerCase(Locale.ROOT) + "@" + m.domainKey();
    }

    public boolean isLocalDomain(Mailbox m) {
        return domains.contains(m.domainKey());
    }

    public Path mailDir() {
        return dataDir.resolve("mail");
    }

    public Path queueDir() {
        return dataDir.resolve("queue");
    }

    public TernConfig withListen(List<InetSocketAddress> newListen) {
        return new TernConfig(source, hostname, newListen, dataDir, domains, users, aliases, lists, moved, catchAll, vrfy, expn,
                limits, acceptMail, rejectClients, legacyCommands, softQuota, security, protocol, relay);
    }

    public TernConfig withDataDir(Path newDataDir) {
        return new TernConfig(source, hostname, listen, newDataDir, domains, users, aliases, lists, moved, catchAll, vrfy, expn,
                limits, acceptMail, rejectClients, legacyCommands, softQuota, security, protocol, relay);
    }

    public TernConfig withSecurity(SecurityConfig newSecurity) {
        return new TernConfig(source, hostname, listen, dataDir, domains, users, aliases, lists, moved, catchAll, vrfy, expn,
                limits, acceptMail, rejectClients, legacyCommands, softQuota, newSecurity, protocol, relay);
    }
}
