package dev.tern.protocol.command;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Splits a command line into verb and argument (RFC 5321 §4.1.1). Line framing and the
 * 512-octet limit are enforced by the server's line decoder before a line gets here; this class
 * only reports whether a given length is over the limit.
 */
public final class CommandParser {

    /** Longest command line, CRLF included (RFC 5321 §4.5.3.1.4). */
    public static final int MAX_COMMAND_LINE_OCTETS = 512;

    private CommandParser() {
    }

    /** Whether a command line of this many octets (CRLF included) is over the limit. */
    public static boolean isTooLong(int octetsWithCrlf) {
        return octetsWithCrlf > MAX_COMMAND_LINE_OCTETS;
    }

    /** Parses a line given as bytes without its CRLF; bytes are read as UTF-8 (RFC 6531). */
    public static Command parse(byte[] line) {
        return parse(new String(line, StandardCharsets.UTF_8));
    }

    /**
     * Parses a line without its CRLF. The verb ends at the first space; RFC 5321 wants exactly
     * one space, but surrounding white space is tolerated as most servers do. A trailing space
     * after a verb with no argument is ignored.
     */
    public static Command parse(String line) {
        String trimmed = stripTrailing(line);
        int start = 0;
        while (start < trimmed.length() && (trimmed.charAt(start) == ' ' || trimmed.charAt(start) == '\t')) {
            start++;
        }
        int sp = start;
        while (sp < trimmed.length() && trimmed.charAt(sp) != ' ' && trimmed.charAt(sp) != '\t') {
            sp++;
        }
        String name = trimmed.substring(start, sp).toUpperCase(Locale.ROOT);
        int argStart = sp;
        while (argStart < trimmed.length() && (trimmed.charAt(argStart) == ' ' || trimmed.charAt(argStart) == '\t')) {
            argStart++;
        }
        String argument = trimmed.substring(argStart);
        return new Command(Verb.of(name), name, argument);
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(0, end);
    }
}
