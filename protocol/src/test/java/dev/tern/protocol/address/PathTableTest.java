package dev.tern.protocol.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tern.protocol.reply.ReplyException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Corner cases of the RFC 5321 §4.1.2 / §4.1.3 path grammar (and RFC 6531 §3.3). Every input
 * goes through both the reverse-path and the forward-path parser; a syntax error must give
 * 501 5.1.7 for a sender and 553 5.1.3 for a recipient.
 */
@Timeout(10)
class PathTableTest {

    private static final String LOCAL_64 = "a".repeat(64);
    private static final String LABEL_63 = "d".repeat(63);
    /** 63+1+63+1+63+1+63 = 255 octets. */
    private static final String DOMAIN_255 = String.join(".", LABEL_63, LABEL_63, LABEL_63, LABEL_63);

    enum Kind { MAILBOX, NULL_PATH, POSTMASTER, SYNTAX, NEEDS_SMTPUTF8 }

    record Expect(Kind kind, String local, String domain) {
        @Override
        public String toString() {
            return kind == Kind.MAILBOX ? "local=" + local + " domain=" + domain : kind.name();
        }
    }

    static Expect ok(String local, String domain) {
        return new Expect(Kind.MAILBOX, local, domain);
    }

    static final Expect NULL_PATH = new Expect(Kind.NULL_PATH, null, null);
    static final Expect POSTMASTER = new Expect(Kind.POSTMASTER, null, null);
    static final Expect SYNTAX = new Expect(Kind.SYNTAX, null, null);
    static final Expect NEEDS_SMTPUTF8 = new Expect(Kind.NEEDS_SMTPUTF8, null, null);

