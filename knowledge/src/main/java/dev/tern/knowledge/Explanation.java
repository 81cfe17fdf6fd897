package dev.tern.knowledge;

import java.util.List;
import java.util.Objects;

/**
 * What one reply code, enhanced code or combination of both means, in one language.
 *
 * @param query          the code as normalised: {@code 550}, {@code 5.1.1}, {@code X.1.1} or {@code 550 5.1.1}
 * @param lang           the language of the texts
 * @param known          false when Tern has no entry and only the digits could be read
 * @param basic          the basic code, 0 when the query had none
 * @param enhanced       the enhanced code as given ({@code 5.1.1} or {@code X.1.1}), null when none
 * @param title          a short name
 * @param meaning        what it means
 * @param outcome        success, intermediate, soft or hard bounce (for a combination: as the
 *                       classifier reads it, so 552 5.2.2 is a soft bounce, spec §3)
 * @param reason         the classifier's reason for the code alone (null for an unknown code)
 * @param commands       the commands (spec §2 stages) that may return it, from the reply registry
 * @param causes         what typically causes it
 * @param senderAction   what the sender should do
 * @param operatorChecks what the receiving server's operator can check
 * @param rfcs           the documents that define it
 * @param entries        the knowledge-base entries the texts come from ({@code 550}, {@code X.1.1}, {@code 550 5.1.1})
 * @param notes          remarks about this particular code (e.g. class digits that disagree)
 */
public record Explanation(String query, Lang lang, boolean known, int basic, String enhanced, String title,
                          String meaning, Outcome outcome, Reason reason, List<String> commands, String causes,
                          String senderAction, String operatorChecks, List<String> rfcs, List<String> entries,
                          List<String> notes) {

    public Explanation {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(lang, "lang");
        Objects.requireNonNull(outcome, "outcome");
        commands = List.copyOf(commands);
        rfcs = List.copyOf(rfcs);
        entries = List.copyOf(entries);
        notes = List.copyOf(notes);
    }

    /** Human-readable text with labels in the explanation's language. */
    public String render() {
        Texts t = Texts.standard();
        StringBuilder sb = new StringBuilder();
        sb.append(query).append(" — ").append(title).append('\n');
        line(sb, t.ui(lang, "label.class"), t.ui(lang, "class." + outcome.id()));
        line(sb, t.ui(lang, "label.meaning"), meaning);
        if (reason != null) {
            line(sb, t.ui(lang, "label.reason"), reason.id());
        }
        if (!commands.isEmpty()) {
            line(sb, t.ui(lang, "label.commands"), String.join(", ", commands.stream()
                    .map(c -> c.equals(Knowledge.ANY_COMMAND) ? t.ui(lang, "commands.any") : c).toList()));
        }
        line(sb, t.ui(lang, "label.causes"), causes);
        line(sb, t.ui(lang, "label.sender"), senderAction);
        line(sb, t.ui(lang, "label.operator"), operatorChecks);
        line(sb, t.ui(lang, "label.rfc"), rfcs.isEmpty() ? t.ui(lang, known ? "rfc.none" : "rfc.unknown") : String.join(", ", rfcs));
        for (String note : notes) {
            line(sb, t.ui(lang, "label.note"), note);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String label, String value) {
        if (value != null && !value.isEmpty()) {
            sb.append("  ").append(label).append(": ").append(value).append('\n');
        }
    }

    /** The JSON object documented in docs/knowledge.md. */
    public String toJson() {
        return Json.object()
                .put("query", query)
                .put("lang", lang.code())
                .put("known", known)
                .put("basic", basic == 0 ? null : basic)
                .put("enhanced", enhanced)
                .put("title", title)
                .put("class", outcome.id())
                .put("meaning", meaning)
                .put("reason", reason == null ? null : reason.id())
                .put("commands", commands)
                .put("causes", causes)
                .put("sender_action", senderAction)
                .put("operator_checks", operatorChecks)
                .put("rfc", rfcs)
                .put("entries", entries)
                .put("notes", notes)
                .toString();
    }
}
