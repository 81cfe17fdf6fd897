package dev.tern.protocol.params;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * xtext (RFC 3461 §4): printable US-ASCII except {@code +} and {@code =} stands for itself; any
 * other octet is written {@code +} and two upper-case hex digits. Used by ENVID, ORCPT (RFC 3461)
 * and the AUTH parameter of MAIL (RFC 4954 §5).
 *
 * <p>Octets are read and written as UTF-8, so any string round-trips; a decoded value that is
 * not valid UTF-8 is refused rather than patched with replacement characters.
 */
public final class XText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private XText() {
    }

    /** xchar = any ASCII CHAR between "!" (33) and "~" (126) inclusive, except "+" and "=". */
    public static boolean isXchar(int c) {
        return c >= 33 && c <= 126 && c != '+' && c != '=';
    }

    /**
     * Encodes a string; throws {@link IllegalArgumentException} if it holds a lone surrogate
     * (not representable in UTF-8).
     */
    public static String encode(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isXchar(c)) {
                sb.append(c);
                continue;
            }
            int cp = text.codePointAt(i);
            if (Character.isSurrogate(c) && Character.isBmpCodePoint(cp)) {
                throw new IllegalArgumentException("lone surrogate at index " + i);
            }
            for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                sb.append('+').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
            i += Character.charCount(cp) - 1;
        }
        return sb.toString();
    }

    /** Whether the text is well-formed xtext whose octets are valid UTF-8. */
    public static boolean isValid(String xtext) {
        try {
            decode(xtext);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Decodes xtext; throws {@link IllegalArgumentException} on a character that is neither an
     * xchar nor part of a {@code +XX} with two upper-case hex digits (RFC 3461 §4 says upper case),
     * or when the octets are not UTF-8.
     */
    public static String decode(String xtext) {
        ByteBuffer bytes = ByteBuffer.allocate(xtext.length());
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+') {
                if (i + 2 >= xtext.length()) {
                    throw new IllegalArgumentException("truncated +XX at index " + i);
                }
                int hi = hexValue(xtext.charAt(i + 1));
                int lo = hexValue(xtext.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad +XX at index " + i);
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (isXchar(c)) {
                bytes.put((byte) c);
            } else {
                throw new IllegalArgumentException("character not allowed in xtext at index " + i);
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("xtext octets are not UTF-8", e);
        }
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
