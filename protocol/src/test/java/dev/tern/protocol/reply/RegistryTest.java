package dev.tern.protocol.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryTest {

    private final ReplyRegistry registry = ReplyRegistry.standard();

    /** Spec §1, in order. */
    private static final int[] SPEC_CODES = {200, 211, 214, 220, 221, 235, 250, 251, 252, 334, 354, 421, 450,
        451, 452, 453, 454, 455, 500, 501, 502, 503, 504, 521, 530, 534, 535, 538, 541, 550, 551, 552, 553, 554,
        555, 556};

    @Test
    void everyBasicCodeOfSpecSection1IsKnownWithItsReading() {
        for (int code : SPEC_CODES) {
            BasicCode basic = registry.basic(code).orElseThrow(() -> new AssertionError("missing " + code));
            Reading expected = switch (code / 100) {
                case 2 -> Reading.SUCCESS;
                case 3 -> Reading.INTERMEDIATE;
                case 4 -> Reading.SOFT;
                default -> Reading.HARD;
            };
            assertThat(basic.reading()).as("reading of %d", code).isEqualTo(expected);
            assertThat(basic.defaultText()).as("text of %d", code).isNotBlank();
            assertThat(basic.meaning()).as("meaning of %d", code).isNotBlank();
        }
        // 432 (RFC 4954) is in spec §2's AUTH row, so it is known too
        assertThat(registry.basic(432).orElseThrow().typicalEnhanced()).containsExactly(EnhancedCode.parse("4.7.12"));
        assertThat(registry.basicCodes()).hasSize(SPEC_CODES.length + 1);
    }

    @Test
    void nonStandardCodesAreMarked() {
        assertThat(registry.basicCodes().stream().filter(b -> !b.standard()).map(BasicCode::code))
                .containsExactly(200, 453, 541);
    }

    @Test
    void typicalEnhancedCodesFollowSpecSection1() {
        assertThat(typical(250)).containsExactly("2.0.0", "2.1.0", "2.1.5", "2.6.0");
        assertThat(typical(421)).containsExactly("4.3.2", "4.7.0", "4.4.2");
        assertThat(typical(452)).containsExactly("4.3.1", "4.5.3");
        assertThat(typical(455)).containsExactly("4.5.4");
        assertThat(typical(550)).containsExactly("5.1.1", "5.7.1", "5.2.1");
        assertThat(typical(554)).containsExactly("5.7.1", "5.5.1", "5.6.0");
        assertThat(typical(556)).containsExactly("5.1.10");
        assertThat(typical(334)).isEmpty();
        assertThat(typical(354)).isEmpty();
        assertThat(typical(200)).isEmpty();
    }

    @Test
    void everyTypicalEnhancedCodeIsRegisteredForTheBasicCodesClass() {
        for (BasicCode basic : registry.basicCodes()) {
            for (EnhancedCode e : basic.typicalEnhanced()) {
                assertThat(e.klass()).as("class of %s for %d", e, basic.code()).isEqualTo(basic.replyClass());
                EnhancedStatus status = registry.enhanced(e).orElseThrow(() -> new AssertionError(e + " not registered"));
                assertThat(status.allowsClass(e.klass())).as("%s allows class %d", status.key(), e.klass()).isTrue();
            }
        }
    }

    @Test
    void enhancedRegistryHasAllIanaEntries() {
        List<EnhancedStatus> all = registry.enhancedCodes();
        assertThat(all).hasSize(81);
        Map<Integer, Long> perSubject = all.stream().collect(Collectors.groupingBy(EnhancedStatus::subject,
                LinkedHashMap::new, Collectors.counting()));
        // X.0.0; X.1.0-10; X.2.0-4; X.3.0-6; X.4.0-7; X.5.0-6; X.6.0-10; X.7.0-30
        assertThat(perSubject).containsExactly(Map.entry(0, 1L), Map.entry(1, 11L), Map.entry(2, 5L), Map.entry(3, 7L),
                Map.entry(4, 8L), Map.entry(5, 7L), Map.entry(6, 11L), Map.entry(7, 31L));
        for (EnhancedStatus e : all) {
            // details are contiguous from 0 within each subject
            assertThat(e.detail()).isLessThan(perSubject.get(e.subject()).intValue());
            assertThat(e.name()).isNotBlank();
            assertThat(e.description()).isNotBlank().isNotEqualTo(e.name());
            assertThat(e.rfc()).matches("(RFC \\d+|draft-[a-z0-9-]+)(, RFC \\d+)*");
            assertThat(e.classes()).isNotEmpty().isSubsetOf(2, 4, 5);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "X.0.0|Other undefined Status|RFC 3463|2,4,5|",
        "X.1.1|Bad destination mailbox address|RFC 3463|4,5|451,550",
        "X.1.6|Destination mailbox has moved, No forwarding address|RFC 3463|5|",
        "X.1.10|Recipient address has null MX|RFC 7505, RFC 7504|5|556",
        "X.2.2|Mailbox full|RFC 3463|4,5|552",
        "X.3.6|Requested priority was changed|RFC 6710|2|250,251",
        "X.4.2|Bad connection|RFC 3463|4|421",
        "X.5.6|Authentication Exchange line is too long|RFC 4954|4,5|500",
        "X.6.7|Non-ASCII addresses not permitted for that sender/recipient|RFC 6531|5|553,550",
        "X.7.0|Other or undefined security status|RFC 3463|2,4,5|220,235,450,454,500,501,503,504,530,535,550",
        "X.7.1|Delivery not authorized, message refused|RFC 3463|4,5|451,454,502,503,533,550,551",
        "X.7.10|Encryption Needed|RFC 5248|5|523",
        "X.7.12|A password transition is needed|RFC 4954|4|422,432",
        "X.7.17|Mailbox owner has changed|RFC 7293|5|",
        "X.7.26|Multiple authentication checks failed|RFC 7372|5|550",
        "X.7.28|Mail flood detected|draft-levine-mailbomb-header|4,5|",
        "X.7.29|ARC validation failure|RFC 8617|5|550",
        "X.7.30|REQUIRETLS support required|RFC 8689|5|550",
    })
    void sampleEntriesMatchTheIanaRegistry(String key, String name, String rfc, String classes, String basic) {
        EnhancedStatus e = registry.enhanced(key).orElseThrow();
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.name()).isEqualTo(name);
        assertThat(e.rfc()).isEqualTo(rfc);
        assertThat(e.classes()).containsExactlyInAnyOrderElementsOf(ints(classes));
        assertThat(e.basicCodes()).containsExactlyElementsOf(basic == null ? List.of() : ints(basic));
    }

    @Test
    void associatedBasicCodesFitTheRegisteredClasses() {
        for (EnhancedStatus e : registry.enhancedCodes()) {
            for (int code : e.basicCodes()) {
                assertThat(e.allowsClass(code / 100)).as("%s lists %d", e.key(), code).isTrue();
            }
        }
    }

    @Test
    void enhancedLookupAcceptsAnyClassSpelling() {
        assertThat(registry.enhanced("5.1.1")).isEqualTo(registry.enhanced("X.1.1"));
        assertThat(registry.enhanced("4.1.1")).isEqualTo(registry.enhanced("x.1.1"));
        assertThat(registry.enhanced(EnhancedCode.parse("5.7.515"))).isEmpty();
    }

    /** Spec §2, row by row, as the spec lists them. */
    private static final Map<String, Set<Integer>> SPEC_ROWS = new LinkedHashMap<>();

    static {
        SPEC_ROWS.put("connect", Set.of(220, 421, 521, 554));
        SPEC_ROWS.put("HELO", Set.of(250, 500, 501, 504, 521, 421));
        SPEC_ROWS.put("EHLO", Set.of(250, 500, 501, 504, 550, 421));
        SPEC_ROWS.put("MAIL", Set.of(250, 451, 452, 455, 500, 501, 503, 530, 550, 552, 553, 555, 421));
        SPEC_ROWS.put("RCPT", Set.of(250, 251, 450, 451, 452, 455, 500, 501, 503, 521, 530, 550, 551, 552, 553, 555, 421));
        SPEC_ROWS.put("DATA", Set.of(354, 451, 500, 501, 503, 554, 421));
        SPEC_ROWS.put("end-of-data", Set.of(250, 450, 451, 452, 541, 550, 552, 554));
        SPEC_ROWS.put("BDAT", Set.of(250, 451, 452, 500, 501, 503, 552, 554, 421));
        SPEC_ROWS.put("RSET", Set.of(250, 500, 501, 504, 421));
        SPEC_ROWS.put("SEND", Set.of(502));
        SPEC_ROWS.put("SOML", Set.of(502, 250, 451, 452, 455, 500, 501, 503, 530, 550, 552, 553, 555, 421));
        SPEC_ROWS.put("SAML", Set.of(502, 250, 451, 452, 455, 500, 501, 503, 530, 550, 552, 553, 555, 421));
        SPEC_ROWS.put("VRFY", Set.of(250, 251, 252, 500, 501, 502, 504, 550, 551, 553, 421));
        SPEC_ROWS.put("EXPN", Set.of(250, 252, 500, 501, 502, 504, 550, 421));
        SPEC_ROWS.put("HELP", Set.of(211, 214, 500, 501, 502, 504, 421));
        SPEC_ROWS.put("NOOP", Set.of(250, 500, 501, 421));
        SPEC_ROWS.put("QUIT", Set.of(221, 500, 501));
        SPEC_ROWS.put("TURN", Set.of(502, 500, 503));
        SPEC_ROWS.put("STARTTLS", Set.of(220, 454, 501, 503));
        SPEC_ROWS.put("AUTH", Set.of(235, 334, 432, 454, 500, 501, 503, 504, 530, 534, 535, 538));
    }

    @Test
    void commandTableEqualsSpecSection2() {
        Set<String> stages = new TreeSet<>(registry.stages());
        Set<String> expected = new TreeSet<>(SPEC_ROWS.keySet());
        expected.add(ReplyRegistry.STAGE_UNKNOWN);
        assertThat(stages).isEqualTo(expected);
        SPEC_ROWS.forEach((stage, codes) -> {
            assertThat(registry.listedCodes(stage)).as(stage).isEqualTo(codes);
            Set<Integer> allowed = new TreeSet<>(codes);
            allowed.add(421);
            assertThat(registry.allowedCodes(stage)).as(stage).isEqualTo(allowed);
        });
        assertThat(registry.allowedCodes("unknown")).containsExactly(421, 500);
    }

    @Test
    void everyCodeOfTheCommandTableIsKnown() {
        for (String stage : registry.stages()) {
            for (int code : registry.allowedCodes(stage)) {
                assertThat(registry.basic(code)).as("%s: %d", stage, code).isPresent();
            }
        }
    }

    @Test
    void stagesAreCaseInsensitiveForVerbs() {
        assertThat(registry.allowedCodes("rcpt")).isEqualTo(registry.allowedCodes("RCPT"));
        assertThat(registry.isAllowed("QUIT", 221)).isTrue();
        assertThat(registry.isAllowed("QUIT", 250)).isFalse();
        assertThatThrownBy(() -> registry.allowedCodes("FOO")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stagesReturningACode() {
        assertThat(registry.stagesReturning(354)).containsExactly("DATA");
        assertThat(registry.stagesReturning(541)).containsExactly("end-of-data");
        assertThat(registry.stagesReturning(432)).containsExactly("AUTH");
        assertThat(registry.stagesReturning(221)).containsExactly("QUIT");
    }

    private List<String> typical(int code) {
        return registry.basic(code).orElseThrow().typicalEnhanced().stream().map(EnhancedCode::toString).toList();
    }

    private static List<Integer> ints(String csv) {
        return java.util.Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
}
