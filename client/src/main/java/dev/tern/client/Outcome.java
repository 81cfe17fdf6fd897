package dev.tern.client;

/** The delivery as a whole. */
public enum Outcome {
    /** Every recipient was accepted. */
    ALL_ACCEPTED,
    /** No recipient failed permanently, at least one failed transiently: retry those later. */
    SOFT_FAILURE,
    /** At least one recipient failed permanently. */
    HARD_FAILURE
}
