package dev.tern.protocol.params;

import java.util.Objects;

/**
 * The ORCPT= value of RCPT (RFC 3461 §4.2): {@code addr-type ";" xtext}. The type is kept as
 * given ({@code rfc822}, {@code utf-8}, ...), the address xtext-decoded. For the {@code utf-8}
 * type the decoded text may still hold RFC 6533 {@code \x{..}} escapes; they are kept.
 */
public record Orcpt(String addrType, String address) {

    /** RFC 3461 §4.2: the whole ORCPT value is at most 500 characters. */
    public static final int MAX_LENGTH = 500;

    public Orcpt {
        Objects.requireNonNull(addrType, "addrType");
        Objects.requireNonNull(address, "address");
        if (!isAddrType(addrType)) {
            throw new IllegalArgumentException("bad ORCPT address type: " + addrType);
        }
        if (address.isEmpty()) {
            throw new IllegalArgumentException("empty ORCPT address");
        }
        if (address.codePoints().anyMatch(c -> c < 32 || c == 127)) {
            throw new IllegalArgumentException("control character in ORCPT address");
        }
    }

    /** An {@code rfc822} ORCPT. */
    public static Orcpt rfc822(String address) {
        return new Orcpt("rfc822", address);
    }

    /** Whether the type is {@code rfc822}, any case. */
    public boolean isRfc822() {
        return addrType.equalsIgnoreCase("rfc822");
    }

    /** addr-type = atom (RFC 3461 §4.2); Tern accepts letters, digits and "-" as registered types use. */
    static boolean isAddrType(String s) {
        return EsmtpParameters.isKeyword(s);
    }

    /** {@code type;xtext}, the value after {@code ORCPT=}. */
    public String toWire() {
        return addrType + ";" + XText.encode(address);
    }

    @Override
    public String toString() {
        return addrType + ";" + address;
    }
}