    static Stream<Arguments> paths() {
        return Stream.of(
                // plain dot-strings and domains
                Arguments.of("<user@example.com>", false, ok("user", "example.com")),
                Arguments.of("<User.Name@Example.COM>", false, ok("User.Name", "Example.COM")),
                Arguments.of("<a@b>", false, ok("a", "b")),
                Arguments.of("<!#$%&'*+-/=?^_`{|}~@example.com>", false, ok("!#$%&'*+-/=?^_`{|}~", "example.com")),
                Arguments.of("<first.last@sub.example.co.uk>", false, ok("first.last", "sub.example.co.uk")),
                Arguments.of("<user@123.example>", false, ok("user", "123.example")),
                Arguments.of("<user@123>", false, ok("user", "123")),
                Arguments.of("<user@a-b--c.example>", false, ok("user", "a-b--c.example")),
                Arguments.of("<user@xn--bcher-kva.example>", false, ok("user", "xn--bcher-kva.example")),
                Arguments.of("<user@192.0.2.1>", false, ok("user", "192.0.2.1")),
                Arguments.of("<user@example.com>   ", false, ok("user", "example.com")),
                Arguments.of("<postmaster@example.com>", false, ok("postmaster", "example.com")),
                // quoted strings
                Arguments.of("<\"john doe\"@example.com>", false, ok("john doe", "example.com")),
                Arguments.of("<\"a\\\"b\"@example.com>", false, ok("a\"b", "example.com")),
                Arguments.of("<\"a\\\\b\"@example.com>", false, ok("a\\b", "example.com")),
                Arguments.of("<\"\\a\"@example.com>", false, ok("a", "example.com")),
                Arguments.of("<\"\"@example.com>", false, ok("", "example.com")),
                Arguments.of("<\"a..b\"@example.com>", false, ok("a..b", "example.com")),
                Arguments.of("<\"<>\"@example.com>", false, ok("<>", "example.com")),
                // relay-test spellings: what they really are
                Arguments.of("<\"user@other\"@local>", false, ok("user@other", "local")),
                Arguments.of("<user%other@local>", false, ok("user%other", "local")),
                Arguments.of("<@local:user@other>", false, ok("user", "other")),
                Arguments.of("<@a,@b.example:user@d.example>", false, ok("user", "d.example")),
                Arguments.of("<other!user@local>", false, ok("other!user", "local")),
                Arguments.of("<user@other@local>", false, SYNTAX),
                // address literals
                Arguments.of("<user@[192.0.2.1]>", false, ok("user", "[192.0.2.1]")),
                Arguments.of("<user@[0.0.0.0]>", false, ok("user", "[0.0.0.0]")),
                Arguments.of("<user@[255.255.255.255]>", false, ok("user", "[255.255.255.255]")),
                Arguments.of("<user@[010.0.0.1]>", false, ok("user", "[010.0.0.1]")),
                Arguments.of("<user@[IPv6:2001:db8::1]>", false, ok("user", "[IPv6:2001:db8::1]")),
                Arguments.of("<user@[IPv6:1:2:3:4:5:6:7:8]>", false, ok("user", "[IPv6:1:2:3:4:5:6:7:8]")),
                Arguments.of("<user@[IPv6:::]>", false, ok("user", "[IPv6:::]")),
                Arguments.of("<user@[IPv6:::1]>", false, ok("user", "[IPv6:::1]")),
                Arguments.of("<user@[IPv6:1::]>", false, ok("user", "[IPv6:1::]")),
                Arguments.of("<user@[ipv6:2001:DB8::ABCD]>", false, ok("user", "[ipv6:2001:DB8::ABCD]")),
                Arguments.of("<user@[IPv6:1:2:3:4:5:6::]>", false, ok("user", "[IPv6:1:2:3:4:5:6::]")),
                Arguments.of("<user@[IPv6:::ffff:192.0.2.1]>", false, ok("user", "[IPv6:::ffff:192.0.2.1]")),
                Arguments.of("<user@[IPv6:::192.0.2.1]>", false, ok("user", "[IPv6:::192.0.2.1]")),
                Arguments.of("<user@[IPv6:1:2:3:4:5:6:192.0.2.1]>", false, ok("user", "[IPv6:1:2:3:4:5:6:192.0.2.1]")),
                Arguments.of("<user@[IPv6:1:2:3:4::192.0.2.1]>", false, ok("user", "[IPv6:1:2:3:4::192.0.2.1]")),
                Arguments.of("<user@[x-tag:any+content!]>", false, ok("user", "[x-tag:any+content!]")),
                Arguments.of("<user@[9:a:b:c]>", false, ok("user", "[9:a:b:c]")),
                // special paths
                Arguments.of("<>", false, NULL_PATH),
                Arguments.of("<>  ", false, NULL_PATH),
                Arguments.of("<Postmaster>", false, POSTMASTER),
                Arguments.of("<POSTMASTER>", false, POSTMASTER),
                Arguments.of("<postmaster>", false, POSTMASTER),
                // length limits (RFC 5321 §4.5.3.1)
                Arguments.of("<" + LOCAL_64 + "@example.com>", false, ok(LOCAL_64, "example.com")),
                Arguments.of("<" + LOCAL_64 + "a@example.com>", false, SYNTAX),
                Arguments.of("<\"" + "a".repeat(62) + "\"@example.com>", false, ok("a".repeat(62), "example.com")),
                Arguments.of("<\"" + "a".repeat(63) + "\"@example.com>", false, SYNTAX),
                Arguments.of("<u@" + DOMAIN_255 + ">", true, SYNTAX), // path 259 octets
                Arguments.of("<u@" + DOMAIN_255.substring(3) + ">", false, ok("u", DOMAIN_255.substring(3))),
                Arguments.of("<u@" + DOMAIN_255.substring(2) + ">", false, SYNTAX), // path 257 octets
                Arguments.of("<u@" + "d".repeat(64) + ".example>", false, SYNTAX), // label of 64
                // SMTPUTF8 (RFC 6531)
                Arguments.of("<用户@例子.广告>", true, ok("用户", "例子.广告")),
                Arguments.of("<用户@例子.广告>", false, NEEDS_SMTPUTF8),
                Arguments.of("<jöran@example.com>", true, ok("jöran", "example.com")),
                Arguments.of("<jöran@example.com>", false, NEEDS_SMTPUTF8),
                Arguments.of("<user@bücher.example>", true, ok("user", "bücher.example")),
                Arguments.of("<user@bücher.example>", false, NEEDS_SMTPUTF8),
                Arguments.of("<\"ü ü\"@example.com>", true, ok("ü ü", "example.com")),
                Arguments.of("<\"\\ü\"@example.com>", true, SYNTAX), // quoted-pairSMTP is ASCII only
                Arguments.of("<a\uFFFDb@example.com>", true, SYNTAX), // U+FFFD marks bad UTF-8
                Arguments.of("<user@bü cher.example>", true, SYNTAX),
                Arguments.of("<user@例子-.广告>", true, SYNTAX),
                Arguments.of("<" + "ü".repeat(32) + "@example.com>", true, ok("ü".repeat(32), "example.com")),
                Arguments.of("<" + "ü".repeat(33) + "@example.com>", true, SYNTAX), // 66 octets
                // brackets and spaces
                Arguments.of("user@example.com", false, SYNTAX),
                Arguments.of("<user@example.com", false, SYNTAX),
                Arguments.of("user@example.com>", false, SYNTAX),
                Arguments.of("<user@example.com> x", false, SYNTAX),
                Arguments.of("< user@example.com>", false, SYNTAX),
                Arguments.of("<user @example.com>", false, SYNTAX),
                Arguments.of("<user@ example.com>", false, SYNTAX),
                Arguments.of("<user@example.com >", false, SYNTAX),
                Arguments.of(" <user@example.com>", false, SYNTAX),
                Arguments.of("", false, SYNTAX),
                Arguments.of("<<user@example.com>>", false, SYNTAX),
                // local part
                Arguments.of("<user>", false, SYNTAX),
                Arguments.of("<@example.com>", false, SYNTAX),
                Arguments.of("<.user@example.com>", false, SYNTAX),
                Arguments.of("<user.@example.com>", false, SYNTAX),
                Arguments.of("<us..er@example.com>", false, SYNTAX),
                Arguments.of("<user name@example.com>", false, SYNTAX),
                Arguments.of("<us(er)@example.com>", false, SYNTAX),
                Arguments.of("<us,er@example.com>", false, SYNTAX),
                Arguments.of("<\"unterminated@example.com>", false, SYNTAX),
                Arguments.of("<\"a\"b@example.com>", false, SYNTAX),
                Arguments.of("<\"a\tb\"@example.com>", false, SYNTAX),
                Arguments.of("<\"a\\\u0001\"@example.com>", false, SYNTAX),
                Arguments.of("<\"a\\\"@example.com>", false, SYNTAX),
                // domains
                Arguments.of("<user@-example.com>", false, SYNTAX),
                Arguments.of("<user@example-.com>", false, SYNTAX),
                Arguments.of("<user@example..com>", false, SYNTAX),
                Arguments.of("<user@example.com.>", false, SYNTAX),
                Arguments.of("<user@.example.com>", false, SYNTAX),
                Arguments.of("<user@exa_mple.com>", false, SYNTAX),
                Arguments.of("<user@>", false, SYNTAX),
                // address literals
                Arguments.of("<user@[256.1.1.1]>", false, SYNTAX),
                Arguments.of("<user@[1.2.3]>", false, SYNTAX),
                Arguments.of("<user@[1.2.3.4.5]>", false, SYNTAX),
                Arguments.of("<user@[1.2.3.0004]>", false, SYNTAX),
                Arguments.of("<user@[example.com]>", false, SYNTAX),
                Arguments.of("<user@[]>", false, SYNTAX),
                Arguments.of("<user@[192.0.2.1>", false, SYNTAX),
                Arguments.of("<user@[IPv6:1:2:3:4:5:6:7]>", false, SYNTAX),
                Arguments.of("<user@[IPv6:1:2:3:4:5:6:7:8:9]>", false, SYNTAX),
                Arguments.of("<user@[IPv6:1:2:3:4:5:6:7::]>", false, SYNTAX), // "::" must stand for 2+ groups
                Arguments.of("<user@[IPv6:1::2::3]>", false, SYNTAX),
                Arguments.of("<user@[IPv6:1:::2]>", false, SYNTAX),
                Arguments.of("<user@[IPv6::1:2:3:4:5:6:7]>", false, SYNTAX),
                Arguments.of("<user@[IPv6:12345::1]>", false, SYNTAX),
                Arguments.of("<user@[IPv6:g::1]>", false, SYNTAX),
                Arguments.of("<user@[IPv6:1:2:3:4:5::192.0.2.1]>", false, SYNTAX),
                Arguments.of("<user@[IPv6:1:2:3:4:5:6:7:192.0.2.1]>", false, SYNTAX),
                Arguments.of("<user@[IPv6:1:2:3:4:5:192.0.2.1]>", false, SYNTAX),
                Arguments.of("<user@[IPv6:::ffff:192.0.2.256]>", false, SYNTAX),
                Arguments.of("<user@[IPv6:garbage]>", false, SYNTAX),
                Arguments.of("<user@[IPv6:]>", false, SYNTAX),
                // without "IPv6:" this is grammatically a General-address-literal with tag "2001"
                Arguments.of("<user@[2001:db8::1]>", false, ok("user", "[2001:db8::1]")),
                Arguments.of("<user@[tag-:x]>", false, SYNTAX),
                Arguments.of("<user@[tag:]>", false, SYNTAX),
                Arguments.of("<user@[tag:a[b]>", false, SYNTAX),
                Arguments.of("<user@[tag:a\\b]>", false, SYNTAX),
                Arguments.of("<user@[ta_g:x]>", false, SYNTAX),
                // source routes
                Arguments.of("<@a,b:user@c>", false, SYNTAX),
                Arguments.of("<@a:@b:user@c>", false, SYNTAX),
                Arguments.of("<@a,@b>", false, SYNTAX),
                Arguments.of("<@:user@c>", false, SYNTAX),
                Arguments.of("<@[192.0.2.1]:user@c>", false, SYNTAX), // At-domain takes a Domain only
                Arguments.of("<@a.example,:user@c>", false, SYNTAX));
    }

