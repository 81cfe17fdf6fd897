package dev.tern.server.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: SASL strings are UTF-8 (RFC 4422 §3.4.1), malformed input is refused. */
final class Utf8 {
    private Utf8() {
    }

    /** The decoded string, or null when the bytes are not UTF-8. */
    static String decode(byte[] bytes, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }
}
