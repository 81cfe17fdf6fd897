package dev.tern.protocol.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class XTextTest {

    @Test
    void encodesPlusEqualsSpaceAndControlsAsHex() {
        assertThat(XText.encode("a+b=c d\r\n")).isEqualTo("a+2Bb+3Dc+20d+0D+0A");
        assertThat(XText.encode("user@example.org")).isEqualTo("user@example.org");
        assertThat(XText.encode("")).isEmpty();
    }

    @Test
    void encodesNonAsciiAsUtf8Octets() {
        assertThat(XText.encode("é")).isEqualTo("+C3+A9");
        assertThat(XText.encode("\uD83D\uDCE7")).isEqualTo("+F0+9F+93+A7");
    }

    @Test
    void decodesHexPairs() {
        assertThat(XText.decode("a+2Bb+3Dc+20d")).isEqualTo("a+b=c d");
        assertThat(XText.decode("+C3+A9")).isEqualTo("é");
        assertThat(XText.decode("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "+2", "a+2", "+2b", "+zz", "+G0", "a=b", "a b", "tab\there", "é", "+C3", "+FF+FF", "a\u0000"})
    void rejectsMalformedXtext(String bad) {
        assertThatThrownBy(() -> XText.decode(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThat(XText.isValid(bad)).isFalse();
    }

    @Test
    void rejectsLoneSurrogatesWhenEncoding() {
        assertThatThrownBy(() -> XText.encode("a\uD800b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XText.encode("a\uDC00")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 2000)
    void roundTripsAnyString(@ForAll("wellFormed") String text) {
        String encoded = XText.encode(text);
        assertThat(encoded.chars()).allMatch(c -> XText.isXchar(c) || c == '+' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'));
        assertThat(XText.decode(encoded)).isEqualTo(text);
    }

    @Property(tries = 2000)
    void decodeOnlyThrowsIllegalArgument(@ForAll("xtextNoise") String text) {
        try {
            String decoded = XText.decode(text);
            assertThat(XText.encode(decoded)).isNotNull();
        } catch (IllegalArgumentException expected) {
            assertThat(expected).hasMessageNotContaining("\r");
        }
    }

    /** Arbitrary strings of valid code points (lone surrogates are not text). */
    @Provide
    Arbitrary<String> wellFormed() {
        return Arbitraries.strings().ofMaxLength(50).filter(s -> s.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF));
    }

    @Provide
    Arbitrary<String> xtextNoise() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("+0123456789ABCDEFaz=! \u00e9").ofMaxLength(30),
                Arbitraries.strings().ofMaxLength(30));
    }
}
