package dev.tern.protocol.reply;

import dev.tern.protocol.reply.ReplyDeviation.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads replies that other servers send (RFC 5321 §4.2), for Tern's client. Strict about what a
 * reply is, tolerant about how it is written: whatever it can still make sense of comes back as a
 * {@link ParsedReply} with the list of {@link ReplyDeviation}s it tolerated; only bytes that are
 * no reply at all raise a {@link ReplyParseException}.
 *
 * <p>Tolerated, and reported:
 * <ul>
 * <li>{@link Kind#BARE_LF}: lines ended by LF alone. A bare CR never ends a line; inside the text
 *     it becomes a space ({@link Kind#CONTROL_CHARACTER}).</li>
 * <li>{@link Kind#UNTERMINATED_LINE}: the stream ends right after a last line without a line end.</li>
 * <li>{@link Kind#MISSING_SPACE}: {@code 250OK}; the line is read as a last line with text {@code OK}.</li>
 * <li>{@link Kind#CODE_MISMATCH}: a multi-line reply whose lines carry different codes; the first
 *     line's code is the reply's.</li>
 * <li>{@link Kind#NON_STANDARD_CODE}: a code outside the registry, or 200, 453, 541.</li>
 * <li>{@link Kind#CODE_OUT_OF_RANGE}: a first digit other than 2-5 (1xx, 6xx-9xx); the reply keeps
 *     the code and {@link ParsedReply#reading()} reads it as a hard failure.</li>
 * <li>{@link Kind#ENHANCED_CLASS_MISMATCH}, {@link Kind#ENHANCED_CODE_MISMATCH},
 *     {@link Kind#UNREGISTERED_ENHANCED}, {@link Kind#MISSING_ENHANCED}: enhanced code problems.</li>
 * <li>{@link Kind#LINE_TOO_LONG} (over 512 octets), {@link Kind#NON_ASCII} (decoded as UTF-8,
 *     malformed sequences become U+FFFD), {@link Kind#EMPTY_TEXT}.</li>
 * </ul>
 *
 * <p>An enhanced code ({@code class.subject.detail}, class 2, 4 or 5, one to three digits each)
 * is recognised at the start of each line's text when a space or the line end follows it, and is
 * stripped from the line; the reply's enhanced code is the first one found.
 */
public final class ReplyParser {

    /** Longest reply line the RFC allows, CRLF included (RFC 5321 §4.5.3.1.5). */
    public static final int RFC_MAX_LINE_OCTETS = 512;

    /**
     * Hard limits beyond which reading stops with a {@link ReplyParseException}.
     *
     * @param maxLineOctets  longest line accepted, line ending included
     * @param maxLines       most lines in one reply
     * @param maxReplyOctets most octets in one reply
     */
    public record Limits(int maxLineOctets, int maxLines, int maxReplyOctets) {
        /** 64 KiB lines, 1000 lines, 1 MiB per reply: far beyond any real server, small enough to be safe. */
        public static final Limits DEFAULT = new Limits(64 * 1024, 1000, 1024 * 1024);

        public Limits {
            if (maxLineOctets < RFC_MAX_LINE_OCTETS || maxLines < 1 || maxReplyOctets < maxLineOctets) {
                throw new IllegalArgumentException("limits too small: " + maxLineOctets + ", " + maxLines
                        + ", " + maxReplyOctets);
            }
        }
    }

    private ReplyParser() {
    }

    /** Parses exactly one reply from wire text, from a server that did not advertise ENHANCEDSTATUSCODES. */
    public static ParsedReply parse(String wire) throws ReplyParseException {
        return parse(wire, false);
    }

    /** Parses exactly one reply from wire text (see {@link #parse(byte[], boolean)}). */
    public static ParsedReply parse(String wire, boolean enhancedStatusCodes) throws ReplyParseException {
        return parse(wire.getBytes(StandardCharsets.UTF_8), enhancedStatusCodes);
    }

    /**
     * Parses exactly one reply from wire bytes, line endings included.
     *
     * @param enhancedStatusCodes whether the server advertised ENHANCEDSTATUSCODES (RFC 2034), so
     *                            that a 2xx/4xx/5xx reply without enhanced code is reported
     * @throws ReplyParseException when the bytes are not one whole reply, or bytes follow it
     */
    public static ParsedReply parse(byte[] wire, boolean enhancedStatusCodes) throws ReplyParseException {
        ByteArrayInputStream in = new ByteArrayInputStream(wire);
        ReplyReader reader = new ReplyReader(in, Limits.DEFAULT);
        ParsedReply parsed;
        try {
            parsed = reader.read(enhancedStatusCodes);
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array does not fail to read", e);
        }
        if (in.available() > 0) {
            throw new ReplyParseException(ReplyParseException.Kind.TRAILING_DATA, 0,
                    in.available() + " octets after the last line of the reply");
        }
        return parsed;
    }

    /** Parses all replies in the bytes, one after another (e.g. answers to pipelined commands). */
    public static List<ParsedReply> parseAll(byte[] wire, boolean enhancedStatusCodes) throws ReplyParseException {
        ByteArrayInputStream in = new ByteArrayInputStream(wire);
        ReplyReader reader = new ReplyReader(in, Limits.DEFAULT);
        List<ParsedReply> out = new ArrayList<>();
        try {
            while (in.available() > 0) {
                out.add(reader.read(enhancedStatusCodes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array does not fail to read", e);
        }
        return out;
    }

    /**
     * Parses one reply from lines whose line endings were already removed (so no line-ending
     * deviations). Every line must belong to the reply: a last line before the end of the list,
     * or no last line at all, is a {@link ReplyParseException}.
     */
    public static ParsedReply parseLines(List<String> lines, boolean enhancedStatusCodes) throws ReplyParseException {
        if (lines.isEmpty()) {
            throw new ReplyParseException(ReplyParseException.Kind.END_OF_STREAM, 0, "no lines");
        }
        Assembler assembler = new Assembler(Limits.DEFAULT, enhancedStatusCodes);
        for (int i = 0; i < lines.size(); i++) {
            byte[] bytes = lines.get(i).getBytes(StandardCharsets.UTF_8);
            boolean done = assembler.addLine(bytes, bytes.length, Ending.CRLF);
            if (done && i < lines.size() - 1) {
                throw new ReplyParseException(ReplyParseException.Kind.TRAILING_DATA, i + 1,
                        (lines.size() - i - 1) + " lines after the last line of the reply");
            }
            if (!done && i == lines.size() - 1) {
                throw new ReplyParseException(ReplyParseException.Kind.END_OF_STREAM, i + 1,
                        "the last line is a continuation line");
            }
        }
        return assembler.result();
    }

    /** How a line ended on the wire. */
    enum Ending {
        CRLF("\r\n"), LF("\n"), EOF("");

        final String text;

        Ending(String text) {
            this.text = text;
        }
    }

    /** Collects the lines of one reply and decides what they mean. Not thread-safe; one per reply. */
    static final class Assembler {
        private final Limits limits;
        private final boolean enhancedExpected;
        private final List<String> texts = new ArrayList<>();
        private final List<Boolean> lineHasEnhanced = new ArrayList<>();
        private final List<ReplyDeviation> deviations = new ArrayList<>();
        private final StringBuilder raw = new StringBuilder();
        private int code = -1;
        private EnhancedCode enhanced;
        private int octets;

        Assembler(Limits limits, boolean enhancedExpected) {
            this.limits = limits;
            this.enhancedExpected = enhancedExpected;
        }

        int lineCount() {
            return texts.size();
        }

        /**
         * Adds one line (without its ending). Returns true when it was the last line of the reply.
         */
        boolean addLine(byte[] buf, int len, Ending ending) throws ReplyParseException {
            int lineNo = texts.size() + 1;
            if (lineNo > limits.maxLines()) {
                throw new ReplyParseException(ReplyParseException.Kind.TOO_MANY_LINES, lineNo,
                        "more than " + limits.maxLines() + " lines");
            }
            octets += len + ending.text.length();
            if (octets > limits.maxReplyOctets()) {
                throw new ReplyParseException(ReplyParseException.Kind.REPLY_TOO_LARGE, lineNo,
                        "more than " + limits.maxReplyOctets() + " octets");
            }
            raw.append(new String(buf, 0, len, StandardCharsets.UTF_8)).append(ending.text);
            if (len < 3 || !isDigit(buf[0]) || !isDigit(buf[1]) || !isDigit(buf[2])) {
                throw new ReplyParseException(ReplyParseException.Kind.NOT_A_REPLY, lineNo,
                        "line does not start with a three-digit code: " + preview(buf, len));
            }
            if (buf[0] == '0') {
                throw new ReplyParseException(ReplyParseException.Kind.NOT_A_REPLY, lineNo,
                        "reply codes do not start with 0: " + preview(buf, len));
            }
            int lineCode = (buf[0] - '0') * 100 + (buf[1] - '0') * 10 + (buf[2] - '0');
            boolean last;
            int textStart;
            if (len == 3) {
                last = true;
                textStart = 3;
            } else if (buf[3] == '-') {
                last = false;
                textStart = 4;
            } else if (buf[3] == ' ') {
                last = true;
                textStart = 4;
            } else {
                last = true;
                textStart = 3;
                deviations.add(new ReplyDeviation(Kind.MISSING_SPACE, lineNo,
                        "no space or hyphen after the code: " + preview(buf, len)));
            }
            if (ending == Ending.EOF) {
                if (!last) {
                    throw new ReplyParseException(ReplyParseException.Kind.END_OF_STREAM, lineNo,
                            "stream ended inside a multi-line reply");
                }
                deviations.add(new ReplyDeviation(Kind.UNTERMINATED_LINE, lineNo, "no line ending before end of stream"));
            } else if (ending == Ending.LF) {
                deviations.add(new ReplyDeviation(Kind.BARE_LF, lineNo, "line ended with LF, not CRLF"));
            }
            if (len + 2 > RFC_MAX_LINE_OCTETS) {
                deviations.add(new ReplyDeviation(Kind.LINE_TOO_LONG, lineNo,
                        (len + 2) + " octets with CRLF, the limit is " + RFC_MAX_LINE_OCTETS));
            }
            if (code < 0) {
                code = lineCode;
            } else if (lineCode != code) {
                deviations.add(new ReplyDeviation(Kind.CODE_MISMATCH, lineNo,
                        "line has code " + lineCode + ", the first line " + code));
            }
            texts.add(lineText(buf, textStart, len, lineNo));
            return last;
        }

        private String lineText(byte[] buf, int start, int end, int lineNo) {
            boolean nonAscii = false;
            boolean control = false;
            for (int i = start; i < end; i++) {
                int b = buf[i] & 0xff;
                if (b >= 0x80) {
                    nonAscii = true;
                } else if ((b < 0x20 && b != '\t') || b == 0x7f) {
                    control = true;
                }
            }
            if (nonAscii) {
                deviations.add(new ReplyDeviation(Kind.NON_ASCII, lineNo, "octets above 127 in the text"));
            }
            if (control) {
                deviations.add(new ReplyDeviation(Kind.CONTROL_CHARACTER, lineNo, "control characters in the text"));
            }
            String text = new String(buf, start, end - start, StandardCharsets.UTF_8).replace('\r', ' ');
            int enhancedEnd = enhancedCodeEnd(text);
            if (enhancedEnd < 0) {
                lineHasEnhanced.add(false);
                return text;
            }
            EnhancedCode found = EnhancedCode.parse(text.substring(0, enhancedEnd));
            if (enhanced == null) {
                enhanced = found;
            } else if (!enhanced.equals(found)) {
                deviations.add(new ReplyDeviation(Kind.ENHANCED_CODE_MISMATCH, lineNo,
                        "line has " + found + ", an earlier line " + enhanced));
            }
            lineHasEnhanced.add(true);
            return text.substring(Math.min(enhancedEnd + 1, text.length()));
        }

        ParsedReply result() {
            int klass = code / 100;
            if (klass < 2 || klass > 5) {
                deviations.add(new ReplyDeviation(Kind.CODE_OUT_OF_RANGE, 0,
                        "code " + code + " is outside 2xx-5xx; treat as a fatal error (RFC 5321 4.2)"));
            } else {
                boolean standard = ReplyRegistry.standard().basic(code).map(BasicCode::standard).orElse(false);
                if (!standard) {
                    deviations.add(new ReplyDeviation(Kind.NON_STANDARD_CODE, 0, "code " + code + " is not a standard reply code"));
                }
            }
            if (enhanced != null) {
                if (enhanced.klass() != klass) {
                    deviations.add(new ReplyDeviation(Kind.ENHANCED_CLASS_MISMATCH, 0,
                            "enhanced code " + enhanced + " with basic code " + code));
                }
                if (ReplyRegistry.standard().enhanced(enhanced).isEmpty()) {
                    deviations.add(new ReplyDeviation(Kind.UNREGISTERED_ENHANCED, 0,
                            enhanced.registryKey() + " is not in the IANA registry"));
                }
                for (int i = 0; i < lineHasEnhanced.size(); i++) {
                    if (!lineHasEnhanced.get(i)) {
                        deviations.add(new ReplyDeviation(Kind.MISSING_ENHANCED, i + 1,
                                "other lines carry " + enhanced + ", this one none"));
                    }
                }
            } else if (enhancedExpected && (klass == 2 || klass == 4 || klass == 5)) {
                deviations.add(new ReplyDeviation(Kind.MISSING_ENHANCED, 0,
                        "ENHANCEDSTATUSCODES was advertised but the reply has no enhanced code"));
            }
            if (texts.stream().allMatch(String::isEmpty)) {
                deviations.add(new ReplyDeviation(Kind.EMPTY_TEXT, 0, "the reply has no text"));
            }
            return new ParsedReply(new Reply(code, enhanced, texts), deviations, raw.toString());
        }
    }

    /**
     * The length of an enhanced code at the start of the text when a space or the end follows
     * it, else -1.
     */
    static int enhancedCodeEnd(String text) {
        int n = text.length();
        if (n < 5) {
            return -1;
        }
        char c = text.charAt(0);
        if ((c != '2' && c != '4' && c != '5') || text.charAt(1) != '.') {
            return -1;
        }
        int i = digitsEnd(text, 2);
        if (i < 0 || i >= n || text.charAt(i) != '.') {
            return -1;
        }
        i = digitsEnd(text, i + 1);
        if (i < 0 || (i < n && text.charAt(i) != ' ')) {
            return -1;
        }
        return i;
    }

    /** End of a run of one to three ASCII digits starting at {@code from}, or -1. */
    private static int digitsEnd(String text, int from) {
        int i = from;
        while (i < text.length() && i - from < 4 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        int digits = i - from;
        return digits >= 1 && digits <= 3 ? i : -1;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** The start of a line, printable ASCII only, for error messages. */
    private static String preview(byte[] buf, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(len, 40); i++) {
            int b = buf[i] & 0xff;
            sb.append(b >= 0x20 && b < 0x7f ? (char) b : '?');
        }
        return len > 40 ? sb + "..." : sb.toString();
    }
}
