package dev.tern.protocol.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReplyCatalogueTest {

    private final ReplyRegistry registry = ReplyRegistry.standard();

    @ParameterizedTest
    @EnumSource(Replies.class)
    void basicCodeIsKnownAndEnhancedCodeFitsIt(Replies entry) {
        BasicCode basic = registry.basic(entry.code()).orElseThrow(() -> new AssertionError(entry + ": unknown code"));
        assertThat(basic.replyClass()).isBetween(2, 5);
        EnhancedCode e = entry.enhanced();
        if (e != null) {
            assertThat(e.klass()).as("%s: class of %s", entry, e).isEqualTo(basic.replyClass());
            EnhancedStatus status = registry.enhanced(e).orElseThrow(() -> new AssertionError(entry + ": " + e + " not registered"));
            assertThat(status.allowsClass(e.klass())).as("%s: %s allows class %d", entry, status.key(), e.klass()).isTrue();
        }
        assertThat(entry.reply().text()).isNotBlank();
    }

    /** RFC 2034 §3: no enhanced code on the greeting, on HELO/EHLO replies, or on 3xx replies. */
    @Test
    void greetingHeloAnd3xxRepliesHaveNoEnhancedCode() {
        for (Replies r : EnumSet.of(Replies.GREETING, Replies.HELO_OK, Replies.DATA_START, Replies.AUTH_CHALLENGE)) {
            assertThat(r.enhanced()).as(r.name()).isNull();
        }
        for (Replies r : Replies.values()) {
            if (r.code() / 100 == 3) {
                assertThat(r.enhanced()).as(r.name()).isNull();
            }
            if (r.code() == 220 && r != Replies.GREETING) {
                // only STARTTLS's 220 is an answer to a command, and it carries 2.0.0
                assertThat(r).isEqualTo(Replies.STARTTLS_READY);
                assertThat(r.enhanced()).isEqualTo(EnhancedCode.parse("2.0.0"));
            }
        }
    }

    @Test
    void everyServerReplyCodeIsInSomeSpecSection2Row() {
        for (Replies r : Replies.values()) {
            if (isClientSynthesised(r) || isDeprecated(r)) {
                continue;
            }
            assertThat(registry.stagesReturning(r.code()).isEmpty() && r.code() != ReplyRegistry.ANY_COMMAND_CODE)
                    .as("%s (%d) appears in no spec §2 row", r, r.code()).isFalse();
        }
    }

    @Test
    void clientSynthesisedRepliesUseKnownStandardCodes() {
        long count = 0;
        for (Replies r : Replies.values()) {
            if (isClientSynthesised(r)) {
                count++;
                assertThat(registry.basic(r.code()).orElseThrow().standard()).as(r.name()).isTrue();
                assertThat(r.enhanced()).as(r.name()).isNotNull();
            }
        }
        assertThat(count).isGreaterThan(5);
    }

    @Test
    void exactCodesOfKeyEntries() {
        assertThat(Replies.RCPT_UNKNOWN_USER.format("a@b.example").toString())
                .isEqualTo("550 5.1.1 <a@b.example>: Recipient address rejected: no such user here");
        assertThat(Replies.LINE_TOO_LONG.reply()).isEqualTo(Reply.of(500, "5.5.6", "Command line too long"));
        assertThat(Replies.PARAM_NOT_NOW.enhanced()).isEqualTo(EnhancedCode.parse("4.5.4"));
        assertThat(Replies.AUTH_PASSWORD_TRANSITION.reply().code()).isEqualTo(432);
        assertThat(Replies.RCPT_TOO_MANY.exception().reply().toString()).isEqualTo("452 4.5.3 Too many recipients");
    }

    @Test
    void onlyTheNullMxServerEntryIsDeprecated() {
        assertThat(java.util.Arrays.stream(Replies.values()).filter(ReplyCatalogueTest::isDeprecated))
                .containsExactly(Replies.valueOf("RCPT_NULL_MX"));
    }

    @Test
    void namesAreUnique() {
        Set<String> seen = new java.util.HashSet<>();
        for (Replies r : Replies.values()) {
            assertThat(seen.add(r.name())).isTrue();
        }
    }

    private static boolean isClientSynthesised(Replies r) {
        return r.name().startsWith("CLIENT_") || r.name().startsWith("QUEUE_");
    }

    /** Entries deprecated because the server must not send them (RCPT_NULL_MX: 556 is in no spec §2 row). */
    private static boolean isDeprecated(Replies r) {
        try {
            return Replies.class.getField(r.name()).isAnnotationPresent(Deprecated.class);
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }
}
