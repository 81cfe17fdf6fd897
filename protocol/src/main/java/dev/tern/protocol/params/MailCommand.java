package dev.tern.protocol.params;

import dev.tern.protocol.address.ReversePath;
import java.util.Objects;

/** A parsed MAIL command: the reverse-path and its parameters. */
public record MailCommand(ReversePath from, MailParameters params) {

    public MailCommand {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(params, "params");
    }

    /** The command line without CRLF, e.g. {@code MAIL FROM:<a@example.org> SIZE=1000}. */
    public String toWire() {
        String p = params.toWire();
        return "MAIL FROM:" + from + (p.isEmpty() ? "" : " " + p);
    }
}
