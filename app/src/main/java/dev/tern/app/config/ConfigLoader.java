package dev.tern.app.config;

import dev.tern.protocol.address.Mailbox;
import dev.tern.protocol.address.PathParser;
import dev.tern.protocol.reply.ReplyException;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the YAML configuration of {@code tern serve}. The YAML is composed into a node tree
 * (never into arbitrary objects) and walked by hand, so that every error names the file, the line
 * and column of the offending node, and what is wrong: an unknown key, a wrong type, a bad
 * address, size, duration or address block, an entry defined twice.
 */
public final class ConfigLoader {

    private static final Set<String> TOP_KEYS = Set.of("hostname", "listen", "data-dir", "domains", "users", "aliases", "lists",
            "moved", "catch-all", "vrfy", "expn", "limits", "accept-mail", "reject-clients", "legacy-commands", "soft-quota",
            "listeners", "tls", "auth", "relay-networks", "strict-line-length", "bare-line-endings", "relay");
    private static final Set<String> USER_KEYS = Set.of("address", "quota", "disabled");
    private static final Set<String> LIMIT_KEYS = Set.of("max-message-size", "max-recipients", "max-connections",
            "max-connections-per-ip", "max-errors", "idle-timeout", "min-free-disk");

    private final String file;

    private ConfigLoader(String file) {
        this.file = file;
    }

