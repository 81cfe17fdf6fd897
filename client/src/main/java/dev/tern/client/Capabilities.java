package dev.tern.client;

import dev.tern.protocol.reply.Reply;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The service extensions a server announced in its EHLO reply (RFC 5321 §4.1.1.1): every line
 * after the first is a keyword with optional parameters. A server that only answered HELO has none.
 *
 * @param serverName the first word of the first line (the server's name for itself)
 * @param extensions upper-case keyword to its parameters, in announcement order
 * @param esmtp      whether EHLO was answered (false after the HELO fallback)
 */
public record Capabilities(String serverName, Map<String, List<String>> extensions, boolean esmtp) {

    /** No extensions: the state after HELO. */
    public static Capabilities none(String serverName) {
        return new Capabilities(serverName, Map.of(), false);
    }

    public Capabilities {
        serverName = serverName == null ? "" : serverName;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        extensions.forEach((k, v) -> copy.put(k.toUpperCase(Locale.ROOT), List.copyOf(v)));
        extensions = Collections.unmodifiableMap(copy);
    }

    /** Reads an EHLO reply. Lines that are not a keyword are skipped; {@code AUTH=X Y} (pre-RFC 4954 form) counts as AUTH. */
    public static Capabilities parse(Reply ehloReply) {
        List<String> lines = ehloReply.lines();
        String first = lines.get(0).trim();
        String name = first.isEmpty() ? "" : first.split("\\s+", 2)[0];
        Map<String, List<String>> ext = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] words = line.trim().split("\\s+");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            String keyword = words[0].toUpperCase(Locale.ROOT);
            List<String> params = new ArrayList<>(List.of(words).subList(1, words.length));
            if (keyword.startsWith("AUTH=")) {
                params.add(0, keyword.substring(5));
                keyword = "AUTH";
                List<String> merged = new ArrayList<>(ext.getOrDefault(keyword, List.of()));
                params.forEach(p -> {
                    if (!merged.contains(p.toUpperCase(Locale.ROOT))) {
                        merged.add(p.toUpperCase(Locale.ROOT));
                    }
                });
                ext.put(keyword, merged);
                continue;
            }
            if (!keyword.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-')) {
                continue;
            }
            if (keyword.equals("AUTH") && ext.containsKey("AUTH")) {
                List<String> merged = new ArrayList<>(ext.get("AUTH"));
                params.forEach(p -> {
                    if (!merged.contains(p.toUpperCase(Locale.ROOT))) {
                        merged.add(p.toUpperCase(Locale.ROOT));
                    }
                });
                ext.put(keyword, merged);
                continue;
            }
            ext.put(keyword, params);
        }
        return new Capabilities(name, ext, true);
    }

    public boolean has(String keyword) {
        return extensions.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    public List<String> params(String keyword) {
        return extensions.getOrDefault(keyword.toUpperCase(Locale.ROOT), List.of());
    }

    public boolean pipelining() {
        return has("PIPELINING");
    }

    public boolean eightBitMime() {
        return has("8BITMIME");
    }

    public boolean smtputf8() {
        return has("SMTPUTF8");
    }

    public boolean enhancedStatusCodes() {
        return has("ENHANCEDSTATUSCODES");
    }

    public boolean chunking() {
        return has("CHUNKING");
    }

    public boolean dsn() {
        return has("DSN");
    }

    public boolean starttls() {
        return has("STARTTLS");
    }

    /** Whether SIZE is announced (with or without a limit). */
    public boolean size() {
        return has("SIZE");
    }

    /**
     * The SIZE limit in octets (RFC 1870 §4). Empty when SIZE is not announced, has no number, or
     * the number is 0 (no fixed limit).
     */
    public OptionalLong sizeLimit() {
        List<String> p = params("SIZE");
        if (p.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(p.get(0));
            return n > 0 ? OptionalLong.of(n) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** AUTH mechanisms, upper case, in the server's order. */
    public Set<String> authMechanisms() {
        Set<String> out = new LinkedHashSet<>();
        params("AUTH").forEach(m -> out.add(m.toUpperCase(Locale.ROOT)));
        return out;
    }
}
