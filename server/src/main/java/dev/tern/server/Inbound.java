package dev.tern.server;

import dev.tern.protocol.command.Command;

/** What the inbound decoder hands to the session, in the order it arrived on the wire. */
sealed interface Inbound {

    /** One command line, CRLF removed, within the 512-octet limit. */
    record Line(Command command) implements Inbound {
    }

    /** A command line over 512 octets (RFC 5321 §4.5.3.1.4); it was discarded. */
    record LineTooLong() implements Inbound {
    }

    /** The final {@code <CRLF>.<CRLF>} of DATA was read. */
    record DataEnd() implements Inbound {
    }

    /** The last octet of a BDAT chunk was read. */
    record ChunkEnd() implements Inbound {
    }

    /** Work of the server itself (timeout, shutdown, lost connection), run in command order. */
    record Task(Runnable action) implements Inbound {
    }
}
