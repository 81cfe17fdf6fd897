package dev.tern.protocol.reply;

import java.util.List;
import java.util.Set;

/**
 * One entry of the enhanced status code registry (RFC 3463, IANA), independent of class.
 *
 * @param subject    second part of X.subject.detail
 * @param detail     third part
 * @param classes    classes the entry is registered for (2, 4, 5)
 * @param basicCodes associated basic codes the registry lists; empty when it names none ("any",
 *                   "not given", or "5xx")
 * @param rfc        defining document
 * @param name       short name
 * @param description one or two sentences in plain words
 */
public record EnhancedStatus(int subject, int detail, Set<Integer> classes, List<Integer> basicCodes,
                             String rfc, String name, String description) {

    public EnhancedStatus {
        classes = Set.copyOf(classes);
        basicCodes = List.copyOf(basicCodes);
    }

    /** {@code X.subject.detail}. */
    public String key() {
        return "X." + subject + "." + detail;
    }

    public boolean allowsClass(int klass) {
        return classes.contains(klass);
    }

    public EnhancedCode withClass(int klass) {
        return new EnhancedCode(klass, subject, detail);
    }

    /** What the subject number says (RFC 3463 §3). */
    public static String subjectName(int subject) {
        return switch (subject) {
            case 0 -> "Other or undefined status";
            case 1 -> "Addressing status";
            case 2 -> "Mailbox status";
            case 3 -> "Mail system status";
            case 4 -> "Network and routing status";
            case 5 -> "Mail delivery protocol status";
            case 6 -> "Message content or media status";
            case 7 -> "Security or policy status";
            default -> "Unknown subject";
        };
    }
}
