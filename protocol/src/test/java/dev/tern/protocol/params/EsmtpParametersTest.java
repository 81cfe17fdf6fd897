package dev.tern.protocol.params;

import static dev.tern.protocol.params.Rejection.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.reply.ReplyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class EsmtpParametersTest {

    @Test
    void readsKeywordValuePairsAndBareKeywordsInOrder() throws ReplyException {
        EsmtpParameters p = EsmtpParameters.parse("SIZE=1000 body=8BITMIME SMTPUTF8 X-Ext=a-b~c", false);
        assertThat(p.all()).extracting(EsmtpParameter::toString)
                .containsExactly("SIZE=1000", "body=8BITMIME", "SMTPUTF8", "X-Ext=a-b~c");
        assertThat(p.get("Body")).hasValueSatisfying(b -> {
            assertThat(b.name()).isEqualTo("BODY");
            assertThat(b.keyword()).isEqualTo("body");
            assertThat(b.value()).isEqualTo("8BITMIME");
        });
        assertThat(p.get("smtputf8")).hasValueSatisfying(b -> assertThat(b.hasValue()).isFalse());
        assertThat(p.has("size")).isTrue();
        assertThat(p.has("RET")).isFalse();
        assertThat(p.size()).isEqualTo(4);
    }

    @Test
    void emptyTextAndRunsOfSpacesAreFine() throws ReplyException {
        assertThat(EsmtpParameters.parse("", false).isEmpty()).isTrue();
        assertThat(EsmtpParameters.parse("   ", false).isEmpty()).isTrue();
        assertThat(EsmtpParameters.parse("  A=1   B  ", false).all()).extracting(EsmtpParameter::name).containsExactly("A", "B");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIZE=1 size=2", "A B a", "BODY=7BIT Body=8BITMIME"})
    void duplicateKeywordsAnyCase(String text) {
        assertRejected(() -> EsmtpParameters.parse(text, false), 501, "5.5.4");
    }

    @Test
    void duplicateUsesItsOwnReply() {
        ReplyException e = assertRejected(() -> EsmtpParameters.parse("SIZE=1 SIZE=1", false), 501, "5.5.4");
        assertThat(e.reply().text()).contains("twice").contains("SIZE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"=1", "-A=1", "A_B=1", "A=", "A==1", "A=b=c", "A=\u0001", "A=x\ty", "\u00e9=1", "A.B", "A=\u00e9",
        "A=\u007f"})
    void malformedParameters(String text) {
        assertRejected(() -> EsmtpParameters.parse(text, false), 501, "5.5.4");
    }

    @Test
    void utf8ValuesOnlyWithSmtputf8() throws ReplyException {
        assertRejected(() -> EsmtpParameters.parse("X=caf\u00e9", false), 501, "5.5.4");
        assertThat(EsmtpParameters.parse("X=caf\u00e9", true).get("X").orElseThrow().value()).isEqualTo("caf\u00e9");
        assertRejected(() -> EsmtpParameters.parse("caf\u00e9=1", true), 501, "5.5.4");
    }

    @Test
    void valueCharactersAreExactlyTheRfcRange() throws ReplyException {
        StringBuilder all = new StringBuilder();
        for (char c = 33; c <= 126; c++) {
            if (c != '=') {
                all.append(c);
            }
        }
        assertThat(EsmtpParameters.parse("K=" + all, false).get("K").orElseThrow().value()).isEqualTo(all.toString());
    }

    @Test
    void replyNeverEchoesControlCharacters() {
        ReplyException e = assertRejected(() -> EsmtpParameters.parse("A=\u0001\u001b[31m", false), 501, "5.5.4");
        assertThat(e.reply().text()).doesNotContain("\u0001").doesNotContain("\u001b");
    }
}
