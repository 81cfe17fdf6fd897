package dev.tern.relay.queue;

import dev.tern.protocol.params.MailCommand;
import dev.tern.protocol.params.MailCommandParser;
import dev.tern.protocol.params.MailOptionsContext;
import dev.tern.protocol.params.RcptCommand;
import dev.tern.protocol.params.RcptCommandParser;
import dev.tern.protocol.reply.ReplyException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The text form of an {@link Envelope}: UTF-8 lines {@code name SP value}. The sender and the
 * recipients are kept as the arguments of MAIL and RCPT, so that the protocol module's parsers read
 * them back with their parameters (RET, ENVID, BODY, SMTPUTF8; NOTIFY, ORCPT). See docs/relay.md.
 */
final class EnvelopeCodec {

    static final String MAGIC = "tern-queue-envelope 1";

    private EnvelopeCodec() {
    }

    static String encode(Envelope e) {
        StringBuilder b = new StringBuilder();
        b.append(MAGIC).append('\n');
        b.append("arrival ").append(e.arrival().toEpochMilli()).append('\n');
        b.append("kind ").append(e.kind().name()).append('\n');
        // "MAIL FROM:<a@b> RET=FULL" → keep what follows "MAIL "
        b.append("mail ").append(new MailCommand(e.sender(), e.mailParameters()).toWire().substring(5)).append('\n');
        for (QueuedRecipient r : e.recipients()) {
            b.append("rcpt ").append(new RcptCommand(r.recipient(), r.params()).toWire().substring(5)).append('\n');
        }
        b.append("end\n");
        return b.toString();
    }

    static Envelope decode(String text) throws IOException {
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].equals(MAGIC) || !lines[lines.length - 1].equals("end")) {
            throw new IOException("not a complete Tern queue envelope");
        }
        Instant arrival = null;
        MessageKind kind = MessageKind.MESSAGE;
        MailCommand mail = null;
        List<QueuedRecipient> rcpts = new ArrayList<>();
        MailOptionsContext ctx = MailOptionsContext.all();
        try {
            for (int i = 1; i < lines.length - 1; i++) {
                String line = lines[i];
                int sp = line.indexOf(' ');
                String name = sp < 0 ? line : line.substring(0, sp);
                String value = sp < 0 ? "" : line.substring(sp + 1);
                switch (name) {
                    case "arrival" -> arrival = Instant.ofEpochMilli(Long.parseLong(value));
                    case "kind" -> kind = MessageKind.valueOf(value);
                    case "mail" -> mail = MailCommandParser.parse(value, ctx);
                    case "rcpt" -> {
                        if (mail == null) {
                            throw new IOException("rcpt before mail in envelope");
                        }
                        RcptCommand rc = RcptCommandParser.parse(value, ctx, mail.params().smtputf8());
                        rcpts.add(new QueuedRecipient(rc.to(), rc.params()));
                    }
                    default -> {
                        // later versions may add lines; older readers skip them
                    }
                }
            }
        } catch (ReplyException | RuntimeException ex) {
            throw new IOException("bad queue envelope: " + ex.getMessage(), ex);
        }
        if (arrival == null || mail == null) {
            throw new IOException("queue envelope lacks arrival or mail");
        }
        return new Envelope(mail.from(), mail.params(), rcpts, arrival, kind);
    }
}
