package dev.tern.protocol.address;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Character classes and whole-token checks of the RFC 5321 §4.1.2 / §4.1.3 address grammar, with
 * the RFC 6531 §3.3 extensions (UTF8-non-ascii in atext and qtextSMTP, U-labels in sub-domain).
 *
 * <p>The checks here always accept the extended (UTF-8) grammar; whether non-ASCII is allowed in a
 * given transaction is decided by the caller ({@link PathParser}), so that a non-ASCII address
 * without SMTPUTF8 gets its own reply (553 5.6.7, RFC 6531 §3.5) instead of a syntax error.
 */
final class AddressGrammar {

    /** RFC 5321 §4.5.3.1.1. */
    static final int MAX_LOCAL_PART_OCTETS = 64;
    /** RFC 5321 §4.5.3.1.2. */
    static final int MAX_DOMAIN_OCTETS = 255;
    /** RFC 5321 §4.5.3.1.3, angle brackets and source route included. */
    static final int MAX_PATH_OCTETS = 256;
    /** RFC 1035 §2.3.4: a DNS label has at most 63 octets (RFC 5321 §2.3.5 wants DNS names). */
    static final int MAX_LABEL_OCTETS = 63;

    private AddressGrammar() {
    }

    static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLetDig(int c) {
        return isAlpha(c) || isDigit(c);
    }

    static boolean isHexDigit(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * A code point acceptable as UTF8-non-ascii (RFC 6532 §3.1). Besides what UTF-8 itself
     * excludes, Tern refuses C1 controls and U+FFFD: the latter is what a decoder puts in place
     * of malformed bytes, so it marks input that was not valid UTF-8 on the wire.
     */
    static boolean isUtf8NonAscii(int c) {
        return c >= 0xA0 && c != 0xFFFD && !(c >= 0xD800 && c <= 0xDFFF) && Character.isValidCodePoint(c);
    }

    /** atext of RFC 5322 §3.2.3, extended by RFC 6531 §3.3. */
    static boolean isAtext(int c) {
        if (c < 128) {
            return isLetDig(c) || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
        }
        return isUtf8NonAscii(c);
    }

    /** qtextSMTP (RFC 5321 §4.1.2), extended by RFC 6531 §3.3. */
    static boolean isQtextSmtp(int c) {
        if (c < 128) {
            return c >= 32 && c <= 126 && c != '"' && c != '\\';
        }
        return isUtf8NonAscii(c);
    }

    /** The character after a backslash in quoted-pairSMTP: %d32-126 (RFC 5321 §4.1.2). */
    static boolean isQuotedPairChar(int c) {
        return c >= 32 && c <= 126;
    }

    /** A character that may appear in a local part at all (quoted if need be). */
    static boolean isLocalPartChar(int c) {
        return isQuotedPairChar(c) || isUtf8NonAscii(c);
    }

    /** dcontent of RFC 5321 §4.1.3: printable US-ASCII except "[", "\" and "]". */
    static boolean isDcontent(int c) {
        return c >= 33 && c <= 126 && c != '[' && c != '\\' && c != ']';
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Dot-string = Atom *("." Atom); an empty string is not one. */
    static boolean isDotString(String s) {
        if (s.isEmpty() || s.charAt(0) == '.' || s.charAt(s.length() - 1) == '.' || s.contains("..")) {
            return false;
        }
        return s.codePoints().allMatch(c -> c == '.' || isAtext(c));
    }

    /** The local part as it must be written: itself when a Dot-string, else a Quoted-string. */
    static String quoteLocalPart(String localPart) {
        if (isDotString(localPart)) {
            return localPart;
        }
        StringBuilder sb = new StringBuilder(localPart.length() + 2).append('"');
        localPart.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.appendCodePoint(c);
        });
        return sb.append('"').toString();
    }

    /**
     * Domain = sub-domain *("." sub-domain), sub-domain = Let-dig [Ldh-str] or (RFC 6531) a
     * U-label. Null when valid, else the reason.
     */
    static String checkDomain(String domain) {
        if (domain.isEmpty()) {
            return "empty domain";
        }
        if (utf8Length(domain) > MAX_DOMAIN_OCTETS) {
            return "domain longer than " + MAX_DOMAIN_OCTETS + " octets";
        }
        int start = 0;
        while (true) {
            int dot = domain.indexOf('.', start);
            String label = dot < 0 ? domain.substring(start) : domain.substring(start, dot);
            String why = checkLabel(label);
            if (why != null) {
                return why;
            }
            if (dot < 0) {
                return null;
            }
            start = dot + 1;
        }
    }

