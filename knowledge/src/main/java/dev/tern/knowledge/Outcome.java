package dev.tern.knowledge;

import dev.tern.protocol.reply.Reading;

/** What a reply means for the message: the class of the code, in a sender's terms. */
public enum Outcome {
    /** 2xx: done. */
    SUCCESS("success"),
    /** 3xx: the server waits for more input. */
    INTERMEDIATE("intermediate"),
    /** Transient failure: keep the message and try again later. */
    SOFT_BOUNCE("soft-bounce"),
    /** Permanent failure: do not retry as is. */
    HARD_BOUNCE("hard-bounce"),
    /** A class-free enhanced code ({@code X.1.1}): the class digit decides (2 success, 4 soft, 5 hard). */
    BY_CLASS("by-class");

    private final String id;

    Outcome(String id) {
        this.id = id;
    }

    /** The stable identifier used in JSON and in the text resources ({@code class.<id>}). */
    public String id() {
        return id;
    }

    public static Outcome of(Reading reading) {
        return switch (reading) {
            case SUCCESS -> SUCCESS;
            case INTERMEDIATE -> INTERMEDIATE;
            case SOFT -> SOFT_BOUNCE;
            case HARD -> HARD_BOUNCE;
        };
    }

    public static Outcome of(BounceType bounce, int classDigit) {
        return switch (bounce) {
            case SOFT -> SOFT_BOUNCE;
            case HARD -> HARD_BOUNCE;
            case NONE -> classDigit == 3 ? INTERMEDIATE : SUCCESS;
        };
    }
}
