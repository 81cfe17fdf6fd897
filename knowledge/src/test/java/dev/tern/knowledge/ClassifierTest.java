package dev.tern.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.reply.EnhancedCode;
import dev.tern.protocol.reply.EnhancedStatus;
import dev.tern.protocol.reply.Reply;
import dev.tern.protocol.reply.ReplyRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClassifierTest {

    /** One row of replies.tsv. */
    record Case(String source, Reason reason, BounceType bounce, int basic, String enhanced, String text) {
        @Override
        public String toString() {
            return source + ": " + text.replace("\n", " / ");
        }
    }

    static Stream<Arguments> replies() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                ClassifierTest.class.getResourceAsStream("replies.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                assertThat(f).as(line).hasSize(6);
                out.add(Arguments.of(new Case(f[0], Reason.byId(f[1]).orElseThrow(),
                        BounceType.valueOf(f[2].toUpperCase()), Integer.parseInt(f[3]), f[4],
                        f[5].replace("\\n", "\n"))));
            }
        }
        assertThat(out).hasSizeGreaterThan(50);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void classifiesRealWorldReplies(Case c) {
        Classification got = Classifier.classify(c.text());
        assertThat(got.reason()).as("reason of %s (rule %s, %s)", c, got.rule(), got.why()).isEqualTo(c.reason());
        assertThat(got.bounce()).as("bounce of %s (rule %s)", c, got.rule()).isEqualTo(c.bounce());
        assertThat(got.basic()).as("basic code of %s", c).isEqualTo(c.basic());
        assertThat(got.enhanced() == null ? "-" : got.enhanced().toString()).as("enhanced of %s", c).isEqualTo(c.enhanced());
        assertThat(got.rule()).isNotBlank();
        assertThat(got.why()).isNotBlank();
    }

    @Test
    void mailboxFullIsSoftEvenAs5xx() {
        Classification c = Classifier.classify("552 5.2.2 Over quota");
        assertThat(c.reason()).isEqualTo(Reason.MAILBOX_FULL);
        assertThat(c.bounce()).isEqualTo(BounceType.SOFT);
        assertThat(c.shouldRetry()).isTrue();
        assertThat(c.suppressRecipient()).isFalse();
    }

    @Test
    void transientReplySayingUserDoesNotExistIsHard() {
        Classification c = Classifier.classify("450 4.0.0 <bob@example.org>: no such user here");
        assertThat(c.reason()).isEqualTo(Reason.USER_UNKNOWN);
        assertThat(c.bounce()).isEqualTo(BounceType.HARD);
        assertThat(c.rule()).isEqualTo("text:user-unknown");
        assertThat(c.suppressRecipient()).isTrue();
    }

    @Test
    void enhancedCodeDecidesWhenTextSaysNothing() {
        Classification c = Classifier.classify("550 5.1.1 Go away");
        assertThat(c.reason()).isEqualTo(Reason.USER_UNKNOWN);
        assertThat(c.rule()).isEqualTo("enhanced:X.1.1");
        assertThat(c.basic()).isEqualTo(550);
        assertThat(c.enhanced()).isEqualTo(new EnhancedCode(5, 1, 1));
    }

    @Test
    void genericEnhancedCodeLetsTheTextDecide() {
        Classification c = Classifier.classify("550 5.7.1 Message rejected as spam by Content Filtering.");
        assertThat(c.reason()).isEqualTo(Reason.SPAM_DETECTED);
        assertThat(c.suppressRecipient()).isFalse();
    }

    @Test
    void providerCodeRangeIsReadFromTheEnhancedCode() {
        assertThat(Classifier.classify("550 5.7.640 Access denied, banned sending IP [192.0.2.1]").rule())
                .isEqualTo("text:provider-microsoft-banned-ip");
        Classification parsed = Classifier.classify(451, new EnhancedCode(4, 7, 650),
                "The mail server [192.0.2.8] has been temporarily rate limited due to IP reputation.");
        assertThat(parsed.rule()).isEqualTo("text:provider-microsoft-banned-ip");
        assertThat(parsed.reason()).isEqualTo(Reason.BLOCKED);
        assertThat(Classifier.classify(550, new EnhancedCode(5, 7, 64), "Access denied").rule())
                .isNotEqualTo("text:provider-microsoft-banned-ip");
    }

    @Test
    void parsedReplyFromTheClientClassifiesTheSame() {
        Reply reply = Reply.of(550, "5.1.1", "<bob@example.org>: Recipient address rejected: User unknown");
        Classification c = Classifier.classify(reply);
        assertThat(c.reason()).isEqualTo(Reason.USER_UNKNOWN);
        assertThat(c.basic()).isEqualTo(550);
        assertThat(c.enhanced().toString()).isEqualTo("5.1.1");
    }

    @Test
    void everyRegistryCodeHasAReason() {
        Classifier cl = Classifier.standard();
        for (var b : ReplyRegistry.standard().basicCodes()) {
            assertThat(cl.codeReason(Integer.toString(b.code()))).as("basic %d", b.code()).isPresent();
        }
        for (EnhancedStatus e : ReplyRegistry.standard().enhancedCodes()) {
            assertThat(cl.codeReason(e.key())).as("enhanced %s", e.key()).isPresent();
        }
    }

    @Test
    void jsonHasTheDocumentedFields() {
        String json = Classifier.classify("550 5.1.1 user unknown").toJson();
        assertThat(json).startsWith("{\"reason\":\"user-unknown\",\"bounce\":\"hard\",\"basic\":550,"
                + "\"enhanced\":\"5.1.1\",\"rule\":\"text:user-unknown\",");
    }

    @Test
    void emptyTextIsUndefined() {
        Classification c = Classifier.classify("");
        assertThat(c.reason()).isEqualTo(Reason.UNDEFINED);
        assertThat(c.basic()).isZero();
        assertThat(c.enhanced()).isNull();
    }
}
