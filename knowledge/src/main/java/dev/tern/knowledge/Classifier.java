package dev.tern.knowledge;

import dev.tern.protocol.data.TsvResource;
import dev.tern.protocol.reply.EnhancedCode;
import dev.tern.protocol.reply.EnhancedStatus;
import dev.tern.protocol.reply.Reply;
import dev.tern.protocol.reply.ReplyRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a reply (or a bounce's diagnostic text) and says why it failed and whether a retry may
 * help. It decides on the enhanced code and the text, not only the first digit (spec §3).
 *
 * <p>Order of decision, first that applies wins (docs/knowledge.md):
 * <ol>
 *   <li>a positive reply (2xx, 3xx, or only a 2.x.x code): {@link Reason#DELIVERED};</li>
 *   <li>a strong text rule ({@code classifier-rules.tsv}, tier {@code strong});</li>
 *   <li>a specific enhanced code ({@code code-reasons.tsv});</li>
 *   <li>a specific basic code (530, 535, ...);</li>
 *   <li>a weak text rule;</li>
 *   <li>a generic enhanced code (X.0.0, X.7.1, ...);</li>
 *   <li>a generic basic code, else {@link Reason#UNDEFINED}.</li>
 * </ol>
 * Soft or hard then follows the reason's {@link Reason.Policy} and the class digit.
 */
public final class Classifier {

    private static final Classifier STANDARD = new Classifier(loadRules(), loadCodes());

    // A basic code where a server puts it: line start, or after "said:", "returned '", "#", ";".
    private static final Pattern BASIC_AT_LINE_START = Pattern.compile("^\\s*#?([2-5]\\d\\d)(?:[ -]|$)");
    private static final Pattern BASIC_IN_TEXT = Pattern.compile(
            "(?:said:?|returned|error:?|reply:?|[;:'\"#(<])\\s*([2-5][0-5]\\d)(?=[ -](?:[245]\\.\\d|\\D)|$)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ENHANCED_AT_START = Pattern.compile("^#?([245]\\.\\d{1,3}\\.\\d{1,3})(?![\\d.])\\s*");
    // A line prefix left inside a folded reply: " 550-5.7.1 ", " 550- ", or the last line's " 550 5.7.1 ".
    private static final Pattern FOLDED_PREFIX = Pattern.compile("(?<=\\S)\\s+([245]\\d\\d)([ -])(?:([245]\\.\\d{1,3}\\.\\d{1,3})\\s+)?");
    private static final Pattern ENHANCED_ANYWHERE = Pattern.compile("(?<![\\d.])([245]\\.\\d{1,3}\\.\\d{1,3})(?![\\d.]*\\d)");

    private final List<Rule> rules;
    private final Map<String, CodeReason> codes;

    private Classifier(List<Rule> rules, Map<String, CodeReason> codes) {
        this.rules = rules;
        this.codes = codes;
    }

    /** The classifier with Tern's rules. */
    public static Classifier standard() {
        return STANDARD;
    }

    /**
     * Classifies a reply as text: one line ({@code 550 5.1.1 no such user}), a multi-line reply
     * ({@code 550-5.1.1 ...\n550 5.1.1 ...}) or a bounce's free-text diagnostic, codes anywhere.
     */
    public static Classification classify(String replyText) {
        return STANDARD.classifyText(replyText);
    }

    /** Classifies a reply that was already parsed (by the client's {@code ReplyReader}). */
    public static Classification classify(Reply reply) {
        return STANDARD.classifyCodes(reply.code(), reply.enhanced(), reply.text());
    }

    /**
     * Classifies from known codes and a text. {@code basic} 0 and {@code enhanced} null mean "not
     * known"; codes found in the text fill in what is not given.
     */
    public static Classification classify(int basic, EnhancedCode enhanced, String text) {
        return STANDARD.classifyCodes(basic, enhanced, text);
    }

    public Classification classifyText(String replyText) {
        return classifyCodes(0, null, replyText == null ? "" : replyText);
    }

    public Classification classifyCodes(int givenBasic, EnhancedCode givenEnhanced, String rawText) {
        Extracted x = extract(rawText == null ? "" : rawText);
        int basic = givenBasic != 0 ? givenBasic : x.basic;
        EnhancedCode enhanced = givenEnhanced != null ? givenEnhanced : x.enhanced;
        String text = x.text;
        int klass = basic != 0 ? basic / 100 : enhanced != null ? enhanced.klass() : 0;

        if (klass == 2 || klass == 3) {
            String rule = basic != 0 ? "basic:" + klass + "xx" : "enhanced:2.x.x";
            return result(Reason.DELIVERED, klass, basic, enhanced, rule, "a positive reply is not a failure", text);
        }
        Optional<Classification> r = textRule(Tier.STRONG, klass, basic, enhanced, text);
        if (r.isPresent()) {
            return r.get();
        }
        CodeReason ec = enhanced == null ? null : codes.get(enhanced.registryKey());
        if (ec != null && ec.specific) {
            return byEnhanced(ec, klass, basic, enhanced, text);
        }
        CodeReason bc = basic == 0 ? null : codes.get(Integer.toString(basic));
        if (bc != null && bc.specific) {
            return byBasic(bc, klass, basic, enhanced, text);
        }
        r = textRule(Tier.WEAK, klass, basic, enhanced, text);
        if (r.isPresent()) {
            return r.get();
        }
        if (ec != null) {
            return byEnhanced(ec, klass, basic, enhanced, text);
        }
        if (bc != null) {
            return byBasic(bc, klass, basic, enhanced, text);
        }
        if (klass == 4 || klass == 5) {
            return result(Reason.UNDEFINED, klass, basic, enhanced, "class:" + klass,
                    "nothing specific found; the class digit " + klass + " says "
                            + (klass == 4 ? "transient" : "permanent"), text);
        }
        return result(Reason.UNDEFINED, klass, basic, enhanced, "none",
                "no reply code and no known wording in the text", text);
    }

    private Classification byEnhanced(CodeReason c, int klass, int basic, EnhancedCode enhanced, String text) {
        String name = ReplyRegistry.standard().enhanced(enhanced).map(EnhancedStatus::name).orElse("?");
        return result(c.reason, klass, basic, enhanced, "enhanced:" + enhanced.registryKey(),
                "enhanced code " + enhanced + " (" + name + ")", text);
    }

    private Classification byBasic(CodeReason c, int klass, int basic, EnhancedCode enhanced, String text) {
        String meaning = ReplyRegistry.standard().basic(basic).map(b -> b.defaultText()).orElse("?");
        return result(c.reason, klass, basic, enhanced, "basic:" + basic,
                "basic code " + basic + " (" + meaning + ")", text);
    }

    private Optional<Classification> textRule(Tier tier, int klass, int basic, EnhancedCode enhanced, String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        for (Rule rule : rules) {
            if (rule.tier != tier || !rule.acceptsEnhanced(enhanced)) {
                continue;
            }
            Matcher m = rule.pattern.matcher(text);
            if (m.find()) {
                return Optional.of(result(rule.reason, klass, basic, enhanced, "text:" + rule.id,
                        "the text says \"" + m.group() + "\"", text));
            }
        }
        return Optional.empty();
    }

    private static Classification result(Reason reason, int klass, int basic, EnhancedCode enhanced,
                                         String rule, String why, String text) {
        return new Classification(reason, reason.bounceFor(klass), basic, enhanced, rule, why, text);
    }

    /** The rule identifiers in order, for docs and tests. */
    public List<String> ruleIds() {
        return rules.stream().map(r -> "text:" + r.id).toList();
    }

    /** The reason the code table gives an enhanced key ({@code X.2.2}) or a basic code ({@code 552}). */
    public Optional<Reason> codeReason(String key) {
        CodeReason c = codes.get(key);
        return c == null ? Optional.empty() : Optional.of(c.reason);
    }

    // ---- extraction -------------------------------------------------------------------------

    record Extracted(int basic, EnhancedCode enhanced, String text) {
    }

    /** Finds the first basic and enhanced code and returns the text without the line prefixes. */
    static Extracted extract(String raw) {
        int basic = 0;
        EnhancedCode enhanced = null;
        StringBuilder text = new StringBuilder();
        for (String line : raw.split("\\r?\\n|\\r")) {
            String rest = line;
            Matcher b = BASIC_AT_LINE_START.matcher(rest);
            if (b.find()) {
                if (basic == 0) {
                    basic = Integer.parseInt(b.group(1));
                }
                rest = rest.substring(b.end());
                Matcher e = ENHANCED_AT_START.matcher(rest);
                if (e.find()) {
                    Optional<EnhancedCode> ec = EnhancedCode.tryParse(e.group(1));
                    if (enhanced == null && ec.isPresent()) {
                        enhanced = ec.get();
                    }
                    rest = rest.substring(e.end());
                }
            }
            rest = rest.strip();
            if (!rest.isEmpty()) {
                if (text.length() > 0) {
                    text.append(' ');
                }
                text.append(rest);
            }
        }
        String joined = text.toString().replaceAll("\\s+", " ");
        if (basic == 0) {
            Matcher m = BASIC_IN_TEXT.matcher(joined);
            if (m.find()) {
                basic = Integer.parseInt(m.group(1));
            }
        }
        if (enhanced == null) {
            Matcher m = ENHANCED_ANYWHERE.matcher(joined);
            while (m.find()) {
                Optional<EnhancedCode> ec = EnhancedCode.tryParse(m.group(1));
                if (ec.isPresent()) {
                    enhanced = ec.get();
                    break;
                }
            }
        }
        if (basic != 0 && joined.indexOf(String.valueOf(basic)) >= 0) {
            // A multi-line reply folded into one line (a DSN's Diagnostic-Code, a quoted reply)
            // keeps each line's "550-5.7.1" prefix inside its sentences; drop those repeats so the
            // words read as the server wrote them (RFC 5321 §4.2.1).
            String code = String.valueOf(basic);
            String status = enhanced == null ? null : enhanced.toString();
            joined = FOLDED_PREFIX.matcher(joined).replaceAll(m -> m.group(1).equals(code)
                    && (m.group(2).equals("-") || m.group(3) != null && m.group(3).equals(status)) ? " " : Matcher.quoteReplacement(m.group()));
        }
        return new Extracted(basic, enhanced, joined);
    }

    // ---- data -------------------------------------------------------------------------------

    private enum Tier { STRONG, WEAK }

    private record Rule(String id, Tier tier, Reason reason, List<String> enhancedFilter, Pattern pattern) {
        boolean acceptsEnhanced(EnhancedCode code) {
            if (enhancedFilter.isEmpty()) {
                return true;
            }
            for (String f : enhancedFilter) {
                if (f.equals("-") && code == null) {
                    return true;
                }
                if (code != null && !f.equals("-")) {
                    String key = code.registryKey();
                    if (f.endsWith(".*") ? key.startsWith(f.substring(0, f.length() - 1))
                            : f.indexOf('?') >= 0 ? digitsMatch(f, key) : key.equals(f)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** A filter such as {@code X.7.6??}: each "?" stands for one digit, the rest is literal. */
        private static boolean digitsMatch(String filter, String key) {
            if (filter.length() != key.length()) {
                return false;
            }
            for (int i = 0; i < filter.length(); i++) {
                char f = filter.charAt(i);
                char k = key.charAt(i);
                if (f == '?' ? !Character.isDigit(k) : f != k) {
                    return false;
                }
            }
            return true;
        }
    }

    private record CodeReason(Reason reason, boolean specific) {
    }

    private static List<Rule> loadRules() {
        List<Rule> out = new ArrayList<>();
        for (String[] f : rows("classifier-rules.tsv", 5)) {
            Reason reason = Reason.byId(f[2]).orElseThrow(() -> new IllegalStateException("unknown reason " + f[2]));
            List<String> filter = f[3].equals("*") ? List.of() : List.of(f[3].split(","));
            out.add(new Rule(f[0], Tier.valueOf(f[1].toUpperCase(Locale.ROOT)), reason, filter,
                    Pattern.compile(f[4], Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
        }
        return List.copyOf(out);
    }

    private static Map<String, CodeReason> loadCodes() {
        Map<String, CodeReason> out = new HashMap<>();
        for (String[] f : rows("code-reasons.tsv", 3)) {
            Reason reason = Reason.byId(f[1]).orElseThrow(() -> new IllegalStateException("unknown reason " + f[1]));
            if (out.put(f[0], new CodeReason(reason, f[2].equals("specific"))) != null) {
                throw new IllegalStateException("code listed twice in code-reasons.tsv: " + f[0]);
            }
        }
        return Map.copyOf(out);
    }

    /** A data file of this package (rules, texts), checked for its column count. */
    static List<String[]> rows(String resource, int columns) {
        return TsvResource.rows(Classifier.class, resource, columns);
    }
}
