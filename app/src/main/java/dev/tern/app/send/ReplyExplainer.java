package dev.tern.app.send;

import dev.tern.knowledge.Explanation;
import dev.tern.knowledge.Knowledge;
import dev.tern.knowledge.Lang;
import dev.tern.protocol.reply.BasicCode;
import dev.tern.protocol.reply.Reading;
import dev.tern.protocol.reply.Reply;
import dev.tern.protocol.reply.ReplyRegistry;

/**
 * One line on what a reply means and whether it is soft or hard, from the knowledge base
 * (module knowledge); from the reply registry's class reading when the knowledge base has nothing.
 */
public final class ReplyExplainer {

    private ReplyExplainer() {
    }

    /**
     * E.g. {@code hard: The local part of the recipient address names no mailbox at the
     * destination. (permanent: do not retry as is)}.
     */
    public static String explain(Reply reply) {
        String verdict;
        String title = null;
        try {
            // X.0.0 says only the class, and a success's X.n.0 ("other ... status") little more:
            // the basic code's meaning tells more then
            boolean vagueEnhanced = reply.enhanced() != null && reply.enhanced().detail() == 0
                    && (reply.code() / 100 < 4 || reply.enhanced().subject() == 0);
            Explanation e = Knowledge.explain(reply.code(), vagueEnhanced ? null : reply.enhanced(), Lang.EN);
            verdict = switch (e.outcome()) {
                case SUCCESS -> "success";
                case INTERMEDIATE -> "continue";
                case SOFT_BOUNCE -> "soft";
                case HARD_BOUNCE -> "hard";
                case BY_CLASS -> verdict(Reading.ofCode(reply.code()));
            };
            if (e.known() && e.meaning() != null && !e.meaning().isBlank()) {
                String m = e.meaning();
                // a combination's meaning ends with the basic code's in brackets: keep the specific part
                int bracket = m.indexOf(" (" + reply.code() + ":");
                title = bracket > 0 ? m.substring(0, bracket) : m;
            }
        } catch (RuntimeException notInKnowledgeBase) {
            verdict = verdict(Reading.ofCode(reply.code()));
        }
        if (title == null) {
            title = ReplyRegistry.standard().basic(reply.code()).map(BasicCode::meaning)
                    .orElse(BasicCode.classMeaning(reply.code() / 100) + " (code not in the registry)");
        }
        String advice = switch (verdict) {
            case "soft" -> " (temporary: retry later)";
            case "hard" -> " (permanent: do not retry as is)";
            default -> "";
        };
        return verdict + ": " + title + advice;
    }

    private static String verdict(Reading r) {
        return switch (r) {
            case SUCCESS -> "success";
            case INTERMEDIATE -> "continue";
            case SOFT -> "soft";
            case HARD -> "hard";
        };
    }
}
