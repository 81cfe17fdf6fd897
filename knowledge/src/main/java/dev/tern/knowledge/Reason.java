package dev.tern.knowledge;

import java.util.Locale;
import java.util.Optional;

/**
 * The fixed taxonomy of reasons the classifier gives (documented in docs/knowledge.md). The set
 * follows the kinds of failure senders act on differently, as bounce processors such as Sisimai do.
 */
public enum Reason {
    USER_UNKNOWN(Policy.ALWAYS_HARD, true, "The recipient address does not exist at the destination."),
    MAILBOX_FULL(Policy.ALWAYS_SOFT, false, "The recipient's mailbox is over its quota (spec §3: soft even when sent as 5xx)."),
    MAILBOX_DISABLED(Policy.BY_CLASS, true, "The mailbox exists but is disabled, suspended or inactive."),
    HOST_UNKNOWN(Policy.BY_CLASS, true, "The recipient domain does not exist or publishes no usable mail server (includes null MX)."),
    NO_RELAYING(Policy.BY_CLASS, false, "The server refused to relay: it is not responsible for the recipient domain and the client may not relay."),
    BLOCKED(Policy.BY_CLASS, false, "The sending host, its IP address or its domain is refused (block list, reputation, reverse DNS)."),
    RATE_LIMITED(Policy.ALWAYS_SOFT, false, "Too many messages, connections or recipients at once; slow down and retry."),
    SPAM_DETECTED(Policy.BY_CLASS, false, "The content was judged to be spam or otherwise unwanted."),
    POLICY_VIOLATION(Policy.BY_CLASS, false, "A local policy refused the message (sender not allowed, list restrictions, DMARC policy)."),
    CONTENT_ERROR(Policy.BY_CLASS, false, "The content is malformed or uses a format the destination cannot take (headers, MIME, encoding, attachments)."),
    MESSAGE_TOO_BIG(Policy.BY_CLASS, false, "The message is larger than the destination accepts."),
    SECURITY_ERROR(Policy.BY_CLASS, false, "A message authentication or encryption check failed (SPF, DKIM, DMARC, ARC, TLS requirements, virus)."),
    AUTHENTICATION_REQUIRED(Policy.BY_CLASS, false, "The client must authenticate (or start TLS) first, or its credentials were refused."),
    SYSTEM_ERROR(Policy.BY_CLASS, false, "The receiving system had a local problem: storage, configuration, a service down."),
    NETWORK_ERROR(Policy.BY_CLASS, false, "The connection or the routing failed: no answer, timeout, broken connection, DNS failure, loop."),
    EXPIRED(Policy.ALWAYS_HARD, false, "The message stayed in a queue longer than allowed and was given up."),
    SYNTAX_ERROR(Policy.BY_CLASS, false, "The SMTP conversation itself went wrong: a command or argument was not understood."),
    SUPPRESSED(Policy.ALWAYS_HARD, true, "The address is on a suppression list: an earlier hard bounce or complaint stops delivery."),
    UNDEFINED(Policy.BY_CLASS, false, "Nothing more specific could be read from the code or the text."),
    /** Not a failure: a positive reply (2xx/3xx). */
    DELIVERED(Policy.NEVER, false, "A positive reply: not a bounce.");

    /** How the reason sets soft or hard. */
    public enum Policy {
        /** The class digit decides: 4 soft, 5 hard. */
        BY_CLASS,
        /** Always a hard bounce, whatever the class (a 4xx saying the user does not exist, spec §3). */
        ALWAYS_HARD,
        /** Always soft (a 552 5.2.2 mailbox full, spec §3). */
        ALWAYS_SOFT,
        /** Never a bounce. */
        NEVER
    }

    private final Policy policy;
    private final boolean recipientGone;
    private final String description;

    Reason(Policy policy, boolean recipientGone, String description) {
        this.policy = policy;
        this.recipientGone = recipientGone;
        this.description = description;
    }

    /** The identifier in the taxonomy, e.g. {@code user-unknown}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public Policy policy() {
        return policy;
    }

    /** One sentence in English saying what the reason covers. */
    public String description() {
        return description;
    }

    /**
     * Whether a hard bounce with this reason says the address itself is unusable, so that a relay
     * may put it on its suppression list. Reasons about the sender (blocked, spam, policy) do not:
     * suppressing the recipient would not fix them.
     */
    public boolean recipientGone() {
        return recipientGone;
    }

    /** Soft or hard for a reply of this class digit (2-5; 0 when no code was seen). */
    public BounceType bounceFor(int classDigit) {
        return switch (policy) {
            case NEVER -> BounceType.NONE;
            case ALWAYS_HARD -> BounceType.HARD;
            case ALWAYS_SOFT -> BounceType.SOFT;
            case BY_CLASS -> switch (classDigit) {
                case 2, 3 -> BounceType.NONE;
                case 4 -> BounceType.SOFT;
                case 5 -> BounceType.HARD;
                default -> defaultBounce();
            };
        };
    }

    /** Soft or hard when no class digit is known: what the reason usually is. */
    private BounceType defaultBounce() {
        return switch (this) {
            case RATE_LIMITED, SYSTEM_ERROR, NETWORK_ERROR, MAILBOX_FULL -> BounceType.SOFT;
            case DELIVERED -> BounceType.NONE;
            default -> BounceType.HARD;
        };
    }

    public static Optional<Reason> byId(String id) {
        for (Reason r : values()) {
            if (r.id().equalsIgnoreCase(id.trim())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
