package dev.tern.store;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns a mailbox address into the name of its Maildir directory under the store root. The
 * result is one path segment that cannot climb out of the root: octets outside a small safe set
 * are written as {@code %XX}, and a leading dot is encoded so that {@code .} and {@code ..} (and
 * hidden names) never occur. The domain is lower-cased; the local part keeps its case unless the
 * caller folds it (the directory decides; see {@code DirectoryBackend}).
 */
public final class MailboxName {

    private MailboxName() {
    }

    /** The directory name for {@code address} ({@code local@domain}). */
    public static String of(String address) {
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("empty mailbox address");
        }
        int at = address.lastIndexOf('@');
        String name = at < 0 ? address : address.substring(0, at) + "@" + address.substring(at + 1).toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(name.length() + 8);
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean safe = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || b == '@' || b == '-' || b == '_' || b == '+' || b == '=' || (b == '.' && i > 0);
            if (safe) {
                sb.append((char) b);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
