package dev.tern.relay.suppress;

import dev.tern.knowledge.BounceType;
import dev.tern.knowledge.Classification;
import dev.tern.knowledge.Classifier;
import dev.tern.knowledge.Reason;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a permanent failure puts the address on the suppression list, and for how long
 * (spec §3), from the knowledge module's classification. Address-level failures (user unknown,
 * host unknown including null MX, mailbox disabled) suppress for good; a full mailbox or a block
 * by policy only until {@code temporaryExpiry} has passed, since both usually clear; anything
 * about the message itself (too big, content) does not suppress the address at all.
 */
public final class SuppressionPolicy {

    private final Duration temporaryExpiry;

    public SuppressionPolicy(Duration temporaryExpiry) {
        this.temporaryExpiry = temporaryExpiry;
    }

    public static SuppressionPolicy defaults() {
        return new SuppressionPolicy(Duration.ofDays(7));
    }

    public Duration temporaryExpiry() {
        return temporaryExpiry;
    }

    /**
     * The entry to add after a permanent failure with this reply, or empty. The knowledge module's
     * classifier reads the reply (enhanced code and text, not only the first digit) and says why.
     */
    public Optional<Suppression> decide(String address, Reply reply, Instant now) {
        if (reply == null || reply.isPositive()) {
            return Optional.empty();
        }
        Classification c = Classifier.classify(reply);
        if (c.reason() == Reason.SUPPRESSED || isSuppressedReply(reply)) {
            return Optional.empty(); // failed because it is on the list already
        }
        if (c.suppressRecipient()) {
            return Optional.of(new Suppression(address, now, null, c.reason().id(), reply.toString()));
        }
        boolean temporary = switch (c.reason()) {
            case MAILBOX_FULL, BLOCKED, POLICY_VIOLATION -> true;
            default -> false;
        };
        if (temporary && reply.isPermanent()) {
            return Optional.of(new Suppression(address, now, now.plus(temporaryExpiry), c.reason().id(), reply.toString()));
        }
        return Optional.empty();
    }

    /** Whether this is the reply Tern gives for an address already on the list (Replies.RCPT_SUPPRESSED). */
    static boolean isSuppressedReply(Reply reply) {
        return reply.code() == Replies.RCPT_SUPPRESSED.code() && Replies.RCPT_SUPPRESSED.enhanced().equals(reply.enhanced())
                && reply.text().contains("Address suppressed since");
    }

    /**
     * What an attempt's reply means for the recipient: retry (soft), give up (hard) or done. Spec
     * §3: the classifier, not only the first digit, decides, so a 552 5.2.2 (mailbox full) is
     * retried and a 4xx that says the user does not exist is not.
     */
    public static BounceType bounce(Reply reply) {
        if (reply.isPositive()) {
            return BounceType.NONE;
        }
        BounceType b = Classifier.classify(reply).bounce();
        if (b == BounceType.NONE) {
            // a failure the classifier would not call a bounce (e.g. 3xx where 2xx was due) is permanent
            return BounceType.HARD;
        }
        return b;
    }
}
