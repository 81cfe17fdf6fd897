package dev.tern.client;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.reply.Reply;
import java.util.Objects;

/**
 * The fate of one recipient.
 *
 * @param recipient the forward-path as given in the envelope
 * @param status    accepted, soft failure or hard failure
 * @param reply     the reply that decided it: the server's, or one the client made up from the
 *                  registry ({@code Replies.CLIENT_*}) when no server said anything (then
 *                  {@code synthetic} is true)
 * @param synthetic whether the client made the reply up (connection failure, timeout, precheck)
 * @param stage     where it was decided
 * @param reason    one sentence for people: what happened and why
 */
public record RecipientResult(ForwardPath recipient, RecipientStatus status, Reply reply, boolean synthetic,
                              Stage stage, String reason) {

    public RecipientResult {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean accepted() {
        return status == RecipientStatus.ACCEPTED;
    }

    @Override
    public String toString() {
        return recipient + " " + status + " at " + stage + ": " + reply;
    }
}
