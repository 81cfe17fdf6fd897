package dev.tern.protocol.reply;

import dev.tern.protocol.data.TsvResource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one place Tern keeps what every reply code means: basic codes (spec §1), enhanced status
 * codes (IANA registry) and which codes each command may return (spec §2). Loaded once from the
 * data resources next to this class, so the server, the client, the tests and the knowledge base
 * read the same tables.
 */
public final class ReplyRegistry {

    /** Stage name for the greeting in {@link #allowedCodes(String)}. */
    public static final String STAGE_CONNECT = "connect";
    /** Stage name for the reply after the final dot of DATA or after BDAT LAST. */
    public static final String STAGE_END_OF_DATA = "end-of-data";
    /** Stage name for a verb the server does not know. */
    public static final String STAGE_UNKNOWN = "unknown";

    /** 421 may answer any command (spec §2; RFC 5321 §3.8): the server is closing the session. */
    public static final int ANY_COMMAND_CODE = 421;

    private static final ReplyRegistry STANDARD = load();

    private final Map<Integer, BasicCode> basic;
    private final Map<String, EnhancedStatus> enhanced;
    private final Map<String, Set<Integer>> commandReplies;

    private ReplyRegistry(Map<Integer, BasicCode> basic, Map<String, EnhancedStatus> enhanced,
                          Map<String, Set<Integer>> commandReplies) {
        this.basic = Collections.unmodifiableMap(basic);
        this.enhanced = Collections.unmodifiableMap(enhanced);
        this.commandReplies = Collections.unmodifiableMap(commandReplies);
    }

    public static ReplyRegistry standard() {
        return STANDARD;
    }

    public Optional<BasicCode> basic(int code) {
        return Optional.ofNullable(basic.get(code));
    }

    /** All basic codes in numeric order. */
    public List<BasicCode> basicCodes() {
        return List.copyOf(basic.values());
    }

    public Optional<EnhancedStatus> enhanced(EnhancedCode code) {
        return Optional.ofNullable(enhanced.get(code.registryKey()));
    }

    /** Looks up {@code X.1.1}, {@code 5.1.1} or {@code 4.1.1}. */
    public Optional<EnhancedStatus> enhanced(String code) {
        String key = code.trim();
        if (!key.isEmpty() && key.charAt(0) != 'X' && key.charAt(0) != 'x') {
            key = "X" + key.substring(1);
        }
        return Optional.ofNullable(enhanced.get(key.toUpperCase(Locale.ROOT)));
    }

    /** All enhanced registry entries in registry order. */
    public List<EnhancedStatus> enhancedCodes() {
        return List.copyOf(enhanced.values());
    }

    /** The stages of spec §2: verbs plus {@code connect}, {@code end-of-data} and {@code unknown}. */
    public Set<String> stages() {
        return commandReplies.keySet();
    }

    /**
     * The basic codes a command may return (spec §2). {@code stage} is a verb in upper case or
     * one of {@link #STAGE_CONNECT}, {@link #STAGE_END_OF_DATA}, {@link #STAGE_UNKNOWN}.
     */
    public Set<Integer> allowedCodes(String stage) {
        Set<Integer> listed = listedCodes(stage);
        if (listed.contains(ANY_COMMAND_CODE)) {
            return listed;
        }
        Set<Integer> codes = new TreeSet<>(listed);
        codes.add(ANY_COMMAND_CODE);
        return Collections.unmodifiableSet(codes);
    }

    /**
     * The codes of the stage's spec §2 row exactly as the spec lists them, without the 421 that
     * {@link #allowedCodes(String)} adds to every stage.
     */
    public Set<Integer> listedCodes(String stage) {
        Set<Integer> codes = commandReplies.get(normaliseStage(stage));
        if (codes == null) {
            throw new IllegalArgumentException("no such stage in spec §2: " + stage);
        }
        return codes;
    }

    public boolean isAllowed(String stage, int code) {
        return allowedCodes(stage).contains(code);
    }

    /** The commands (stages) whose spec §2 row lists this code, in table order (421 only where listed). */
    public List<String> stagesReturning(int code) {
        List<String> out = new ArrayList<>();
        commandReplies.forEach((stage, codes) -> {
            if (codes.contains(code)) {
                out.add(stage);
            }
        });
        return out;
    }

    private static String normaliseStage(String stage) {
        return switch (stage) {
            case STAGE_CONNECT, STAGE_END_OF_DATA, STAGE_UNKNOWN -> stage;
            default -> stage.toUpperCase(Locale.ROOT);
        };
    }

    private static ReplyRegistry load() {
        Map<Integer, BasicCode> basic = new LinkedHashMap<>();
        for (String[] f : rows("basic-codes.tsv", 7)) {
            int code = Integer.parseInt(f[0]);
            Reading reading = Reading.valueOf(f[1].toUpperCase(Locale.ROOT));
            boolean standard = f[2].equals("yes");
            List<EnhancedCode> typical = f[3].isEmpty() ? List.of()
                    : Arrays.stream(f[3].split(",")).map(EnhancedCode::parse).toList();
            if (basic.put(code, new BasicCode(code, reading, standard, typical, f[4], f[5], f[6])) != null) {
                throw new IllegalStateException("basic code listed twice: " + code);
            }
        }
        Map<String, EnhancedStatus> enhanced = new LinkedHashMap<>();
        for (String[] f : rows("enhanced-codes.tsv", 6)) {
            String[] parts = f[0].split("\\.");
            if (parts.length != 3 || !parts[0].equals("X")) {
                throw new IllegalStateException("bad enhanced registry key: " + f[0]);
            }
            Set<Integer> classes = new TreeSet<>();
            for (String c : f[1].split(",")) {
                classes.add(Integer.parseInt(c.trim()));
            }
            // "any", "not given" and "5xx" name no fixed basic code: an empty list
            List<Integer> codes = !f[2].matches("[0-9]{3}(,[0-9]{3})*") ? List.of()
                    : Arrays.stream(f[2].split(",")).map(Integer::parseInt).toList();
            EnhancedStatus e = new EnhancedStatus(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                    classes, codes, f[3], f[4], f[5]);
            if (enhanced.put(e.key(), e) != null) {
                throw new IllegalStateException("enhanced code listed twice: " + e.key());
            }
        }
        Map<String, Set<Integer>> commands = new LinkedHashMap<>();
        for (String[] f : rows("command-replies.tsv", 2)) {
            Set<Integer> codes = new HashSet<>();
            for (String c : f[1].split(",")) {
                int code = Integer.parseInt(c.trim());
                if (!basic.containsKey(code)) {
                    throw new IllegalStateException("command table names unknown code " + code);
                }
                codes.add(code);
            }
            commands.put(f[0], Collections.unmodifiableSet(new TreeSet<>(codes)));
        }
        return new ReplyRegistry(basic, enhanced, commands);
    }

    private static List<String[]> rows(String resource, int columns) {
        return TsvResource.rows(ReplyRegistry.class, resource, columns);
    }
}
