package dev.tern.protocol.params;

import java.util.Locale;
import java.util.Optional;

/** The BODY= value of MAIL (RFC 6152 §2, RFC 3030 §3). */
public enum BodyType {
    SEVEN_BIT("7BIT"),
    EIGHT_BIT_MIME("8BITMIME"),
    BINARY_MIME("BINARYMIME");

    private final String wire;

    BodyType(String wire) {
        this.wire = wire;
    }

    /** The value as written after {@code BODY=}. */
    public String wire() {
        return wire;
    }

    /** Case-insensitive lookup of a wire value. */
    public static Optional<BodyType> fromWire(String value) {
        String v = value.toUpperCase(Locale.ROOT);
        for (BodyType t : values()) {
            if (t.wire.equals(v)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
