package dev.tern.client;

import dev.tern.protocol.reply.Reading;

/** What happened to one recipient. */
public enum RecipientStatus {
    /** The server took responsibility for delivery (2xx after the end of data). */
    ACCEPTED,
    /** A transient failure (4xx, or a connection problem): worth retrying later. */
    SOFT_FAILURE,
    /** A permanent failure (5xx, or a reply outside 2xx-5xx): do not retry as is. */
    HARD_FAILURE;

    /** The status a final reply gives: 2xx accepted, 4xx soft, anything else hard (RFC 5321 §4.2). */
    public static RecipientStatus of(Reading reading) {
        return switch (reading) {
            case SUCCESS -> ACCEPTED;
            case SOFT -> SOFT_FAILURE;
            case INTERMEDIATE, HARD -> HARD_FAILURE;
        };
    }

    public static RecipientStatus ofCode(int code) {
        return of(Reading.ofCode(code));
    }
}
