package dev.tern.protocol.reply;

/** How a reply code reads for the side that receives it (spec section 3). */
public enum Reading {
    /** The action was done (2xx). */
    SUCCESS,
    /** The server waits for more input (3xx). */
    INTERMEDIATE,
    /** Transient failure (4xx): a soft bounce, keep the message and retry later. */
    SOFT,
    /** Permanent failure (5xx): a hard bounce, do not retry as is. */
    HARD;

    /**
     * The reading that the class digit alone gives. A first digit other than 2-5 (only ever seen
     * from other servers) reads as {@link #HARD}: RFC 5321 §4.2 tells clients to treat such
     * replies as fatal errors.
     */
    public static Reading ofClass(int classDigit) {
        return switch (classDigit) {
            case 2 -> SUCCESS;
            case 3 -> INTERMEDIATE;
            case 4 -> SOFT;
            case 5, 1, 6, 7, 8, 9 -> HARD;
            default -> throw new IllegalArgumentException("no reply class " + classDigit);
        };
    }

    public static Reading ofCode(int code) {
        return ofClass(code / 100);
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
