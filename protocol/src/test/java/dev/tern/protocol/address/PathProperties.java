package dev.tern.protocol.address;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.reply.ReplyException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/**
 * Paths built from the RFC 5321 §4.1.2 / §4.1.3 grammar (and RFC 6531 §3.3) read back as the
 * mailbox they were built from; arbitrary input never escapes as anything but ReplyException.
 */
class PathProperties {

    private static final String ATEXT_ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~";
    private static final String NON_ASCII = "éüßñçøåæœžšłığ中文字例用户дрπλΩ";

    /** A path as spelled on the wire and the mailbox it stands for. */
    record Built(String wire, String localWire, Mailbox expected, boolean utf8) {
        @Override
        public String toString() {
            return wire;
        }
    }

    @Property(tries = 1000)
    void builtPathsReadBackAsTheirMailbox(@ForAll("paths") Built built) throws ReplyException {
        ReversePath reverse = PathParser.parseReversePath(built.wire(), built.utf8());
        ForwardPath forward = PathParser.parseForwardPath(built.wire(), built.utf8());
        assertThat(reverse.mailbox()).contains(built.expected());
        assertThat(forward.mailbox()).contains(built.expected());
        // the spelling is kept exactly, not only up to equality
        assertThat(reverse.mailbox().orElseThrow().localPart()).isEqualTo(built.expected().localPart());
        assertThat(reverse.mailbox().orElseThrow().domain()).isEqualTo(built.expected().domain());
        // and the canonical printed form reads back as the same mailbox
        assertThat(PathParser.parseForwardPath(forward.toString(), built.utf8())).isEqualTo(forward);
    }

    /** Cross-check with an independent parser: the JDK's IPv6 literal reader. */
    @Property(tries = 1000)
    void ipv6LiteralsMeanWhatTheJdkReads(@ForAll("ipv6Literals") String literal) throws Exception {
        Mailbox m = new Mailbox("u", "[" + literal + "]");
        String content = literal.substring(literal.indexOf(':') + 1).replaceAll("(?<=[.:])0+(?=\\d)", "");
        java.net.InetAddress jdk = java.net.InetAddress.getByName(content);
        assertThat(m.literalAddress()).contains(jdk);
        // and the canonical key reads back as the same address
        String key = m.domainKey();
        assertThat(new Mailbox("u", key).literalAddress()).contains(jdk);
    }

    /** Wrong group counts for each IPv6 form of RFC 5321 §4.1.3 are refused. */
    @Property(tries = 500)
    void ipv6LiteralsWithWrongGroupCountsAreRefused(@ForAll("badIpv6Literals") String literal) {
        PathTableTest.assertRejected(() -> PathParser.parseForwardPath("<u@[" + literal + "]>", false), 553, "5.1.3");
        PathTableTest.assertRejected(() -> PathParser.parseReversePath("<u@[" + literal + "]>", false), 501, "5.1.7");
    }

    @Provide
    Arbitrary<String> badIpv6Literals() {
        Arbitrary<String> full = Arbitraries.integers().between(1, 12).filter(n -> n != 8)
                .flatMap(n -> hexGroup().list().ofSize(n)).map(l -> String.join(":", l));
        Arbitrary<String> comp = Arbitraries.integers().between(7, 10).flatMap(total -> Arbitraries.integers().between(0, total)
                .flatMap(left -> Combinators.combine(hexGroup().list().ofSize(left), hexGroup().list().ofSize(total - left))
                        .as((l, r) -> String.join(":", l) + "::" + String.join(":", r))));
        Arbitrary<String> v4full = Combinators.combine(Arbitraries.integers().between(1, 9).filter(n -> n != 6)
                .flatMap(n -> hexGroup().list().ofSize(n)), ipv4()).as((l, v4) -> String.join(":", l) + ":" + v4);
        Arbitrary<String> v4comp = Arbitraries.integers().between(5, 8).flatMap(total -> Arbitraries.integers().between(0, total)
                .flatMap(left -> Combinators.combine(hexGroup().list().ofSize(left), hexGroup().list().ofSize(total - left), ipv4())
                        .as((l, r, v4) -> String.join(":", l) + "::" + String.join(":", r) + (r.isEmpty() ? "" : ":") + v4)));
        return Combinators.combine(tag(), Arbitraries.oneOf(full, comp, v4full, v4comp)).as((t, a) -> t + ":" + a);
    }

    @Provide
    Arbitrary<String> ipv6Literals() {
        return ipv6();
    }

    @Property(tries = 300)
    void nonAsciiPathsNeedSmtputf8(@ForAll("utf8Paths") Built built) {
        PathTableTest.assertRejected(() -> PathParser.parseReversePath(built.wire(), false), 553, "5.6.7");
        PathTableTest.assertRejected(() -> PathParser.parseForwardPath(built.wire(), false), 553, "5.6.7");
    }