    public static TernConfig load(Path path) throws ConfigException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(path.toString(), 1, 1, "cannot read the file: " + e.getMessage());
        }
        return parse(path.toString(), text);
    }

    /** Reads configuration text; {@code file} is the name used in error messages. */
    public static TernConfig parse(String file, String text) throws ConfigException {
        return new ConfigLoader(file).read(text);
    }

    private TernConfig read(String text) throws ConfigException {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(50);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new ConfigException(file, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1,
                    "YAML syntax: " + problem.trim());
        } catch (YAMLException e) {
            throw new ConfigException(file, 1, 1, "YAML syntax: " + e.getMessage());
        }
        TernConfig d = TernConfig.builtIn();
        if (root == null) {
            throw new ConfigException(file, 1, 1, "the file is empty; expected a mapping with at least 'domains'");
        }
        Map<String, NodeTuple> top = mapping(root, "the configuration", TOP_KEYS);

        String hostname = top.containsKey("hostname") ? domain(value(top, "hostname"), "hostname") : d.hostname();
        List<InetSocketAddress> listen = new ArrayList<>();
        if (top.containsKey("listen")) {
            for (Node n : sequenceOrOne(value(top, "listen"), "listen")) {
                listen.add(listenAddress(n));
            }
            if (listen.isEmpty()) {
                throw error(value(top, "listen"), "listen: at least one address is needed");
            }
        } else {
            listen.addAll(d.listen());
        }
        Path dataDir = top.containsKey("data-dir") ? Path.of(scalar(value(top, "data-dir"), "data-dir")) : d.dataDir();

        Set<String> domains = new LinkedHashSet<>();
        if (!top.containsKey("domains")) {
            throw new ConfigException(file, root.getStartMark().getLine() + 1, 1, "missing key 'domains': the local domains this server receives mail for");
        }
        for (Node n : sequenceOrOne(value(top, "domains"), "domains")) {
            if (!domains.add(domain(n, "domains").toLowerCase(java.util.Locale.ROOT))) {
                throw error(n, "domain " + scalar(n, "domains") + " is listed twice");
            }
        }
        if (domains.isEmpty()) {
            throw error(value(top, "domains"), "domains: at least one local domain is needed");
        }

        Map<String, Node> defined = new LinkedHashMap<>(); // address key -> node where it was defined
        Map<String, TernConfig.User> users = new LinkedHashMap<>();
        if (top.containsKey("users")) {
            for (Node n : sequence(value(top, "users"), "users")) {
                Map<String, NodeTuple> u = mapping(n, "a user", USER_KEYS);
                if (!u.containsKey("address")) {
                    throw error(n, "a user needs 'address'");
                }
                Node addrNode = value(u, "address");
                Mailbox address = localAddress(addrNode, domains, "users");
                define(defined, address, addrNode);
                long quota = u.containsKey("quota") ? size(value(u, "quota"), "quota") : 0;
                boolean disabled = u.containsKey("disabled") && bool(value(u, "disabled"), "disabled");
                users.put(TernConfig.key(address), new TernConfig.User(address, quota, disabled));
            }
        }
        Map<String, List<Mailbox>> aliases = targets(top, "aliases", domains, defined);
        Map<String, List<Mailbox>> lists = targets(top, "lists", domains, defined);
        Map<String, Mailbox> moved = new LinkedHashMap<>();
        if (top.containsKey("moved")) {
            for (NodeTuple t : mapping(value(top, "moved"), "moved", null).values()) {
                Mailbox from = localAddress(t.getKeyNode(), domains, "moved");
                define(defined, from, t.getKeyNode());
                moved.put(TernConfig.key(from), address(t.getValueNode(), "moved"));
            }
        }
        boolean catchAll = flag(top, "catch-all", false);
        // Local targets of aliases and lists must lead somewhere, or mail to them would be lost.
        for (String section : List.of("aliases", "lists")) {
            if (!top.containsKey(section) || catchAll) {
                continue;
            }
            for (NodeTuple t : mapping(value(top, section), section, null).values()) {
                for (Node target : sequenceOrOne(t.getValueNode(), section)) {
                    Mailbox m = address(target, section);
                    if (domains.contains(m.domainKey()) && !defined.containsKey(TernConfig.key(m))) {
                        throw error(target, section + ": target " + m + " is in a local domain but is no user, alias or list (and catch-all is off)");
                    }
                }
            }
        }

        TernConfig.Limits limits = limits(top, d.limits());
        List<Cidr> reject = new ArrayList<>();
        if (top.containsKey("reject-clients")) {
            for (Node n : sequenceOrOne(value(top, "reject-clients"), "reject-clients")) {
                try {
                    reject.add(Cidr.parse(scalar(n, "reject-clients")));
                } catch (IllegalArgumentException e) {
                    throw error(n, "reject-clients: bad address block: " + e.getMessage());
                }
            }
        }
        return new TernConfig(file, hostname, List.copyOf(listen), dataDir, Set.copyOf(domains), Map.copyOf(users),
                Map.copyOf(aliases), Map.copyOf(lists), Map.copyOf(moved), catchAll, flag(top, "vrfy", false),
                flag(top, "expn", false), limits, flag(top, "accept-mail", true), List.copyOf(reject),
                flag(top, "legacy-commands", false), flag(top, "soft-quota", false), security(top), protocol(top, d.protocol()),
                relay(top, d.relay()));
    }

    /** {@code strict-line-length}, {@code bare-line-endings} and {@code auth.max-failures-per-session}. */
    private TernConfig.Protocol protocol(Map<String, NodeTuple> top, TernConfig.Protocol d) throws ConfigException {
        dev.tern.server.BareLineEndings bare = d.bareLineEndings();
        if (top.containsKey("bare-line-endings")) {
            Node n = value(top, "bare-line-endings");
            String v = scalar(n, "bare-line-endings");
            bare = switch (v) {
                case "reject" -> dev.tern.server.BareLineEndings.REJECT;
                case "keep" -> dev.tern.server.BareLineEndings.KEEP;
                default -> throw error(n, "bare-line-endings: expected reject or keep, found '" + v + "'");
            };
        }
        int maxAuthFailures = d.maxAuthFailuresPerSession();
        if (top.containsKey("auth")) {
            Map<String, NodeTuple> a = mapping(value(top, "auth"), "auth", AUTH_KEYS);
            if (a.containsKey("max-failures-per-session")) {
                maxAuthFailures = count(value(a, "max-failures-per-session"), "max-failures-per-session", 1);
            }
        }
        return new TernConfig.Protocol(flag(top, "strict-line-length", d.strictLineLength()), bare, maxAuthFailures);
    }

    /** The {@code relay} section: queue lifetime, backoff, delay warning, connection limits. */
    private TernConfig.RelayQueue relay(Map<String, NodeTuple> top, TernConfig.RelayQueue d) throws ConfigException {
        if (!top.containsKey("relay")) {
            return d;
        }
        Map<String, NodeTuple> r = mapping(value(top, "relay"), "relay", RELAY_KEYS);
        Duration lifetime = positiveDuration(r, "lifetime", d.lifetime());
        Duration initial = positiveDuration(r, "initial-backoff", d.initialBackoff());
        Duration max = positiveDuration(r, "max-backoff", d.maxBackoff());
        if (max.compareTo(initial) < 0) {
            throw error(value(r, r.containsKey("max-backoff") ? "max-backoff" : "initial-backoff"),
                    "relay: max-backoff (" + max + ") is shorter than initial-backoff (" + initial + ")");
        }
        Duration delayWarning = d.delayWarning();
        if (r.containsKey("delay-warning")) {
            Node n = value(r, "delay-warning");
            delayWarning = scalar(n, "delay-warning").equals("none") ? null : positiveDuration(r, "delay-warning", null);
            if (delayWarning != null && delayWarning.compareTo(lifetime) >= 0) {
                throw error(n, "relay: delay-warning (" + delayWarning + ") must be shorter than the lifetime (" + lifetime
                        + "), or none");
            }
        }
        int maxConnections = r.containsKey("max-connections") ? count(value(r, "max-connections"), "max-connections", 1)
                : d.maxConnections();
        int perDomain = r.containsKey("max-connections-per-domain")
                ? count(value(r, "max-connections-per-domain"), "max-connections-per-domain", 1) : d.maxPerDomain();
        if (perDomain > maxConnections) {
            throw error(value(r, r.containsKey("max-connections-per-domain") ? "max-connections-per-domain" : "max-connections"),
                    "relay: max-connections-per-domain (" + perDomain + ") is more than max-connections (" + maxConnections + ")");
        }
        return new TernConfig.RelayQueue(lifetime, initial, max, delayWarning, maxConnections, perDomain);
    }

    private Duration positiveDuration(Map<String, NodeTuple> map, String key, Duration dflt) throws ConfigException {
        if (!map.containsKey(key)) {
            return dflt;
        }
        Duration v = duration(value(map, key), key);
        if (v.isZero() || v.isNegative()) {
            throw error(value(map, key), key + " must be more than 0");
        }
        return v;
    }

    private static final Set<String> LISTENER_KEYS = Set.of("address", "role");
    private static final Set<String> TLS_KEYS = Set.of("certificate", "key");
    private static final Set<String> AUTH_KEYS = Set.of("users-file", "mechanisms", "plaintext-needs-tls", "too-weak",
            "max-failures-per-session");
    private static final Set<String> RELAY_KEYS = Set.of("lifetime", "initial-backoff", "max-backoff", "delay-warning",
            "max-connections", "max-connections-per-domain");

    /** {@code listeners}, {@code tls}, {@code auth} and {@code relay-networks} (the TLS/AUTH part). */
    private SecurityConfig security(Map<String, NodeTuple> top) throws ConfigException {
        List<SecurityConfig.Listener> listeners = new ArrayList<>();
        if (top.containsKey("listeners")) {
            for (Node n : sequence(value(top, "listeners"), "listeners")) {
                Map<String, NodeTuple> l = mapping(n, "a listener", LISTENER_KEYS);
                if (!l.containsKey("address") || !l.containsKey("role")) {
                    throw error(n, "a listener needs 'address' and 'role' (mx, submission or submissions)");
                }
                String role = scalar(value(l, "role"), "role");
                dev.tern.server.ListenerRole r;
                try {
                    r = dev.tern.server.ListenerRole.valueOf(role.toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw error(value(l, "role"), "role: '" + role + "' is none of mx, submission, submissions");
                }
                listeners.add(new SecurityConfig.Listener(listenAddress(value(l, "address")), r));
            }
        }
        Path certificate = null;
        Path key = null;
        if (top.containsKey("tls")) {
            Map<String, NodeTuple> t = mapping(value(top, "tls"), "tls", TLS_KEYS);
            if (!t.containsKey("certificate") || !t.containsKey("key")) {
                throw error(value(top, "tls"), "tls needs both 'certificate' and 'key' (PEM files)");
            }
            certificate = Path.of(scalar(value(t, "certificate"), "certificate"));
            key = Path.of(scalar(value(t, "key"), "key"));
        }
        Path usersFile = null;
        dev.tern.server.auth.AuthPolicy policy = dev.tern.server.auth.AuthPolicy.DEFAULT;
        if (top.containsKey("auth")) {
            Map<String, NodeTuple> a = mapping(value(top, "auth"), "auth", AUTH_KEYS);
            if (a.containsKey("users-file")) {
                usersFile = Path.of(scalar(value(a, "users-file"), "users-file"));
            }
            List<String> mechanisms = a.containsKey("mechanisms") ? mechanisms(value(a, "mechanisms"), "mechanisms")
                    : policy.enabled();
            Set<String> tooWeak = a.containsKey("too-weak") ? Set.copyOf(mechanisms(value(a, "too-weak"), "too-weak")) : Set.of();
            policy = new dev.tern.server.auth.AuthPolicy(mechanisms, flag(a, "plaintext-needs-tls", true), tooWeak);
        }
        List<Cidr> relayNetworks = new ArrayList<>();
        if (top.containsKey("relay-networks")) {
            for (Node n : sequenceOrOne(value(top, "relay-networks"), "relay-networks")) {
                try {
                    relayNetworks.add(Cidr.parse(scalar(n, "relay-networks")));
                } catch (IllegalArgumentException e) {
                    throw error(n, "relay-networks: bad address block: " + e.getMessage());
                }
            }
        }
        return new SecurityConfig(listeners, certificate, key, usersFile, policy, relayNetworks);
    }

    private List<String> mechanisms(Node node, String what) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (Node n : sequenceOrOne(node, what)) {
            String m = scalar(n, what).toUpperCase(java.util.Locale.ROOT);
            if (!SecurityConfig.knownMechanisms().contains(m)) {
                throw error(n, what + ": unknown SASL mechanism '" + scalar(n, what) + "' (known: "
                        + String.join(", ", dev.tern.server.auth.AuthPolicy.ALL) + ")");
            }
            out.add(m);
        }
        return out;
    }

    private Map<String, List<Mailbox>> targets(Map<String, NodeTuple> top, String section, Set<String> domains,
                                               Map<String, Node> defined) throws ConfigException {
        Map<String, List<Mailbox>> out = new LinkedHashMap<>();
        if (!top.containsKey(section)) {
            return out;
        }
        for (NodeTuple t : mapping(value(top, section), section, null).values()) {
            Mailbox from = localAddress(t.getKeyNode(), domains, section);
            define(defined, from, t.getKeyNode());
            List<Mailbox> to = new ArrayList<>();
            for (Node n : sequenceOrOne(t.getValueNode(), section)) {
                to.add(address(n, section));
            }
            if (to.isEmpty()) {
                throw error(t.getValueNode(), section + ": " + from + " has no targets");
            }
            out.put(TernConfig.key(from), List.copyOf(to));
        }
        return out;
    }

    private TernConfig.Limits limits(Map<String, NodeTuple> top, TernConfig.Limits d) throws ConfigException {
        if (!top.containsKey("limits")) {
            return d;
        }
        Map<String, NodeTuple> l = mapping(value(top, "limits"), "limits", LIMIT_KEYS);
        long maxSize = l.containsKey("max-message-size") ? size(value(l, "max-message-size"), "max-message-size") : d.maxMessageSize();
        int maxRcpt = l.containsKey("max-recipients") ? count(value(l, "max-recipients"), "max-recipients", 100) : d.maxRecipients();
        int maxConn = l.containsKey("max-connections") ? count(value(l, "max-connections"), "max-connections", 1) : d.maxConnections();
        int perIp = l.containsKey("max-connections-per-ip") ? count(value(l, "max-connections-per-ip"), "max-connections-per-ip", 1)
                : d.maxConnectionsPerIp();
        int maxErrors = l.containsKey("max-errors") ? count(value(l, "max-errors"), "max-errors", 1) : d.maxErrors();
        Duration idle = l.containsKey("idle-timeout") ? duration(value(l, "idle-timeout"), "idle-timeout") : d.idleTimeout();
        long minFree = l.containsKey("min-free-disk") ? size(value(l, "min-free-disk"), "min-free-disk") : d.minFreeDisk();
        if (maxSize <= 0) {
            throw error(value(l, "max-message-size"), "max-message-size must be more than 0");
        }
        if (idle.isZero()) {
            throw error(value(l, "idle-timeout"), "idle-timeout must be more than 0");
        }
        return new TernConfig.Limits(maxSize, maxRcpt, maxConn, perIp, maxErrors, idle, minFree);
    }

    // ---- node helpers: each names the position of the node it complains about ----

    private ConfigException error(Node n, String problem) {
        Mark m = n.getStartMark();
        return new ConfigException(file, m.getLine() + 1, m.getColumn() + 1, problem);
    }

    private static String kind(Node n) {
        return switch (n.getNodeId()) {
            case scalar -> "a single value";
            case sequence -> "a list";
            case mapping -> "a mapping";
            default -> "an anchor";
        };
    }

    /** The entries of a mapping by key; with {@code known} set, other keys are errors. */
    private Map<String, NodeTuple> mapping(Node n, String what, Set<String> known) throws ConfigException {
        if (!(n instanceof MappingNode map)) {
            throw error(n, what + ": expected a mapping (key: value), found " + kind(n));
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = scalar(t.getKeyNode(), what + " key");
            if (known != null && !known.contains(key)) {
                throw error(t.getKeyNode(), "unknown key '" + key + "' in " + what + " (known keys: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
            if (out.put(known == null ? key.toLowerCase(java.util.Locale.ROOT) : key, t) != null) {
                throw error(t.getKeyNode(), "key '" + key + "' appears twice in " + what);
            }
        }
        return out;
    }

    private static Node value(Map<String, NodeTuple> map, String key) {
        return map.get(key).getValueNode();
    }

    private List<Node> sequence(Node n, String what) throws ConfigException {
        if (!(n instanceof SequenceNode seq)) {
            throw error(n, what + ": expected a list, found " + kind(n));
        }
        return seq.getValue();
    }

    /** A list, or a single value standing for a list of one. */
    private List<Node> sequenceOrOne(Node n, String what) throws ConfigException {
        if (n instanceof ScalarNode) {
            return List.of(n);
        }
        return sequence(n, what);
    }

    private String scalar(Node n, String what) throws ConfigException {
        if (!(n instanceof ScalarNode s)) {
            throw error(n, what + ": expected a single value, found " + kind(n));
        }
        return s.getValue();
    }

    private boolean bool(Node n, String what) throws ConfigException {
        String v = scalar(n, what);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw error(n, what + ": expected true or false, found '" + v + "'");
    }

    private boolean flag(Map<String, NodeTuple> map, String key, boolean dflt) throws ConfigException {
        return map.containsKey(key) ? bool(value(map, key), key) : dflt;
    }

    private long size(Node n, String what) throws ConfigException {
        try {
            return Units.parseSize(scalar(n, what));
        } catch (IllegalArgumentException e) {
            throw error(n, what + ": " + e.getMessage());
        }
    }

    private Duration duration(Node n, String what) throws ConfigException {
        try {
            return Units.parseDuration(scalar(n, what));
        } catch (IllegalArgumentException e) {
            throw error(n, what + ": " + e.getMessage());
        }
    }

    private int count(Node n, String what, int min) throws ConfigException {
        String v = scalar(n, what);
        try {
            int i = Integer.parseInt(v);
            if (i < min) {
                throw error(n, what + ": must be at least " + min + ", found " + i);
            }
            return i;
        } catch (NumberFormatException e) {
            throw error(n, what + ": expected a whole number, found '" + v + "'");
        }
    }

    private String domain(Node n, String what) throws ConfigException {
        String v = scalar(n, what);
        try {
            new Mailbox("x", v);
            if (v.startsWith("[")) {
                throw new IllegalArgumentException("an address literal is not a domain name");
            }
            return v;
        } catch (IllegalArgumentException e) {
            throw error(n, what + ": bad domain name '" + v + "': " + e.getMessage());
        }
    }

    private Mailbox address(Node n, String what) throws ConfigException {
        String v = scalar(n, what);
        try {
            return PathParser.parseMailbox(v, true);
        } catch (ReplyException e) {
            String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.reply().text();
            throw error(n, what + ": bad address '" + v + "': " + why);
        }
    }

    private Mailbox localAddress(Node n, Set<String> domains, String what) throws ConfigException {
        Mailbox m = address(n, what);
        if (!domains.contains(m.domainKey())) {
            throw error(n, what + ": " + m + " is not in a local domain (domains: " + String.join(", ", domains) + ")");
        }
        return m;
    }

    private void define(Map<String, Node> defined, Mailbox m, Node where) throws ConfigException {
        Node before = defined.putIfAbsent(TernConfig.key(m), where);
        if (before != null) {
            throw error(where, m + " is already defined at line " + (before.getStartMark().getLine() + 1)
                    + "; an address is one of user, alias, list or moved");
        }
    }

    private InetSocketAddress listenAddress(Node n) throws ConfigException {
        String v = scalar(n, "listen");
        try {
            return parseListen(v);
        } catch (IllegalArgumentException e) {
            throw error(n, "listen: " + e.getMessage());
        }
    }

    /** {@code host:port}, {@code [v6]:port} or {@code :port}/{@code port} (loopback); the host must be an IP address. */
    public static InetSocketAddress parseListen(String text) {
        String v = text.trim();
        String host;
        String port;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0 || close + 1 >= v.length() || v.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("expected [IPv6]:port, found '" + v + "'");
            }
            host = v.substring(1, close);
            port = v.substring(close + 2);
        } else {
            int colon = v.lastIndexOf(':');
            host = colon < 0 ? TernConfig.DEFAULT_HOST : v.substring(0, colon);
            port = colon < 0 ? v : v.substring(colon + 1);
            if (host.isEmpty()) {
                host = TernConfig.DEFAULT_HOST;
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port '" + port + "' in '" + v + "' (expected host:port)");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("port " + p + " out of range 0-65535");
        }
        if (!host.matches("[0-9A-Fa-f:.]+") && !host.equals("localhost")) {
            throw new IllegalArgumentException("listen on an IP address, not a host name: '" + host + "'");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), p);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + host + "'");
        }
    }
}
