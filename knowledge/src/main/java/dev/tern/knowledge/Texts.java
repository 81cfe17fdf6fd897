package dev.tern.knowledge;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The written texts of the knowledge base: {@code explain-<lang>.tsv} (one entry per basic code,
 * enhanced registry entry and well-known combination) and {@code ui-<lang>.tsv} (labels and
 * message templates), one file per language so a translator works on one file.
 */
public final class Texts {

    /** The written fields of one entry, in one language. */
    public record Entry(String key, String title, String meaning, String causes, String sender, String operator) {

        /** The fields by name, for completeness checks. */
        public Map<String, String> fields() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("title", title);
            m.put("meaning", meaning);
            m.put("causes", causes);
            m.put("sender", sender);
            m.put("operator", operator);
            return m;
        }
    }

    private static final Texts STANDARD = load();

    private final Map<Lang, Map<String, Entry>> entries;
    private final Map<Lang, Map<String, String>> ui;

    private Texts(Map<Lang, Map<String, Entry>> entries, Map<Lang, Map<String, String>> ui) {
        this.entries = entries;
        this.ui = ui;
    }

    public static Texts standard() {
        return STANDARD;
    }

    /** The entry in this language, if written. */
    public Optional<Entry> entry(Lang lang, String key) {
        return Optional.ofNullable(entries.get(lang).get(key));
    }

    /** The entry keys of one language, in file order. */
    public List<String> keys(Lang lang) {
        return List.copyOf(entries.get(lang).keySet());
    }

    /** The combination keys ({@code 550 5.1.1}) written in English, in file order. */
    public List<String> combinationKeys() {
        return entries.get(Lang.EN).keySet().stream().filter(k -> k.contains(" ")).toList();
    }

    /** A label or template; falls back to English, then to the key itself. */
    public String ui(Lang lang, String key) {
        String s = ui.get(lang).get(key);
        if (s == null) {
            s = ui.get(Lang.EN).get(key);
        }
        return s == null ? key : s;
    }

    public Map<String, String> uiStrings(Lang lang) {
        return ui.get(lang);
    }

    /** Fills {@code {name}} placeholders of a template. */
    public String format(Lang lang, String key, Map<String, String> values) {
        String s = ui(lang, key);
        for (Map.Entry<String, String> e : values.entrySet()) {
            s = s.replace("{" + e.getKey() + "}", e.getValue());
        }
        return s;
    }

    private static Texts load() {
        Map<Lang, Map<String, Entry>> entries = new EnumMap<>(Lang.class);
        Map<Lang, Map<String, String>> ui = new EnumMap<>(Lang.class);
        for (Lang lang : Lang.values()) {
            Map<String, Entry> m = new LinkedHashMap<>();
            for (String[] f : Classifier.rows("explain-" + lang.code() + ".tsv", 6)) {
                Entry e = new Entry(f[0], f[1].strip(), f[2].strip(), f[3].strip(), f[4].strip(), f[5].strip());
                if (m.put(f[0], e) != null) {
                    throw new IllegalStateException("explain-" + lang.code() + ".tsv lists " + f[0] + " twice");
                }
            }
            entries.put(lang, m);
            Map<String, String> u = new LinkedHashMap<>();
            for (String[] f : Classifier.rows("ui-" + lang.code() + ".tsv", 2)) {
                if (u.put(f[0], f[1]) != null) {
                    throw new IllegalStateException("ui-" + lang.code() + ".tsv lists " + f[0] + " twice");
                }
            }
            ui.put(lang, u);
        }
        return new Texts(entries, ui);
    }
}