    @ParameterizedTest(name = "[{index}] {0} smtputf8={1} -> {2}")
    @MethodSource("paths")
    void reversePath(String input, boolean smtputf8, Expect expect) {
        switch (expect.kind()) {
            case MAILBOX -> assertThat(parseReverse(input, smtputf8))
                    .isEqualTo(ReversePath.of(new Mailbox(expect.local(), expect.domain())))
                    .satisfies(p -> assertThat(p.mailbox().orElseThrow().localPart()).isEqualTo(expect.local()))
                    .satisfies(p -> assertThat(p.mailbox().orElseThrow().domain()).isEqualTo(expect.domain()));
            case NULL_PATH -> assertThat(parseReverse(input, smtputf8).isNull()).isTrue();
            case POSTMASTER, SYNTAX -> assertRejected(() -> PathParser.parseReversePath(input, smtputf8), 501, "5.1.7");
            case NEEDS_SMTPUTF8 -> assertRejected(() -> PathParser.parseReversePath(input, smtputf8), 553, "5.6.7");
        }
    }

    @ParameterizedTest(name = "[{index}] {0} smtputf8={1} -> {2}")
    @MethodSource("paths")
    void forwardPath(String input, boolean smtputf8, Expect expect) {
        switch (expect.kind()) {
            case MAILBOX -> {
                ForwardPath p = parseForward(input, smtputf8);
                assertThat(p.isPostmaster()).isFalse();
                assertThat(p.mailbox().orElseThrow().localPart()).isEqualTo(expect.local());
                assertThat(p.mailbox().orElseThrow().domain()).isEqualTo(expect.domain());
            }
            case POSTMASTER -> assertThat(parseForward(input, smtputf8).isPostmaster()).isTrue();
            case NULL_PATH, SYNTAX -> assertRejected(() -> PathParser.parseForwardPath(input, smtputf8), 553, "5.1.3");
            case NEEDS_SMTPUTF8 -> assertRejected(() -> PathParser.parseForwardPath(input, smtputf8), 553, "5.6.7");
        }
    }

