package dev.tern.client;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.Mailbox;
import dev.tern.protocol.address.PathParser;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.RcptCommand;
import dev.tern.protocol.params.RcptParameters;
import dev.tern.protocol.reply.ReplyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The SMTP envelope of one message: reverse-path with MAIL parameters, and the recipients with
 * their RCPT parameters. SIZE, BODY and SMTPUTF8 are added by the client from the message; put
 * only the caller's own parameters here (DSN's RET/ENVID, NOTIFY/ORCPT, ...).
 *
 * @param from       the reverse-path ({@code <>} for bounces)
 * @param mailParams MAIL parameters to pass through
 * @param recipients the recipients, in order
 */
public record Envelope(ReversePath from, MailParameters mailParams, List<RcptCommand> recipients) {

    public Envelope {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(mailParams, "mailParams");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
    }

    /** Envelope from addresses written as {@code local@domain} (or {@code ""} for the null sender). */
    public static Envelope of(String from, String... to) {
        Builder b = builder(from);
        for (String t : to) {
            b.to(t);
        }
        return b.build();
    }

    public static Builder builder(String from) {
        return new Builder(from.isEmpty() ? ReversePath.nullPath() : ReversePath.of(mailbox(from)));
    }

    public static Builder builder(ReversePath from) {
        return new Builder(from);
    }

    /** Whether any address needs SMTPUTF8 (RFC 6531). */
    public boolean needsSmtputf8() {
        return from.mailbox().map(Mailbox::needsSmtputf8).orElse(false)
                || recipients.stream().anyMatch(r -> r.to().mailbox().map(Mailbox::needsSmtputf8).orElse(false));
    }

    /** Parses {@code local@domain} (brackets optional), allowing UTF-8 addresses. */
    public static Mailbox mailbox(String address) {
        String a = address.trim();
        if (a.startsWith("<") && a.endsWith(">")) {
            a = a.substring(1, a.length() - 1);
        }
        try {
            return PathParser.parseMailbox(a, true);
        } catch (ReplyException e) {
            throw new IllegalArgumentException("not a mailbox: " + address + " (" + e.reply().text() + ")", e);
        }
    }

    /** Accumulates recipients. */
    public static final class Builder {
        private final ReversePath from;
        private MailParameters mailParams = MailParameters.NONE;
        private final List<RcptCommand> recipients = new ArrayList<>();

        private Builder(ReversePath from) {
            this.from = Objects.requireNonNull(from, "from");
        }

        public Builder mailParams(MailParameters p) {
            mailParams = p;
            return this;
        }

        public Builder to(String address) {
            return to(ForwardPath.of(mailbox(address)), RcptParameters.NONE);
        }

        public Builder to(ForwardPath path, RcptParameters params) {
            recipients.add(new RcptCommand(path, params));
            return this;
        }

        public Envelope build() {
            return new Envelope(from, mailParams, recipients);
        }
    }
}
