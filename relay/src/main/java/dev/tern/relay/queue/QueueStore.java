package dev.tern.relay.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where queued messages live. The embedded default is {@link FileQueueStore} (a directory, fsync
 * and atomic renames); a shared database can implement the same contract so that several nodes
 * work one queue.
 *
 * <p>Contract: {@link #create} returns only once content and envelope are durable; {@link #append}
 * returns only once the event is durable. Several processes (the running server and the
 * {@code tern queue} command) may use one store at the same time.
 */
public interface QueueStore {

    /** Writes message content to the stream it is given; the stream is closed by the store. */
    @FunctionalInterface
    interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Stores a new message durably and returns its queue id. */
    default String create(Envelope envelope, ContentWriter content) throws IOException {
        return create(envelope, content, List.of());
    }

    /**
     * Stores a new message with events that hold from the start (recipients refused at once), so
     * that no reader ever sees the message without them.
     */
    String create(Envelope envelope, ContentWriter content, List<QueueEvent> initial) throws IOException;

    /** The ids of all messages in the store, oldest first. */
    List<String> ids() throws IOException;

    /** The message with its state, or empty when it is not (or no longer) there. */
    Optional<QueuedMessage> load(String id) throws IOException;

    /** The message content, CRLF line ends, as it was received. */
    InputStream openContent(String id) throws IOException;

    /**
     * Appends an event durably. Returns false when the message is gone (deleted meanwhile), in which
     * case nothing was written.
     */
    boolean append(String id, QueueEvent event) throws IOException;

    /**
     * Appends several events with one durable write (the outcomes of one transaction). Returns
     * false when the message is gone.
     */
    default boolean appendAll(String id, List<QueueEvent> events) throws IOException {
        for (QueueEvent e : events) {
            if (!append(id, e)) {
                return false;
            }
        }
        return true;
    }

    /** Removes the message; returns false when it was not there. */
    boolean remove(String id) throws IOException;
}
