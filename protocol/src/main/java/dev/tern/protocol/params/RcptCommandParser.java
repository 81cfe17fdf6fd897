package dev.tern.protocol.params;

import static dev.tern.protocol.params.MailCommandParser.bad;
import static dev.tern.protocol.params.MailCommandParser.require;
import static dev.tern.protocol.params.MailCommandParser.value;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.PathParser;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.ReplyException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the argument of RCPT: {@code TO:<path> [SP parameters]} (RFC 5321 §4.1.1.3, §4.1.2).
 *
 * <p>Replies: no {@code TO:} or no path: {@link Replies#RCPT_SYNTAX} (501 5.5.4); a bad path:
 * {@link Replies#RCPT_BAD_ADDRESS} (553 5.1.3), or 553 5.6.7 for non-ASCII outside an SMTPUTF8
 * transaction; parameters as for MAIL (501 5.5.4 malformed, repeated or bad value; 555 5.5.4
 * unknown or of a disabled extension). Known parameters: NOTIFY and ORCPT (DSN, RFC 3461).
 */
public final class RcptCommandParser {

    private RcptCommandParser() {
    }

    /**
     * Parses what follows {@code RCPT }, e.g. {@code TO:<b@example.org> NOTIFY=FAILURE}.
     *
     * @param smtputf8 whether the MAIL of this transaction carried SMTPUTF8
     */
    public static RcptCommand parse(String argument, MailOptionsContext ctx, boolean smtputf8) throws ReplyException {
        ArgumentSplitter.Split split = ArgumentSplitter.split(argument, "TO:", Replies.RCPT_SYNTAX, Replies.RCPT_BAD_ADDRESS);
        EsmtpParameters raw = EsmtpParameters.parse(split.parameters(), smtputf8);
        ForwardPath to = PathParser.parseForwardPath(split.path(), smtputf8, ctx.lenientPaths());
        Set<Notify> notify = Set.of();
        Orcpt orcpt = null;
        Map<String, String> other = new LinkedHashMap<>();
        for (EsmtpParameter p : raw.all()) {
            switch (p.name()) {
                case "NOTIFY" -> {
                    require(p, ctx.isEnabled(Extension.DSN));
                    notify = notify(p);
                }
                case "ORCPT" -> {
                    require(p, ctx.isEnabled(Extension.DSN));
                    orcpt = orcpt(p);
                }
                default -> {
                    require(p, ctx.acceptsOther(p.name()));
                    other.put(p.name(), p.value());
                }
            }
        }
        return new RcptCommand(to, new RcptParameters(notify, orcpt, other));
    }

    /** NOTIFY="NEVER" / 1#("SUCCESS" / "FAILURE" / "DELAY") (RFC 3461 §4.1), any case; repeats collapse. */
    private static Set<Notify> notify(EsmtpParameter p) throws ReplyException {
        Set<Notify> set = EnumSet.noneOf(Notify.class);
        for (String element : value(p).split(",", -1)) {
            try {
                set.add(Notify.valueOf(element.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw bad(p);
            }
        }
        if (set.contains(Notify.NEVER) && set.size() > 1) {
            throw bad(p);
        }
        return set;
    }

    /** ORCPT=addr-type ";" xtext, at most 500 characters (RFC 3461 §4.2). */
    private static Orcpt orcpt(EsmtpParameter p) throws ReplyException {
        String v = value(p);
        int semi = v.indexOf(';');
        if (v.length() > Orcpt.MAX_LENGTH || semi < 0 || !Orcpt.isAddrType(v.substring(0, semi))) {
            throw bad(p);
        }
        try {
            return new Orcpt(v.substring(0, semi), XText.decode(v.substring(semi + 1)));
        } catch (IllegalArgumentException e) {
            // malformed xtext, empty address or control characters in it
            throw new ReplyException(bad(p).reply(), e);
        }
    }
}