    private static String checkLabel(String label) {
        if (label.isEmpty()) {
            return "empty domain label";
        }
        if (isAscii(label)) {
            if (label.length() > MAX_LABEL_OCTETS) {
                return "domain label longer than " + MAX_LABEL_OCTETS + " octets";
            }
            if (!isLetDig(label.charAt(0)) || !isLetDig(label.charAt(label.length() - 1))) {
                return "domain label must start and end with a letter or digit: " + label;
            }
            for (int i = 1; i < label.length() - 1; i++) {
                char c = label.charAt(i);
                if (!isLetDig(c) && c != '-') {
                    return "bad character in domain label: " + label;
                }
            }
            return null;
        }
        return checkULabel(label);
    }

    /**
     * A U-label (RFC 5890 §2.3.2.1): letters, digits, marks and hyphens, not starting or ending
     * with a hyphen, convertible to an A-label of at most 63 octets. The JDK's {@link IDN}
     * implements IDNA2003, which is close enough to reject garbage; it is not a full IDNA2008
     * validity check.
     */
    private static String checkULabel(String label) {
        if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
            return "U-label starts or ends with a hyphen: " + label;
        }
        boolean ok = label.codePoints().allMatch(c -> c == '-' || (c < 128 ? isLetDig(c)
                : isUtf8NonAscii(c) && (Character.isLetterOrDigit(c) || isMark(c))));
        if (!ok) {
            return "bad character in U-label: " + label;
        }
        try {
            String alabel = IDN.toASCII(label, IDN.ALLOW_UNASSIGNED | IDN.USE_STD3_ASCII_RULES);
            if (alabel.isEmpty() || alabel.length() > MAX_LABEL_OCTETS) {
                return "U-label too long or empty after conversion: " + label;
            }
        } catch (IllegalArgumentException e) {
            return "not a valid U-label: " + label;
        }
        return null;
    }

    private static boolean isMark(int c) {
        int t = Character.getType(c);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
    }

    /**
     * The case-insensitive comparison key of a domain: A-labels in lower case; IP address
     * literals in one canonical spelling ({@code [192.0.2.1]}, {@code [ipv6:2001:db8::1]} in the
     * RFC 5952 text form), other literals in lower case.
     */
    static String domainKey(String domain) {
        if (domain.startsWith("[")) {
            return literalKey(domain);
        }
        if (isAscii(domain)) {
            return domain.toLowerCase(Locale.ROOT);
        }
        try {
            return IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return domain.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * address-literal = "[" ( IPv4-address-literal / IPv6-address-literal /
     * General-address-literal ) "]" (RFC 5321 §4.1.3), brackets included in the argument. Null
     * when valid, else the reason.
     */
    static String checkAddressLiteral(String literal) {
        if (literal.length() < 3 || literal.charAt(0) != '[' || literal.charAt(literal.length() - 1) != ']') {
            return "address literal must be enclosed in [ ]";
        }
        if (literal.length() > MAX_DOMAIN_OCTETS) {
            return "address literal longer than " + MAX_DOMAIN_OCTETS + " octets";
        }
        String content = literal.substring(1, literal.length() - 1);
        int colon = content.indexOf(':');
        if (colon < 0) {
            return isIpv4(content) ? null : "not an IPv4 address literal: " + content;
        }
        String tag = content.substring(0, colon);
        String value = content.substring(colon + 1);
        if (tag.equalsIgnoreCase("IPv6")) {
            return isIpv6(value) ? null : "not an IPv6 address literal: " + value;
        }
        // General-address-literal = Standardized-tag ":" 1*dcontent; Standardized-tag = Ldh-str
        if (!isLdhStr(tag)) {
            return "bad address literal tag: " + tag;
        }
        if (value.isEmpty() || !value.chars().allMatch(AddressGrammar::isDcontent)) {
            return "bad general address literal content: " + value;
        }
        return null;
    }

    /** Ldh-str = *( ALPHA / DIGIT / "-" ) Let-dig. */
    static boolean isLdhStr(String s) {
        return !s.isEmpty() && isLetDig(s.charAt(s.length() - 1))
                && s.chars().allMatch(c -> isLetDig(c) || c == '-');
    }

    /** IPv4-address-literal = Snum 3("." Snum); Snum = 1*3DIGIT with a value of 0 to 255. */
    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(AddressGrammar::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * IPv6-addr = IPv6-full / IPv6-comp / IPv6v4-full / IPv6v4-comp (RFC 5321 §4.1.3). Stricter
     * than RFC 4291 in one point, as RFC 5321 says: "::" stands for at least two groups of zeros,
     * so at most 6 (4 with a trailing IPv4 part) groups may appear besides it.
     */
    static boolean isIpv6(String s) {
        if (s.indexOf('.') >= 0) {
            int lastColon = s.lastIndexOf(':');
            if (lastColon < 0 || !isIpv4(s.substring(lastColon + 1))) {
                return false;
            }
            String head = s.substring(0, lastColon + 1);
            String hex = head.endsWith("::") ? head : head.substring(0, head.length() - 1);
            return isIpv6Groups(hex, 6);
        }
        return isIpv6Groups(s, 8);
    }

    /** Hex groups (no IPv4 tail) that must stand for exactly {@code total} 16-bit groups. */
    private static boolean isIpv6Groups(String s, int total) {
        int dc = s.indexOf("::");
        if (dc < 0) {
            return countHexGroups(s) == total;
        }
        if (s.indexOf("::", dc + 1) >= 0) {
            return false;
        }
        int left = s.substring(0, dc).isEmpty() ? 0 : countHexGroups(s.substring(0, dc));
        int right = s.substring(dc + 2).isEmpty() ? 0 : countHexGroups(s.substring(dc + 2));
        return left >= 0 && right >= 0 && left + right <= total - 2;
    }

    /** Number of IPv6-hex groups separated by single colons, or -1 when malformed. */
    private static int countHexGroups(String s) {
        String[] groups = s.split(":", -1);
        for (String g : groups) {
            if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(AddressGrammar::isHexDigit)) {
                return -1;
            }
        }
        return groups.length;
    }

    /** The canonical spelling of an address literal, for {@link #domainKey}. */
    private static String literalKey(String literal) {
        byte[] ip = ipLiteralBytes(literal);
        if (ip == null) {
            return literal.toLowerCase(Locale.ROOT);
        }
        if (ip.length == 4) {
            return "[" + (ip[0] & 0xFF) + "." + (ip[1] & 0xFF) + "." + (ip[2] & 0xFF) + "." + (ip[3] & 0xFF) + "]";
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (ip[2 * i] & 0xFF) << 8 | (ip[2 * i + 1] & 0xFF);
        }
        // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first on a tie
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder sb = new StringBuilder("[ipv6:");
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.append(']').toString();
    }

    /**
     * The 4 or 16 octets of an IPv4 or IPv6 address literal (brackets included in the
     * argument), or null for a general address literal or an invalid one.
     */
    static byte[] ipLiteralBytes(String literal) {
        if (checkAddressLiteral(literal) != null) {
            return null;
        }
        String content = literal.substring(1, literal.length() - 1);
        int colon = content.indexOf(':');
        if (colon < 0) {
            return ipv4Bytes(content);
        }
        return content.substring(0, colon).equalsIgnoreCase("IPv6") ? ipv6Bytes(content.substring(colon + 1)) : null;
    }

    private static byte[] ipv4Bytes(String s) {
        String[] parts = s.split("\\.");
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) Integer.parseInt(parts[i]);
        }
        return out;
    }

    /** Octets of an IPv6 literal already checked by {@link #isIpv6}. */
    private static byte[] ipv6Bytes(String s) {
        byte[] out = new byte[16];
        String hex = s;
        int groups = 8;
        if (s.indexOf('.') >= 0) {
            int lastColon = s.lastIndexOf(':');
            System.arraycopy(ipv4Bytes(s.substring(lastColon + 1)), 0, out, 12, 4);
            String head = s.substring(0, lastColon + 1);
            hex = head.endsWith("::") ? head : head.substring(0, head.length() - 1);
            groups = 6;
        }
        int dc = hex.indexOf("::");
        String[] left = groupsOf(dc < 0 ? hex : hex.substring(0, dc));
        String[] right = dc < 0 ? new String[0] : groupsOf(hex.substring(dc + 2));
        int[] g = new int[groups];
        for (int i = 0; i < left.length; i++) {
            g[i] = Integer.parseInt(left[i], 16);
        }
        for (int i = 0; i < right.length; i++) {
            g[groups - right.length + i] = Integer.parseInt(right[i], 16);
        }
        for (int i = 0; i < groups; i++) {
            out[2 * i] = (byte) (g[i] >> 8);
            out[2 * i + 1] = (byte) g[i];
        }
        return out;
    }

    private static String[] groupsOf(String s) {
        return s.isEmpty() ? new String[0] : s.split(":");
    }
}
