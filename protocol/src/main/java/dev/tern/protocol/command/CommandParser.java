package dev.tern.protocol.command;

import java.nio.charset.StandardCharsets;

/**
 * Splits a command line into verb and argument (RFC 5321 §4.1.1). Line framing is the server's
 * line decoder's job; the 512-octet limit (RFC 5321 §4.5.3.1.4) is reported by
 * {@link #isTooLong}, so the server can answer {@code 500 5.5.6} and discard the line.
 *
 * <p>Tolerant as most servers are: RFC 5321 wants the verb, exactly one SP and the argument, but
 * leading and trailing spaces or tabs are ignored and several spaces or tabs may separate verb and
 * argument. Verbs are matched case-insensitively in ASCII only (RFC 5321 §2.4), so a non-ASCII
 * letter that would upper-case to ASCII (such as U+017F) never forms a verb. Anything that is not
 * a known verb, including an empty line or a verb with a NUL byte in it, gives {@link Verb#UNKNOWN}.
 * NUL bytes and other octets in the argument are left for the verb's own parser to judge.
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

    /** Whether a line given without its CRLF is over the limit once the CRLF is counted. */
    public static boolean isTooLong(byte[] lineWithoutCrlf) {
        return isTooLong(lineWithoutCrlf.length + 2);
    }

    /** Whether a line given without its CRLF is over the limit, counted in UTF-8 octets with the CRLF. */
    public static boolean isTooLong(String lineWithoutCrlf) {
        return isTooLong(lineWithoutCrlf.getBytes(StandardCharsets.UTF_8).length + 2);
    }

    /** Parses a line given as bytes without its CRLF; bytes are read as UTF-8 (RFC 6531). */
    public static Command parse(byte[] line) {
        return parse(new String(line, StandardCharsets.UTF_8));
    }

    /**
     * Parses a line without its CRLF. {@link Command#name()} keeps the client's spelling of the
     * verb; {@link Command#argument()} is the rest after the separating white space, with trailing
     * white space removed ({@code ""} when there is none).
     */
    public static Command parse(String line) {
        int end = line.length();
        while (end > 0 && isBlank(line.charAt(end - 1))) {
            end--;
        }
        int start = 0;
        while (start < end && isBlank(line.charAt(start))) {
            start++;
        }
        int verbEnd = start;
        while (verbEnd < end && !isBlank(line.charAt(verbEnd))) {
            verbEnd++;
        }
        int argStart = verbEnd;
        while (argStart < end && isBlank(line.charAt(argStart))) {
            argStart++;
        }
        String name = line.substring(start, verbEnd);
        return new Command(Verb.of(name), name, line.substring(argStart, end));
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
