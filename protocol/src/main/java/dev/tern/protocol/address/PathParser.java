package dev.tern.protocol.address;

import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.ReplyException;

/**
 * Reads reverse-paths (MAIL FROM) and forward-paths (RCPT TO) by the grammar of RFC 5321
 * §4.1.2 and §4.1.3, extended by RFC 6531 §3.3 when the transaction declared SMTPUTF8.
 *
 * <p>What it accepts:
 * <ul>
 * <li>{@code <>} (reverse-path only) and {@code <Postmaster>} in any case (forward-path only);</li>
 * <li>Dot-string and Quoted-string local parts, quoted-pairs resolved;</li>
 * <li>domains of Let-dig/Ldh-str labels (at most 63 octets each, RFC 1035), U-labels with SMTPUTF8;</li>
 * <li>address literals: IPv4, IPv6 (full, compressed, with IPv4 tail) and general {@code [tag:content]};</li>
 * <li>source routes {@code <@a,@b:user@d>}: checked, then ignored (RFC 5321 §4.1.1.3, §C);</li>
 * <li>trailing spaces after the closing bracket.</li>
 * </ul>
 * Limits: local part 64 octets, domain 255 octets, whole path 256 octets with its brackets and
 * route (RFC 5321 §4.5.3.1.1-3); octets are counted in UTF-8 as written.
 *
 * <p>Angle brackets are required by default. RFC 5321 §4.1.2 makes them part of Path and many
 * servers (Postfix with {@code strict_rfc821_envelopes=no}, Exim, Sendmail) accept
 * {@code MAIL FROM:user@host} anyway; the {@code lenient} overloads accept a bare address that
 * has no spaces, the default does not.
 *
 * <p>Rejections: a bad reverse-path gives {@link Replies#MAIL_BAD_SENDER} (501 5.1.7), a bad
 * forward-path {@link Replies#RCPT_BAD_ADDRESS} (553 5.1.3), a well-formed address with non-ASCII
 * characters when SMTPUTF8 was not declared {@link Replies#SMTPUTF8_REQUIRED} (553 5.6.7, RFC 6531
 * §3.5). The exception's cause says what exactly was wrong, for logs.
 */
public final class PathParser {

    private PathParser() {
    }

    /** Reads a MAIL FROM path, strict about angle brackets. */
    public static ReversePath parseReversePath(String path, boolean smtputf8) throws ReplyException {
        return parseReversePath(path, smtputf8, false);
    }

    /** Reads a MAIL FROM path; {@code lenient} also accepts a bare {@code user@host} without brackets. */
    public static ReversePath parseReversePath(String path, boolean smtputf8, boolean lenient) throws ReplyException {
        String p = prepare(path, lenient);
        if (p.equals("<>")) {
            return ReversePath.nullPath();
        }
        return ReversePath.of(mailbox(p, smtputf8, Replies.MAIL_BAD_SENDER));
    }

    /** Reads a RCPT TO path, strict about angle brackets. */
    public static ForwardPath parseForwardPath(String path, boolean smtputf8) throws ReplyException {
        return parseForwardPath(path, smtputf8, false);
    }

    /** Reads a RCPT TO path; {@code lenient} also accepts a bare {@code user@host} without brackets. */
    public static ForwardPath parseForwardPath(String path, boolean smtputf8, boolean lenient) throws ReplyException {
        String p = prepare(path, lenient);
        if (p.equalsIgnoreCase("<postmaster>")) {
            return ForwardPath.postmaster();
        }
        return ForwardPath.of(mailbox(p, smtputf8, Replies.RCPT_BAD_ADDRESS));
    }

    /**
     * Reads a bare {@code local@domain} (no brackets, no route), as found in configuration or on
     * a command line; a bad one gives {@link Replies#RCPT_BAD_ADDRESS} (553 5.1.3).
     */
    public static Mailbox parseMailbox(String address, boolean smtputf8) throws ReplyException {
        if (address.startsWith("@") || address.startsWith("<")) {
            throw reject(Replies.RCPT_BAD_ADDRESS, "a bare mailbox has no brackets or source route");
        }
        return mailbox("<" + address + ">", smtputf8, Replies.RCPT_BAD_ADDRESS);
    }

