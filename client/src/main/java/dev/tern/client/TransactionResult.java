package dev.tern.client;

import java.util.List;
import java.util.Objects;

/**
 * The result of sending one message: one {@link RecipientResult} per recipient of the envelope,
 * in envelope order, and the transcript of the conversation.
 *
 * @param server       {@code host:port} talked to, or the domain when no host was reached
 * @param recipients   per-recipient results, in the envelope's order
 * @param transactions how many MAIL transactions it took (more than one after 452 4.5.3 / 453)
 * @param transcript   what was said, in order
 */
public record TransactionResult(String server, List<RecipientResult> recipients, int transactions,
                                List<TranscriptEntry> transcript) {

    public TransactionResult {
        Objects.requireNonNull(server, "server");
        recipients = List.copyOf(recipients);
        transcript = List.copyOf(transcript);
    }

    /** Hard if any recipient failed permanently, else soft if any failed transiently, else all accepted. */
    public Outcome outcome() {
        if (recipients.stream().anyMatch(r -> r.status() == RecipientStatus.HARD_FAILURE)) {
            return Outcome.HARD_FAILURE;
        }
        if (recipients.stream().anyMatch(r -> r.status() == RecipientStatus.SOFT_FAILURE)) {
            return Outcome.SOFT_FAILURE;
        }
        return Outcome.ALL_ACCEPTED;
    }

    public List<RecipientResult> accepted() {
        return withStatus(RecipientStatus.ACCEPTED);
    }

    public List<RecipientResult> softFailures() {
        return withStatus(RecipientStatus.SOFT_FAILURE);
    }

    public List<RecipientResult> hardFailures() {
        return withStatus(RecipientStatus.HARD_FAILURE);
    }

    private List<RecipientResult> withStatus(RecipientStatus s) {
        return recipients.stream().filter(r -> r.status() == s).toList();
    }
}
