package dev.tern.protocol.params;

import dev.tern.protocol.address.PathParser;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.ReplyException;

/**
 * Splits the argument of MAIL or RCPT into its {@code FROM:}/{@code TO:} prefix, the path and
 * the parameter text.
 *
 * <p>RFC 5321 §4.1.1.2 writes {@code "MAIL FROM:" Reverse-path} with no space after the colon;
 * Tern tolerates spaces there because widespread clients send {@code MAIL FROM: <a@b>} and
 * major servers accept it. Nothing else is loosened here: the path must be followed by a space
 * or the end of the line.
 */
final class ArgumentSplitter {

    record Split(String path, String parameters) {
    }

    private ArgumentSplitter() {
    }

    static Split split(String argument, String prefix, Replies missingPrefix, Replies badPath) throws ReplyException {
        if (!argument.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw missingPrefix.exception();
        }
        int start = prefix.length();
        while (start < argument.length() && argument.charAt(start) == ' ') {
            start++;
        }
        String rest = argument.substring(start);
        if (rest.isEmpty()) {
            throw missingPrefix.exception();
        }
        int end;
        if (rest.charAt(0) == '<') {
            end = PathParser.endOfPath(rest, 0);
            if (end < 0) {
                // no closing bracket: let the path parser say why the whole rest is no path
                return new Split(rest, "");
            }
        } else {
            int sp = rest.indexOf(' ');
            end = sp < 0 ? rest.length() : sp;
        }
        String parameters = rest.substring(end);
        if (!parameters.isEmpty() && parameters.charAt(0) != ' ') {
            throw badPath.exception();
        }
        return new Split(rest.substring(0, end), parameters);
    }
}
