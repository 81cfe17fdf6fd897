package dev.tern.relay.route;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Static routes kept in a text file (like Postfix's transport table), read again whenever it
 * changes, so a smart host can be set or changed while the server runs. One route a line:
 *
 * <pre>
 *   # domain         next hop                     options
 *   example.net      127.0.0.1:2525
 *   partner.example  [2001:db8::7]:25             tls=none
 *   *                smtp.provider.example:587    tls=required auth=relayuser password-file=/etc/tern/relay.secret
 * </pre>
 *
 * {@code *} routes every domain without a line of its own (a smart host). The port defaults to
 * 25; {@code tls} is {@code opportunistic} (default), {@code required}, {@code implicit} or
 * {@code none}; AUTH takes the user name and a file whose first line is the password (never the
 * password itself in this file). Domains without a route go to the fallback (MX). A file with an
 * error is refused as a whole with the line named, and the routes read before stay in force.
 */
public final class RoutesFile implements Router {

    private static final Logger LOG = LoggerFactory.getLogger(RoutesFile.class);

    private final Path file;
    private final Router fallback;
    private FileTime loadedTime;
    private long loadedSize = -1;
    private StaticRoutes current;

    public RoutesFile(Path file, Router fallback) {
        this.file = file;
        this.fallback = fallback;
        this.current = new StaticRoutes(Map.of(), fallback);
    }

    @Override
    public Route route(String domain) {
        return table().route(domain);
    }

    private synchronized StaticRoutes table() {
        try {
            FileTime t = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (!t.equals(loadedTime) || size != loadedSize) {
                loadedTime = t;
                loadedSize = size;
                current = new StaticRoutes(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()), fallback);
                LOG.info("routes read from {}", file);
            }
        } catch (NoSuchFileException none) {
            if (loadedSize != -1) {
                current = new StaticRoutes(Map.of(), fallback);
                loadedSize = -1;
                loadedTime = null;
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("routes file not used, the previous routes stay: {}", e.getMessage());
        }
        return current;
    }

    /** Reads the table; throws {@link IllegalArgumentException} naming {@code source:line} for any error. */
    public static Map<String, StaticRoutes.Entry> parse(String text, String source) {
        Map<String, StaticRoutes.Entry> routes = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = source + ":" + (n + 1) + ": ";
            List<String> f = List.of(line.split("\\s+"));
            if (f.size() < 2) {
                throw new IllegalArgumentException(where + "a route needs a domain and a next hop");
            }
            String domain = f.get(0).toLowerCase(Locale.ROOT);
            if (!domain.equals("*") && !domain.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
                throw new IllegalArgumentException(where + "not a domain: " + f.get(0));
            }
            if (routes.containsKey(domain)) {
                throw new IllegalArgumentException(where + "a second route for " + domain);
            }
            String host;
            int port = 25;
            String hop = f.get(1);
            int colon;
            if (hop.startsWith("[")) {
                int close = hop.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException(where + "no ']' in " + hop);
                }
                host = hop.substring(1, close);
                colon = hop.length() > close + 1 && hop.charAt(close + 1) == ':' ? close + 1 : -1;
                if (colon < 0 && hop.length() > close + 1) {
                    throw new IllegalArgumentException(where + "bad next hop " + hop);
                }
            } else {
                colon = hop.lastIndexOf(':');
                host = colon < 0 ? hop : hop.substring(0, colon);
            }
            if (colon >= 0) {
                try {
                    port = Integer.parseInt(hop.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + "bad port in " + hop);
                }
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException(where + "port out of range in " + hop);
                }
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException(where + "no host in " + hop);
            }
            Hop.TlsPolicy tls = Hop.TlsPolicy.OPPORTUNISTIC;
            String user = null;
            Path passwordFile = null;
            for (String opt : f.subList(2, f.size())) {
                int eq = opt.indexOf('=');
                String key = eq < 0 ? opt : opt.substring(0, eq).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : opt.substring(eq + 1);
                switch (key) {
                    case "tls" -> {
                        try {
                            tls = Hop.TlsPolicy.valueOf(value.toUpperCase(Locale.ROOT));
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException(where + "tls is opportunistic, required, implicit or none, not " + value);
                        }
                    }
                    case "auth" -> user = value;
                    case "password-file" -> passwordFile = Path.of(value);
                    default -> throw new IllegalArgumentException(where + "unknown option " + key
                            + " (known: tls, auth, password-file)");
                }
            }
            Hop.Credentials creds = null;
            if (user != null || passwordFile != null) {
                if (user == null || user.isEmpty() || passwordFile == null) {
                    throw new IllegalArgumentException(where + "auth needs both auth=USER and password-file=FILE");
                }
                String password;
                try {
                    password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
                } catch (IOException e) {
                    throw new IllegalArgumentException(where + "cannot read password file " + passwordFile + ": " + e);
                }
                if (password.isEmpty()) {
                    throw new IllegalArgumentException(where + "password file " + passwordFile + " is empty");
                }
                creds = new Hop.Credentials(user, password);
            }
            routes.put(domain, new StaticRoutes.Entry(host, port, tls, creds));
        }
        return routes;
    }
}
