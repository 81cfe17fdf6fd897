package dev.tern.protocol.params;

import dev.tern.protocol.address.PathParser;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.ReplyException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads the argument of MAIL: {@code FROM:<path> [SP parameters]} (RFC 5321 §4.1.1.2, §4.1.2).
 *
 * <p>Replies: no {@code FROM:} or no path at all: {@link Replies#MAIL_SYNTAX} (501 5.5.4); a bad
 * path: {@link Replies#MAIL_BAD_SENDER} (501 5.1.7), or 553 5.6.7 for non-ASCII without the
 * SMTPUTF8 parameter; a malformed or repeated parameter or a bad value: 501 5.5.4; a parameter
 * of an extension the context has not enabled, or an unknown one: {@link Replies#PARAM_UNKNOWN}
 * (555 5.5.4). Parameter syntax is checked before the path, and the path before parameter
 * values. The SMTPUTF8 parameter (when enabled) lets the path and the values carry UTF-8
 * (RFC 6531 §3.4).
 */
public final class MailCommandParser {

    /** RFC 1870 §3: size-value ::= 1*20DIGIT. */
    private static final int MAX_SIZE_DIGITS = 20;

    private MailCommandParser() {
    }

    /** Parses what follows {@code MAIL }, e.g. {@code FROM:<a@example.org> SIZE=1000}. */
    public static MailCommand parse(String argument, MailOptionsContext ctx) throws ReplyException {
        ArgumentSplitter.Split split = ArgumentSplitter.split(argument, "FROM:", Replies.MAIL_SYNTAX, Replies.MAIL_BAD_SENDER);
        EsmtpParameters raw = EsmtpParameters.parse(split.parameters(), true);
        boolean utf8 = ctx.isEnabled(Extension.SMTPUTF8) && raw.has("SMTPUTF8");
        if (!utf8) {
            for (EsmtpParameter p : raw.all()) {
                if (p.hasValue() && !EsmtpParameters.isValue(p.value(), false)) {
                    throw Replies.PARAM_SYNTAX.exception(EsmtpParameters.printable(p.toString()));
                }
            }
        }
        ReversePath from = PathParser.parseReversePath(split.path(), utf8, ctx.lenientPaths());
        return new MailCommand(from, typed(raw, ctx));
    }

    private static MailParameters typed(EsmtpParameters raw, MailOptionsContext ctx) throws ReplyException {
        OptionalLong size = OptionalLong.empty();
        BodyType body = null;
        boolean smtputf8 = false;
        Ret ret = null;
        String envid = null;
        String auth = null;
        Map<String, String> other = new LinkedHashMap<>();
        for (EsmtpParameter p : raw.all()) {
            switch (p.name()) {
                case "SIZE" -> {
                    require(p, ctx.isEnabled(Extension.SIZE));
                    size = OptionalLong.of(size(p));
                }
                case "BODY" -> {
                    require(p, ctx.isEnabled(Extension.EIGHTBITMIME) || ctx.isEnabled(Extension.BINARYMIME));
                    body = BodyType.fromWire(value(p)).orElseThrow(() -> bad(p));
                    require(p, body != BodyType.EIGHT_BIT_MIME || ctx.isEnabled(Extension.EIGHTBITMIME));
                    require(p, body != BodyType.BINARY_MIME || ctx.isEnabled(Extension.BINARYMIME));
                }
                case "SMTPUTF8" -> {
                    require(p, ctx.isEnabled(Extension.SMTPUTF8));
                    noValue(p);
                    smtputf8 = true;
                }
                case "RET" -> {
                    require(p, ctx.isEnabled(Extension.DSN));
                    ret = switch (value(p).toUpperCase(java.util.Locale.ROOT)) {
                        case "FULL" -> Ret.FULL;
                        case "HDRS" -> Ret.HDRS;
                        default -> throw bad(p);
                    };
                }
                case "ENVID" -> {
                    require(p, ctx.isEnabled(Extension.DSN));
                    envid = xtext(p);
                    if (!MailParameters.isValidEnvid(envid)) {
                        throw bad(p);
                    }
                }
                case "AUTH" -> {
                    require(p, ctx.isEnabled(Extension.AUTH));
                    // RFC 4954 §5: AUTH=<> or the xtext of the identity that submitted the message
                    auth = value(p).equals("<>") ? "<>" : xtext(p);
                    if (!MailParameters.isValidAuth(auth)) {
                        throw bad(p);
                    }
                }
                default -> {
                    require(p, ctx.acceptsOther(p.name()));
                    other.put(p.name(), p.value());
                }
            }
        }
        return new MailParameters(size, body, smtputf8, ret, envid, auth, other);
    }

    /** SIZE=1*20DIGIT; a value past {@code Long.MAX_VALUE} saturates, it is too big for any server anyway. */
    private static long size(EsmtpParameter p) throws ReplyException {
        String v = value(p);
        if (v.length() > MAX_SIZE_DIGITS || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(p);
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    static void require(EsmtpParameter p, boolean enabled) throws ReplyException {
        if (!enabled) {
            throw Replies.PARAM_UNKNOWN.exception(p.name());
        }
    }

    static String value(EsmtpParameter p) throws ReplyException {
        if (!p.hasValue()) {
            throw bad(p);
        }
        return p.value();
    }

    static void noValue(EsmtpParameter p) throws ReplyException {
        if (p.hasValue()) {
            throw bad(p);
        }
    }

    static String xtext(EsmtpParameter p) throws ReplyException {
        try {
            return XText.decode(value(p));
        } catch (IllegalArgumentException e) {
            throw new ReplyException(bad(p).reply(), e);
        }
    }

    static ReplyException bad(EsmtpParameter p) {
        return Replies.PARAM_SYNTAX.exception(EsmtpParameters.printable(p.toString()));
    }
}