    /** What the mailbox prints must read back as the same mailbox. */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("paths")
    void printedMailboxReadsBack(String input, boolean smtputf8, Expect expect) throws ReplyException {
        if (expect.kind() == Kind.MAILBOX) {
            Mailbox m = new Mailbox(expect.local(), expect.domain());
            assertThat(PathParser.parseForwardPath("<" + m + ">", true).mailbox()).contains(m);
        }
    }

    static ReversePath parseReverse(String input, boolean smtputf8) {
        try {
            return PathParser.parseReversePath(input, smtputf8);
        } catch (ReplyException e) {
            throw new AssertionError("rejected: " + e.reply() + " because " + e.getCause(), e);
        }
    }

    static ForwardPath parseForward(String input, boolean smtputf8) {
        try {
            return PathParser.parseForwardPath(input, smtputf8);
        } catch (ReplyException e) {
            throw new AssertionError("rejected: " + e.reply() + " because " + e.getCause(), e);
        }
    }

    interface Parse {
        Object run() throws ReplyException;
    }

    static void assertRejected(Parse parse, int code, String enhanced) {
        ReplyException e = catchThrowableOfType(ReplyException.class, () -> {
            Object result = parse.run();
            throw new AssertionError("accepted as " + result);
        });
        assertThat(e).as("expected a ReplyException").isNotNull();
        assertThat(e.reply().code()).isEqualTo(code);
        assertThat(e.reply().enhanced()).hasToString(enhanced);
    }
}
