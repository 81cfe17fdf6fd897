package dev.tern.client;

import dev.tern.protocol.reply.Reply;
import dev.tern.protocol.reply.Reading;
import java.util.List;
import java.util.Objects;

/**
 * A session could not be set up: no connection, a refusing greeting, EHLO/HELO refused, STARTTLS
 * or AUTH failed. Carries the reply that explains it (the server's, or a {@code CLIENT_*} one from
 * the registry) so that callers can fail recipients softly or hard by its class.
 */
public final class SmtpConnectException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Reply reply;
    private final boolean synthetic;
    private final Stage stage;
    private final transient List<TranscriptEntry> transcript;

    public SmtpConnectException(Stage stage, Reply reply, boolean synthetic, List<TranscriptEntry> transcript) {
        super(stage + ": " + reply);
        this.stage = Objects.requireNonNull(stage, "stage");
        this.reply = Objects.requireNonNull(reply, "reply");
        this.synthetic = synthetic;
        this.transcript = List.copyOf(transcript);
    }

    public Reply reply() {
        return reply;
    }

    /** Whether the reply was made up by the client (no server said it). */
    public boolean synthetic() {
        return synthetic;
    }

    public Stage stage() {
        return stage;
    }

    public List<TranscriptEntry> transcript() {
        return transcript;
    }

    /** Whether trying again later (or another MX host) may help. */
    public boolean isTransient() {
        return Reading.ofCode(reply.code()) == Reading.SOFT;
    }
}