    /**
     * The index just after the {@code >} that closes the path starting at {@code from} (which
     * must be {@code <}), skipping over quoted strings and address literals (whose dcontent may
     * hold {@code >}); -1 when there is none. Lets command
     * parsers split a path from the parameters that follow it.
     */
    public static int endOfPath(String text, int from) {
        if (from >= text.length() || text.charAt(from) != '<') {
            return -1;
        }
        boolean quoted = false;
        for (int i = from + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    return -1;
                }
                i = close;
            } else if (c == '>') {
                return i + 1;
            }
        }
        return -1;
    }

    private static String prepare(String path, boolean lenient) {
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == ' ') {
            end--;
        }
        String p = path.substring(0, end);
        if (lenient && !p.startsWith("<") && !p.isEmpty() && p.indexOf(' ') < 0) {
            return "<" + p + ">";
        }
        return p;
    }

    private static Mailbox mailbox(String path, boolean smtputf8, Replies badSyntax) throws ReplyException {
        Mailbox m;
        try {
            m = new Scanner(path).path();
        } catch (SyntaxError e) {
            throw reject(badSyntax, e.getMessage());
        }
        if (!smtputf8 && !AddressGrammar.isAscii(path)) {
            // the client did not declare SMTPUTF8: keep the reply text ASCII
            throw new ReplyException(Replies.SMTPUTF8_REQUIRED.format(asciiOnly(m.toString())),
                    new IllegalArgumentException("non-ASCII address without SMTPUTF8"));
        }
        return m;
    }

    /** Non-ASCII characters replaced by {@code ?}, for reply texts. */
    private static String asciiOnly(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> sb.append(c >= 32 && c < 127 ? (char) c : '?'));
        return sb.toString();
    }

    private static ReplyException reject(Replies named, String why) {
        return new ReplyException(named.reply(), new IllegalArgumentException(why));
    }

    /** A grammar violation; its message says which. */
    private static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    /** Recursive-descent reader over one path string. */
    private static final class Scanner {
        private final String s;
        private int pos;

        Scanner(String s) {
            this.s = s;
        }

        /** Path = "<" [ A-d-l ":" ] Mailbox ">". */
        Mailbox path() throws SyntaxError {
            if (s.isEmpty()) {
                throw new SyntaxError("empty path");
            }
            if (s.charAt(0) != '<') {
                throw new SyntaxError("path must be enclosed in < >");
            }
            if (AddressGrammar.utf8Length(s) > AddressGrammar.MAX_PATH_OCTETS) {
                throw new SyntaxError("path longer than " + AddressGrammar.MAX_PATH_OCTETS + " octets");
            }
            pos = 1;
            if (peek() == '@') {
                sourceRoute();
            }
            int localStart = pos;
            String local = peek() == '"' ? quotedString() : dotString();
            if (AddressGrammar.utf8Length(s.substring(localStart, pos)) > AddressGrammar.MAX_LOCAL_PART_OCTETS) {
                throw new SyntaxError("local part longer than " + AddressGrammar.MAX_LOCAL_PART_OCTETS + " octets");
            }
            expect('@');
            if (s.charAt(s.length() - 1) != '>') {
                throw new SyntaxError("path must end with >");
            }
            String domain = s.substring(pos, s.length() - 1);
            String why = domain.startsWith("[") ? AddressGrammar.checkAddressLiteral(domain)
                    : AddressGrammar.checkDomain(domain);
            if (why != null) {
                throw new SyntaxError(why);
            }
            return new Mailbox(local, domain);
        }

        /** A-d-l = At-domain *( "," At-domain ) followed by ":"; At-domain = "@" Domain. */
        private void sourceRoute() throws SyntaxError {
            while (true) {
                expect('@');
                int start = pos;
                while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ':' && s.charAt(pos) != '>') {
                    pos++;
                }
                String why = AddressGrammar.checkDomain(s.substring(start, pos));
                if (why != null) {
                    throw new SyntaxError("source route: " + why);
                }
                if (peek() == ',') {
                    pos++;
                } else {
                    expect(':');
                    return;
                }
            }
        }

        /** Quoted-string = DQUOTE *QcontentSMTP DQUOTE; returns the content, quoted-pairs resolved. */
        private String quotedString() throws SyntaxError {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw new SyntaxError("unterminated quoted string");
                }
                int c = s.codePointAt(pos);
                pos += Character.charCount(c);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    if (pos >= s.length() || !AddressGrammar.isQuotedPairChar(s.charAt(pos))) {
                        throw new SyntaxError("bad quoted-pair in local part");
                    }
                    sb.append(s.charAt(pos++));
                } else if (AddressGrammar.isQtextSmtp(c)) {
                    sb.appendCodePoint(c);
                } else {
                    throw new SyntaxError("character U+" + Integer.toHexString(c) + " not allowed in a quoted string");
                }
            }
        }

        /** Dot-string = Atom *("." Atom); Atom = 1*atext. */
        private String dotString() throws SyntaxError {
            int start = pos;
            while (pos < s.length()) {
                int c = s.codePointAt(pos);
                if (c != '.' && !AddressGrammar.isAtext(c)) {
                    break;
                }
                pos += Character.charCount(c);
            }
            String local = s.substring(start, pos);
            if (local.isEmpty()) {
                throw new SyntaxError(pos < s.length() && s.charAt(pos) == '@' ? "empty local part"
                        : "character not allowed in local part at offset " + pos);
            }
            if (!AddressGrammar.isDotString(local)) {
                throw new SyntaxError("local part has a leading, trailing or double dot: " + local);
            }
            return local;
        }

        private int peek() {
            return pos < s.length() ? s.charAt(pos) : -1;
        }

        private void expect(char c) throws SyntaxError {
            if (peek() != c) {
                throw new SyntaxError("expected '" + c + "' at offset " + pos);
            }
            pos++;
        }
    }
}
