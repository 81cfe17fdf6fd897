package dev.tern.knowledge;

import dev.tern.protocol.reply.EnhancedCode;
import java.util.Objects;

/**
 * What the classifier made of one reply or one recipient's failure.
 *
 * @param reason   the reason from the fixed taxonomy
 * @param bounce   soft, hard, or none (not a failure)
 * @param basic    the basic reply code seen, or 0 when the text had none
 * @param enhanced the enhanced status code seen, or null when the text had none
 * @param rule     the identifier of the rule that decided (e.g. {@code text:user-unknown},
 *                 {@code enhanced:X.2.2}, {@code basic:5xx}); see docs/knowledge.md
 * @param why      one sentence in English saying why the rule applied
 * @param text     the reply text the decision was made on (codes stripped, lines joined)
 */
public record Classification(Reason reason, BounceType bounce, int basic, EnhancedCode enhanced,
                             String rule, String why, String text) {

    public Classification {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(bounce, "bounce");
        Objects.requireNonNull(rule, "rule");
        why = why == null ? "" : why;
        text = text == null ? "" : text;
    }

    public boolean isSoft() {
        return bounce == BounceType.SOFT;
    }

    public boolean isHard() {
        return bounce == BounceType.HARD;
    }

    /** A soft bounce: keep the message and try again later. */
    public boolean shouldRetry() {
        return bounce == BounceType.SOFT;
    }

    /**
     * A hard bounce that says the address itself is unusable (user unknown, mailbox disabled,
     * domain unknown, already suppressed): the relay's suppression list should take the address.
     */
    public boolean suppressRecipient() {
        return bounce == BounceType.HARD && reason.recipientGone();
    }

    /** The codes as they would appear on the wire, e.g. {@code 550 5.1.1}, {@code 5.1.1}, or empty. */
    public String codes() {
        StringBuilder sb = new StringBuilder();
        if (basic != 0) {
            sb.append(basic);
        }
        if (enhanced != null) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(enhanced);
        }
        return sb.toString();
    }

    /** The JSON object documented in docs/knowledge.md. */
    public String toJson() {
        return Json.object()
                .put("reason", reason.id())
                .put("bounce", bounce.id())
                .put("basic", basic == 0 ? null : basic)
                .put("enhanced", enhanced == null ? null : enhanced.toString())
                .put("rule", rule)
                .put("why", why)
                .put("text", text)
                .toString();
    }
}
