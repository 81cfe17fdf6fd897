package dev.tern.protocol.reply;

import java.util.List;

/**
 * What the registry knows about one basic reply code.
 *
 * @param code         the three digits
 * @param reading      success, intermediate, soft or hard
 * @param standard     false for codes seen in the wild that no RFC defines (200, 453, 541)
 * @param typicalEnhanced enhanced codes that usually go with it in Tern's server (spec §1)
 * @param rfc          where it is defined
 * @param defaultText  a neutral text for the reply
 * @param meaning      one sentence in plain words
 */
public record BasicCode(int code, Reading reading, boolean standard, List<EnhancedCode> typicalEnhanced,
                        String rfc, String defaultText, String meaning) {

    public BasicCode {
        typicalEnhanced = List.copyOf(typicalEnhanced);
    }

    public int replyClass() {
        return code / 100;
    }

    /** The second digit. */
    public int subjectDigit() {
        return (code / 10) % 10;
    }

    /** What the second digit says (RFC 5321 §4.2.1). */
    public String subjectMeaning() {
        return subjectMeaning(subjectDigit());
    }

    public static String subjectMeaning(int digit) {
        return switch (digit) {
            case 0 -> "syntax";
            case 1 -> "information";
            case 2 -> "connection";
            case 3, 4 -> "unspecified";
            case 5 -> "mail system";
            default -> "unknown";
        };
    }

    /** The class meaning of a first digit (RFC 5321 §4.2.1). */
    public static String classMeaning(int digit) {
        return switch (digit) {
            case 2 -> "positive completion";
            case 3 -> "positive intermediate";
            case 4 -> "transient negative completion";
            case 5 -> "permanent negative completion";
            default -> "not a valid reply class";
        };
    }
}