    @Property(tries = 1000)
    void arbitraryStringsOnlyGiveReplyExceptions(@ForAll("noise") String input, @ForAll boolean utf8, @ForAll boolean lenient) {
        neverThrowsOtherwise(input, utf8, lenient);
    }

    @Property(tries = 1000)
    void arbitraryUnicodeOnlyGivesReplyExceptions(@ForAll @StringLength(max = 300) String input, @ForAll boolean utf8) {
        neverThrowsOtherwise(input, utf8, false);
        neverThrowsOtherwise("<" + input + ">", utf8, true);
    }

    @Property(tries = 500)
    void mutatedValidPathsOnlyGiveReplyExceptions(@ForAll("paths") Built built, @ForAll @Chars({'<', '>', '@', '.', '"', '\\', '[', ']', ':', ',', ' ', '\u00e9', '\uFFFD', '\r'}) char inserted,
            @ForAll("positions") int position) {
        String w = built.wire();
        int at = Math.min(position, w.length());
        neverThrowsOtherwise(w.substring(0, at) + inserted + w.substring(at), true, false);
        neverThrowsOtherwise(w.substring(0, at) + w.substring(Math.min(at + 1, w.length())), true, false);
    }

    private static void neverThrowsOtherwise(String input, boolean utf8, boolean lenient) {
        for (int i = 0; i < 3; i++) {
            try {
                switch (i) {
                    case 0 -> PathParser.parseReversePath(input, utf8, lenient);
                    case 1 -> PathParser.parseForwardPath(input, utf8, lenient);
                    default -> PathParser.parseMailbox(input, utf8);
                }
            } catch (ReplyException e) {
                assertThat(e.reply().code()).isIn(501, 553);
            }
        }
        int end = PathParser.endOfPath(input, 0);
        assertThat(end).isBetween(-1, input.length());
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 80);
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.strings().withChars("<>@.\"\\[]:,!%+ aZ09-_IPv6\t\u00e9\u4e2d\uFFFD").ofMaxLength(60);
    }

    @Provide
    Arbitrary<Built> paths() {
        return Combinators.combine(route(false), localPart(false), domain(false))
                .as((route, local, domain) -> new Built("<" + route + local[0] + "@" + domain + ">", local[0],
                        new Mailbox(local[1], domain), false))
                .filter(PathProperties::withinLimits);
    }

    @Provide
    Arbitrary<Built> utf8Paths() {
        return Combinators.combine(route(true), localPart(true), domain(true))
                .as((route, local, domain) -> new Built("<" + route + local[0] + "@" + domain + ">", local[0],
                        new Mailbox(local[1], domain), true))
                .filter(b -> !AddressGrammar.isAscii(b.wire()))
                .filter(PathProperties::withinLimits);
    }

    /** Generated parts are short, but a long route plus a long domain can still pass 256 octets. */
    private static boolean withinLimits(Built b) {
        return AddressGrammar.utf8Length(b.wire()) <= AddressGrammar.MAX_PATH_OCTETS
                && AddressGrammar.utf8Length(b.localWire()) <= AddressGrammar.MAX_LOCAL_PART_OCTETS;
    }

    // --- local parts: {wire spelling, content} ---

    private Arbitrary<String[]> localPart(boolean utf8) {
        return Arbitraries.oneOf(dotString(utf8).map(s -> new String[] {s, s}), quotedString(utf8));
    }

    private Arbitrary<String> atom(boolean utf8) {
        Arbitrary<Character> ascii = Arbitraries.of(chars(ATEXT_ASCII));
        Arbitrary<Character> c = utf8 ? Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, ascii), net.jqwik.api.Tuple.of(1, Arbitraries.of(chars(NON_ASCII)))) : ascii;
        return c.list().ofMinSize(1).ofMaxSize(8).map(PathProperties::join);
    }

    private Arbitrary<String> dotString(boolean utf8) {
        return atom(utf8).list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
    }

    /** Content of printable ASCII (plus non-ASCII with SMTPUTF8); any ASCII character may be quoted-paired. */
    private Arbitrary<String[]> quotedString(boolean utf8) {
        Arbitrary<Character> ascii = Arbitraries.chars().range(' ', '~');
        Arbitrary<Character> c = utf8 ? Arbitraries.oneOf(ascii, Arbitraries.of(chars(NON_ASCII))) : ascii;
        Arbitrary<String[]> piece = Combinators.combine(c, Arbitraries.integers().between(0, 3)).as((ch, pair) -> {
            boolean mustPair = ch == '"' || ch == '\\';
            boolean paired = ch < 128 && (mustPair || pair == 0);
            return new String[] {(paired ? "\\" : "") + ch, String.valueOf(ch)};
        });
        return piece.list().ofMaxSize(20).map(pieces -> {
            StringBuilder wire = new StringBuilder("\"");
            StringBuilder content = new StringBuilder();
            for (String[] p : pieces) {
                wire.append(p[0]);
                content.append(p[1]);
            }
            return new String[] {wire.append('"').toString(), content.toString()};
        });
    }

    // --- domains and address literals ---

    private Arbitrary<String> domain(boolean utf8) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, domainName(utf8)),
                net.jqwik.api.Tuple.of(2, ipv4().map(a -> "[" + a + "]")),
                net.jqwik.api.Tuple.of(3, ipv6().map(a -> "[" + a + "]")),
                net.jqwik.api.Tuple.of(1, generalLiteral()));
    }

    private Arbitrary<String> domainName(boolean utf8) {
        return label(utf8).list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
    }

    /** sub-domain = Let-dig [Ldh-str], or a U-label. */
    private Arbitrary<String> label(boolean utf8) {
        Arbitrary<Character> letDig = Arbitraries.chars().alpha().numeric();
        Arbitrary<String> longer = Combinators.combine(letDig, Arbitraries.oneOf(letDig, Arbitraries.just('-')).list().ofMaxSize(10), letDig)
                .as((first, middle, last) -> first + join(middle) + last);
        Arbitrary<String> ascii = Arbitraries.oneOf(letDig.map(String::valueOf), longer);
        if (!utf8) {
            return ascii;
        }
        Arbitrary<String> ulabel = Arbitraries.of("bücher", "例子", "广告", "παράδειγμα", "пример", "müller-lüdenscheidt", "ñandú", "日本");
        return Arbitraries.oneOf(ascii, ulabel);
    }

    private Arbitrary<String> ipv4() {
        Arbitrary<String> snum = Arbitraries.integers().between(0, 255).flatMap(n -> {
            String plain = Integer.toString(n);
            return Arbitraries.integers().between(plain.length(), 3).map(width -> "0".repeat(width - plain.length()) + plain);
        });
        return snum.list().ofSize(4).map(l -> String.join(".", l));
    }

    private Arbitrary<String> hexGroup() {
        return Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMinLength(1).ofMaxLength(4);
    }

    private Arbitrary<String> tag() {
        return Arbitraries.of("IPv6", "ipv6", "IPV6");
    }

    /** IPv6-full / IPv6-comp / IPv6v4-full / IPv6v4-comp, with the "IPv6:" tag. */
    private Arbitrary<String> ipv6() {
        Arbitrary<String> full = hexGroup().list().ofSize(8).map(l -> String.join(":", l));
        Arbitrary<String> comp = compressed(6);
        Arbitrary<String> v4full = Combinators.combine(hexGroup().list().ofSize(6), ipv4())
                .as((l, v4) -> String.join(":", l) + ":" + v4);
        Arbitrary<String> v4comp = Combinators.combine(compressed(4), ipv4())
                .as((c, v4) -> c + (c.endsWith(":") ? "" : ":") + v4);
        return Combinators.combine(tag(), Arbitraries.oneOf(full, comp, v4full, v4comp)).as((t, a) -> t + ":" + a);
    }

    /** [groups] "::" [groups] with at most {@code max} groups in all. */
    private Arbitrary<String> compressed(int max) {
        return Arbitraries.integers().between(0, max).flatMap(total -> Arbitraries.integers().between(0, total)
                .flatMap(left -> Combinators.combine(hexGroup().list().ofSize(left), hexGroup().list().ofSize(total - left))
                        .as((l, r) -> String.join(":", l) + "::" + String.join(":", r))));
    }

    private Arbitrary<String> generalLiteral() {
        Arbitrary<String> tag = Arbitraries.strings().withChars("abcxyzXYZ019-").ofMinLength(0).ofMaxLength(6)
                .flatMap(t -> Arbitraries.chars().alpha().numeric().map(last -> t + last))
                .filter(t -> !t.equalsIgnoreCase("IPv6"));
        Arbitrary<String> dcontent = Arbitraries.strings().ofMinLength(1).ofMaxLength(15)
                .withCharRange('!', 'Z').withCharRange('^', '~');
        return Combinators.combine(tag, dcontent).as((t, c) -> "[" + t + ":" + c + "]");
    }

    /** A-d-l ":" or nothing; At-domain = "@" Domain. */
    private Arbitrary<String> route(boolean utf8) {
        return domainName(utf8).list().ofMaxSize(3)
                .map(l -> l.isEmpty() ? "" : "@" + String.join(",@", l) + ":");
    }

    private static Character[] chars(String s) {
        List<Character> out = new ArrayList<>();
        for (char c : s.toCharArray()) {
            out.add(c);
        }
        return out.toArray(new Character[0]);
    }

    private static String join(List<Character> chars) {
        StringBuilder sb = new StringBuilder();
        chars.forEach(sb::append);
        return sb.toString();
    }
}
