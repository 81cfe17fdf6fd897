package dev.tern.protocol.params;

import dev.tern.protocol.address.ForwardPath;
import java.util.Objects;

/** A parsed RCPT command: the forward-path and its parameters. */
public record RcptCommand(ForwardPath to, RcptParameters params) {

    public RcptCommand {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(params, "params");
    }

    /** The command line without CRLF, e.g. {@code RCPT TO:<b@example.org> NOTIFY=NEVER}. */
    public String toWire() {
        String p = params.toWire();
        return "RCPT TO:" + to + (p.isEmpty() ? "" : " " + p);
    }
}
