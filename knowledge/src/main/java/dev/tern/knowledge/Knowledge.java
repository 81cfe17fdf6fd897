package dev.tern.knowledge;

import dev.tern.protocol.reply.BasicCode;
import dev.tern.protocol.reply.EnhancedCode;
import dev.tern.protocol.reply.EnhancedStatus;
import dev.tern.protocol.reply.Reading;
import dev.tern.protocol.reply.ReplyRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What reply codes mean and what to do about them, in English, Chinese and French. The facts
 * (class, commands, RFC) come from the protocol's {@link ReplyRegistry}; the written texts come
 * from {@link Texts}.
 */
public final class Knowledge {

    private static final Pattern QUERY = Pattern.compile(
            "^\\s*(?:([1-9]\\d\\d)(?:[ \\-]+([245xX]\\.\\d{1,3}\\.\\d{1,3}))?|([245xX]\\.\\d{1,3}\\.\\d{1,3}))\\s*$");

    /** Stage name shown for 421, which may answer any command (spec §2). */
    public static final String ANY_COMMAND = "any command";

    private Knowledge() {
    }

    /** Explains a code given as text: {@code 550}, {@code 5.1.1}, {@code X.1.1}, {@code 550 5.1.1}. */
    public static Explanation explain(String query, Lang lang) {
        Matcher m = QUERY.matcher(query == null ? "" : query);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a reply code: \"" + query
                    + "\" (expected e.g. 550, 5.1.1 or \"550 5.1.1\")");
        }
        if (m.group(3) != null) {
            return explainEnhanced(m.group(3), lang);
        }
        int basic = Integer.parseInt(m.group(1));
        if (m.group(2) == null) {
            return explainBasic(basic, lang);
        }
        String enh = m.group(2);
        if (enh.charAt(0) == 'x' || enh.charAt(0) == 'X') {
            enh = (basic / 100 >= 2 && basic / 100 <= 5 && basic / 100 != 3 ? basic / 100 : 5) + enh.substring(1);
        }
        return explain(basic, EnhancedCode.parse(enh), lang);
    }

    public static Explanation explain(String query, Locale locale) {
        return explain(query, Lang.of(locale));
    }

    /** Explains a basic code with an optional enhanced code (null for none). */
    public static Explanation explain(int basic, EnhancedCode enhanced, Lang lang) {
        if (enhanced == null) {
            return explainBasic(basic, lang);
        }
        return explainCombination(basic, enhanced, lang);
    }

    public static Explanation explain(int basic, EnhancedCode enhanced, Locale locale) {
        return explain(basic, enhanced, Lang.of(locale));
    }

    /**
     * Every entry: each basic code of the registry, each enhanced registry entry (as {@code X.s.d})
     * and each well-known combination, in that order.
     */
    public static List<Explanation> all(Lang lang) {
        List<Explanation> out = new ArrayList<>();
        for (BasicCode b : registry().basicCodes()) {
            out.add(explainBasic(b.code(), lang));
        }
        for (EnhancedStatus e : registry().enhancedCodes()) {
            out.add(explainEnhanced(e.key(), lang));
        }
        for (String key : Texts.standard().combinationKeys()) {
            out.add(explain(key, lang));
        }
        return out;
    }

    /** The keys every language must have an entry for: basic codes, enhanced keys, combinations. */
    public static List<String> requiredKeys() {
        List<String> keys = new ArrayList<>();
        registry().basicCodes().forEach(b -> keys.add(Integer.toString(b.code())));
        registry().enhancedCodes().forEach(e -> keys.add(e.key()));
        keys.addAll(Texts.standard().combinationKeys());
        return keys;
    }

    // ---- basic ------------------------------------------------------------------------------

    static Explanation explainBasic(int code, Lang lang) {
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("a basic reply code has three digits: " + code);
        }
        Texts t = Texts.standard();
        Optional<BasicCode> known = registry().basic(code);
        Outcome outcome = Outcome.of(Reading.ofCode(code));
        if (known.isEmpty()) {
            return unknownBasic(code, outcome, lang);
        }
        BasicCode b = known.get();
        Texts.Entry e = entry(lang, Integer.toString(code), b.defaultText(), b.meaning());
        List<String> notes = new ArrayList<>();
        if (!b.standard()) {
            notes.add(t.ui(lang, "note.nonstandard"));
        }
        return new Explanation(Integer.toString(code), lang, true, code, null, e.title(), e.meaning(), outcome,
                Classifier.standard().codeReason(Integer.toString(code)).orElse(null), commands(code), e.causes(),
                e.sender(), e.operator(), rfcs(b.rfc()), List.of(Integer.toString(code)), notes);
    }

    private static Explanation unknownBasic(int code, Outcome outcome, Lang lang) {
        Texts t = Texts.standard();
        int klass = code / 100;
        int subject = (code / 10) % 10;
        String classText = t.ui(lang, klass >= 2 && klass <= 5 ? "digit.class." + klass : "digit.class.invalid");
        String subjectText = t.ui(lang, subject <= 5 ? "digit.subject." + subject : "digit.subject.invalid");
        String meaning = t.format(lang, "unknown.basic", Map.of("code", Integer.toString(code),
                "class", Integer.toString(klass), "classText", classText,
                "subject", Integer.toString(subject), "subjectText", subjectText));
        String sender = t.ui(lang, "unknown.sender." + (klass == 4 ? "soft" : klass == 2 || klass == 3 ? "ok" : "hard"));
        return new Explanation(Integer.toString(code), lang, false, code, null, t.ui(lang, "unknown.title"), meaning,
                outcome, null, List.of(), "", sender, t.ui(lang, "unknown.operator"), List.of(), List.of(), List.of());
    }

    // ---- enhanced ---------------------------------------------------------------------------

    static Explanation explainEnhanced(String code, Lang lang) {
        String c = code.trim();
        boolean classless = c.charAt(0) == 'x' || c.charAt(0) == 'X';
        EnhancedCode parsed = EnhancedCode.parse(classless ? "5" + c.substring(1) : c);
        String shown = classless ? "X." + parsed.subject() + "." + parsed.detail() : parsed.toString();
        Outcome outcome = classless ? Outcome.BY_CLASS : Outcome.of(Reading.ofClass(parsed.klass()));
        Optional<EnhancedStatus> status = registry().enhanced(parsed);
        Texts t = Texts.standard();
        if (status.isEmpty()) {
            String meaning = t.format(lang, "unknown.enhanced", Map.of("code", shown,
                    "class", classless ? "X" : Integer.toString(parsed.klass()),
                    "classText", classless ? t.ui(lang, "class.by-class") : t.ui(lang, "digit.class." + parsed.klass()),
                    "subject", Integer.toString(parsed.subject()),
                    "subjectText", t.ui(lang, parsed.subject() <= 7 ? "esubject." + parsed.subject() : "esubject.invalid")));
            String sender = t.ui(lang, "unknown.sender." + (classless ? "hard"
                    : parsed.klass() == 4 ? "soft" : parsed.klass() == 2 ? "ok" : "hard"));
            return new Explanation(shown, lang, false, 0, shown, t.ui(lang, "unknown.title"), meaning, outcome,
                    null, List.of(), "", sender, t.ui(lang, "unknown.operator"), List.of(), List.of(), List.of());
        }
        EnhancedStatus s = status.get();
        Texts.Entry e = entry(lang, s.key(), s.name(), s.description());
        List<String> notes = new ArrayList<>();
        if (!classless && !s.allowsClass(parsed.klass())) {
            notes.add(t.format(lang, "note.enhancedClass", Map.of("code", shown, "classes", classesText(s))));
        }
        Set<String> cmds = new LinkedHashSet<>();
        for (int b : s.basicCodes()) {
            cmds.addAll(commands(b));
        }
        Reason reason = classless || parsed.klass() != 2
                ? Classifier.standard().codeReason(s.key()).orElse(null) : Reason.DELIVERED;
        return new Explanation(shown, lang, true, 0, shown, e.title(), e.meaning(), outcome, reason,
                List.copyOf(cmds), e.causes(), e.sender(), e.operator(), rfcs(s.rfc()), List.of(s.key()), notes);
    }

    private static String classesText(EnhancedStatus s) {
        return String.join(", ", s.classes().stream().sorted().map(String::valueOf).toList());
    }

    // ---- combination ------------------------------------------------------------------------

    static Explanation explainCombination(int basic, EnhancedCode enhanced, Lang lang) {
        Texts t = Texts.standard();
        String query = basic + " " + enhanced;
        Explanation b = explainBasic(basic, lang);
        Explanation e = explainEnhanced(enhanced.toString(), lang);
        Classification c = Classifier.classify(basic, enhanced, "");
        Outcome outcome = Outcome.of(c.bounce(), basic / 100);
        List<String> notes = new ArrayList<>();
        if (basic / 100 != enhanced.klass()) {
            notes.add(t.format(lang, "note.classMismatch", Map.of("basic", Integer.toString(basic),
                    "enhanced", enhanced.toString())));
        }
        notes.addAll(b.notes());
        notes.addAll(e.notes());
        Set<String> rfc = new LinkedHashSet<>(b.rfcs());
        rfc.addAll(e.rfcs());
        Optional<Texts.Entry> combo = t.entry(lang, basic + " " + enhanced)
                .or(() -> t.entry(Lang.EN, basic + " " + enhanced));
        List<String> entries = new ArrayList<>();
        if (combo.isPresent()) {
            Texts.Entry x = combo.get();
            entries.add(x.key());
            entries.addAll(b.entries());
            entries.addAll(e.entries());
            return new Explanation(query, lang, true, basic, enhanced.toString(), x.title(), x.meaning(), outcome,
                    c.reason(), b.commands(), x.causes(), x.sender(), x.operator(), List.copyOf(rfc), entries, notes);
        }
        if (!b.known() && !e.known()) {
            return new Explanation(query, lang, false, basic, enhanced.toString(), t.ui(lang, "unknown.title"),
                    b.meaning() + " " + e.meaning(), outcome, null, List.of(), "", b.senderAction(),
                    b.operatorChecks(), List.of(), List.of(), notes);
        }
        // No entry for the pair: the enhanced code is the more specific of the two, so its texts
        // lead; the basic code's meaning follows.
        Explanation lead = e.known() ? e : b;
        String meaning = e.known() && b.known() ? e.meaning() + " (" + basic + ": " + b.meaning() + ")"
                : lead.meaning();
        entries.addAll(b.entries());
        entries.addAll(e.entries());
        String title = e.known() && b.known() ? e.title() + " / " + b.title() : lead.title();
        return new Explanation(query, lang, true, basic, enhanced.toString(), title, meaning, outcome,
                c.reason(), b.commands(), lead.causes(), lead.senderAction(), lead.operatorChecks(),
                List.copyOf(rfc), entries, notes);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static Texts.Entry entry(Lang lang, String key, String fallbackTitle, String fallbackMeaning) {
        Texts t = Texts.standard();
        return t.entry(lang, key).or(() -> t.entry(Lang.EN, key))
                .orElse(new Texts.Entry(key, fallbackTitle, fallbackMeaning, "", "", ""));
    }

    /** The spec §2 stages that may return the code; "any command" for 421. */
    static List<String> commands(int code) {
        List<String> out = new ArrayList<>();
        if (code == ReplyRegistry.ANY_COMMAND_CODE) {
            out.add(ANY_COMMAND);
            return out;
        }
        out.addAll(registry().stagesReturning(code));
        return out;
    }

    private static List<String> rfcs(String rfc) {
        if (rfc == null || rfc.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : rfc.split(",")) {
            out.add(s.strip());
        }
        return out;
    }

    private static ReplyRegistry registry() {
        return ReplyRegistry.standard();
    }
}
