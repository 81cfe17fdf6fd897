package dev.tern.protocol.reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link Reply} in the wire form of RFC 5321 §4.2: {@code CODE-text} for every line
 * but the last, {@code CODE SP text} for the last, each ended by CRLF. The enhanced code, when
 * the reply has one, starts the text of every line (RFC 2034 §3). Lines that would exceed the
 * 512-octet reply line limit (RFC 5321 §4.5.3.1.5, CRLF included) are wrapped at spaces (the
 * space at the break is dropped), or cut where a single word is longer than a line; each piece
 * becomes a line of its own and carries the enhanced code again. A last line with no text at all
 * is written {@code CODE CRLF} without the space, as the grammar of RFC 5321 §4.2 has it.
 */
public final class ReplyFormatter {

    /** Longest reply line, CRLF included (RFC 5321 §4.5.3.1.5). */
    public static final int MAX_LINE_OCTETS = 512;

    private ReplyFormatter() {
    }

    /** The reply as wire text, CRLF line endings. */
    public static String format(Reply reply) {
        return format(reply, true);
    }

    /**
     * The reply as wire text.
     *
     * @param withEnhanced false to leave out the enhanced code even when the reply has one
     *                     (for a client that did not see ENHANCEDSTATUSCODES)
     */
    public static String format(Reply reply, boolean withEnhanced) {
        String prefix = (withEnhanced && reply.enhanced() != null) ? reply.enhanced() + " " : "";
        List<String> lines = new ArrayList<>();
        // code + separator + prefix + text + CRLF <= 512 octets
        int budget = MAX_LINE_OCTETS - 4 - 2 - utf8Length(prefix);
        for (String text : reply.lines()) {
            wrap(text, budget, lines);
        }
        StringBuilder out = new StringBuilder(lines.size() * 64);
        for (int i = 0; i < lines.size(); i++) {
            boolean last = i == lines.size() - 1;
            String text = prefix + lines.get(i);
            if (text.endsWith(" ") && lines.get(i).isEmpty()) {
                text = text.substring(0, text.length() - 1); // "250-2.0.0", not "250-2.0.0 "
            }
            out.append(reply.code());
            // RFC 5321 §4.2: Reply-code [ SP textstring ] on the last line, so no bare SP there
            if (!last) {
                out.append('-');
            } else if (!text.isEmpty() || reply.code() == 334) {
                // RFC 4954 §4: continue-req = "334" SP [base64] CRLF keeps the SP even when empty
                out.append(' ');
            }
            out.append(text).append("\r\n");
        }
        return out.toString();
    }

    /** The reply as wire bytes (UTF-8, which is plain ASCII for Tern's own replies). */
    public static byte[] encode(Reply reply) {
        return format(reply).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] encode(Reply reply, boolean withEnhanced) {
        return format(reply, withEnhanced).getBytes(StandardCharsets.UTF_8);
    }

    private static void wrap(String text, int budget, List<String> out) {
        if (utf8Length(text) <= budget) {
            out.add(text);
            return;
        }
        String rest = text;
        while (utf8Length(rest) > budget) {
            int cut = cutIndex(rest, budget);
            int space = rest.lastIndexOf(' ', cut);
            int end = space > 0 ? space : cut;
            out.add(rest.substring(0, end));
            rest = rest.substring(space > 0 ? end + 1 : end);
        }
        out.add(rest);
    }

    /** The largest char index whose prefix fits the octet budget, never splitting a surrogate pair. */
    private static int cutIndex(String s, int budget) {
        int octets = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (octets + len > budget) {
                break;
            }
            octets += len;
            i += Character.charCount(cp);
        }
        return Math.max(i, 1);
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
