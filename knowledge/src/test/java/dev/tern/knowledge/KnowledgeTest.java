package dev.tern.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.protocol.reply.EnhancedCode;
import dev.tern.protocol.reply.ReplyRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class KnowledgeTest {

    private static final List<String> WELL_KNOWN = List.of("550 5.1.1", "550 5.7.1", "552 5.2.2", "421 4.7.0",
            "451 4.7.1", "554 5.7.1", "535 5.7.8", "530 5.7.0", "553 5.1.3", "452 4.5.3");

    @ParameterizedTest
    @EnumSource(Lang.class)
    void everyEntryHasEveryFieldInEveryLanguage(Lang lang) {
        Texts t = Texts.standard();
        List<String> missing = new ArrayList<>();
        for (String key : Knowledge.requiredKeys()) {
            var e = t.entry(lang, key);
            if (e.isEmpty()) {
                missing.add(key + " (no entry)");
                continue;
            }
            e.get().fields().forEach((field, text) -> {
                if (text == null || text.isBlank()) {
                    missing.add(key + " " + field);
                }
            });
        }
        assertThat(missing).as("entries or fields missing in %s", lang).isEmpty();
        assertThat(new HashSet<>(t.keys(lang))).as("no entry without a code").isEqualTo(new HashSet<>(Knowledge.requiredKeys()));
    }

    @ParameterizedTest
    @EnumSource(Lang.class)
    void everyLanguageHasEveryLabel(Lang lang) {
        assertThat(Texts.standard().uiStrings(lang).keySet())
                .isEqualTo(Texts.standard().uiStrings(Lang.EN).keySet());
        Texts.standard().uiStrings(lang).values().forEach(v -> assertThat(v).isNotBlank());
    }

    @Test
    void requiredKeysCoverTheRegistryAndTheWellKnownCombinations() {
        List<String> keys = Knowledge.requiredKeys();
        ReplyRegistry.standard().basicCodes().forEach(b -> assertThat(keys).contains(Integer.toString(b.code())));
        ReplyRegistry.standard().enhancedCodes().forEach(e -> assertThat(keys).contains(e.key()));
        assertThat(keys).containsAll(WELL_KNOWN);
        assertThat(ReplyRegistry.standard().enhancedCodes()).hasSize(81);
    }

    @Test
    void translationsDiffer() {
        // A copied English text in the zh or fr file would be an untranslated entry.
        Texts t = Texts.standard();
        for (String key : Knowledge.requiredKeys()) {
            String en = t.entry(Lang.EN, key).orElseThrow().meaning();
            assertThat(t.entry(Lang.ZH, key).orElseThrow().meaning()).as("zh %s", key).isNotEqualTo(en);
            assertThat(t.entry(Lang.FR, key).orElseThrow().meaning()).as("fr %s", key).isNotEqualTo(en);
            assertThat(t.entry(Lang.ZH, key).orElseThrow().meaning()).as("zh %s has Chinese", key)
                    .containsPattern("\\p{IsHan}");
        }
    }

    @Test
    void basicCodeFactsComeFromTheRegistry() {
        Explanation e = Knowledge.explain("550", Lang.EN);
        assertThat(e.known()).isTrue();
        assertThat(e.basic()).isEqualTo(550);
        assertThat(e.outcome()).isEqualTo(Outcome.HARD_BOUNCE);
        assertThat(e.commands()).isEqualTo(ReplyRegistry.standard().stagesReturning(550));
        assertThat(e.commands()).contains("RCPT", "MAIL", "end-of-data");
        assertThat(e.rfcs()).containsExactly("RFC 5321");
        assertThat(Knowledge.explain("421", Lang.EN).commands()).containsExactly(Knowledge.ANY_COMMAND);
        assertThat(Knowledge.explain("421", Lang.EN).outcome()).isEqualTo(Outcome.SOFT_BOUNCE);
        assertThat(Knowledge.explain("354", Lang.EN).outcome()).isEqualTo(Outcome.INTERMEDIATE);
        assertThat(Knowledge.explain("250", Lang.EN).outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void nonStandardCodesSaySo() {
        Explanation e = Knowledge.explain("453", Lang.FR);
        assertThat(e.rfcs()).isEmpty();
        assertThat(e.notes()).hasSize(1);
        assertThat(e.render()).contains("aucune RFC");
    }

    @Test
    void wellKnownCombinationsHaveTheirOwnEntry() {
        for (String key : WELL_KNOWN) {
            for (Lang lang : Lang.values()) {
                Explanation e = Knowledge.explain(key, lang);
                assertThat(e.entries()).as(key).first().isEqualTo(key);
                assertThat(e.query()).isEqualTo(key);
            }
        }
    }

    @Test
    void mailboxFullCombinationIsASoftBounceAsTheClassifierReadsIt() {
        Explanation e = Knowledge.explain(552, EnhancedCode.parse("5.2.2"), Locale.ENGLISH);
        assertThat(e.outcome()).isEqualTo(Outcome.SOFT_BOUNCE);
        assertThat(e.reason()).isEqualTo(Reason.MAILBOX_FULL);
        assertThat(e.rfcs()).containsExactly("RFC 5321", "RFC 3463");
    }

    @Test
    void combinationWithoutOwnEntryJoinsBothEntries() {
        Explanation e = Knowledge.explain("550 5.7.20", Lang.EN);
        assertThat(e.known()).isTrue();
        assertThat(e.entries()).containsExactly("550", "X.7.20");
        assertThat(e.title()).contains("DKIM");
        assertThat(e.meaning()).contains("550:");
        assertThat(e.reason()).isEqualTo(Reason.SECURITY_ERROR);
    }

    @Test
    void enhancedCodeAloneTakesItsClassFromTheFirstDigit() {
        assertThat(Knowledge.explain("5.1.1", Lang.EN).outcome()).isEqualTo(Outcome.HARD_BOUNCE);
        assertThat(Knowledge.explain("4.1.1", Lang.EN).outcome()).isEqualTo(Outcome.SOFT_BOUNCE);
        assertThat(Knowledge.explain("X.1.1", Lang.EN).outcome()).isEqualTo(Outcome.BY_CLASS);
        Explanation e = Knowledge.explain("5.2.2", Lang.ZH);
        assertThat(e.title()).isEqualTo("邮箱已满");
        assertThat(e.commands()).contains("RCPT");
        assertThat(e.rfcs()).containsExactly("RFC 3463");
    }

    @Test
    void unknownBasicCodeSaysWhatTheDigitsStillTell() {
        Explanation e = Knowledge.explain("557", Lang.EN);
        assertThat(e.known()).isFalse();
        assertThat(e.outcome()).isEqualTo(Outcome.HARD_BOUNCE);
        assertThat(e.meaning()).contains("557").contains("permanent failure").contains("the mail system");
        Explanation zh = Knowledge.explain("471", Lang.ZH);
        assertThat(zh.outcome()).isEqualTo(Outcome.SOFT_BOUNCE);
        assertThat(zh.meaning()).contains("临时失败").contains("信息");
        Explanation fr = Knowledge.explain("699", Lang.FR);
        assertThat(fr.meaning()).contains("pas une classe SMTP valide");
    }

    @Test
    void unknownEnhancedCodeSaysWhatClassAndSubjectTell() {
        Explanation e = Knowledge.explain("5.7.999", Lang.EN);
        assertThat(e.known()).isFalse();
        assertThat(e.meaning()).contains("not in the IANA").contains("security or policy");
        Explanation both = Knowledge.explain("550 5.9.9", Lang.EN);
        assertThat(both.known()).isTrue();
        assertThat(both.entries()).containsExactly("550");
    }

    @Test
    void classMismatchIsNoted() {
        Explanation e = Knowledge.explain("550 4.1.1", Lang.EN);
        assertThat(e.notes()).anyMatch(n -> n.contains("disagree"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "55", "abc", "5500", "550 5.1", "5.1", "6.1.1", "550 foo", "000"})
    void rejectsWhatIsNotACode(String query) {
        assertThatThrownBy(() -> Knowledge.explain(query, Lang.EN)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"550 5.1.1", "550-5.1.1", " 550  5.1.1 ", "550 X.1.1"})
    void acceptsCommonSpellings(String query) {
        assertThat(Knowledge.explain(query, Lang.EN).query()).isEqualTo("550 5.1.1");
    }

    @Test
    void allListsEveryEntryInEveryLanguage() {
        for (Lang lang : Lang.values()) {
            List<Explanation> all = Knowledge.all(lang);
            assertThat(all).hasSize(Knowledge.requiredKeys().size());
            Set<String> queries = new HashSet<>();
            all.forEach(e -> {
                assertThat(e.known()).isTrue();
                assertThat(e.lang()).isEqualTo(lang);
                queries.add(e.query());
            });
            assertThat(queries).hasSize(all.size());
        }
    }

    @Test
    void languageFromLocale() {
        assertThat(Lang.of(Locale.SIMPLIFIED_CHINESE)).isEqualTo(Lang.ZH);
        assertThat(Lang.of(Locale.CANADA_FRENCH)).isEqualTo(Lang.FR);
        assertThat(Lang.of(Locale.GERMAN)).isEqualTo(Lang.EN);
        assertThat(Lang.parse("zh_CN.UTF-8")).contains(Lang.ZH);
        assertThat(Lang.parse("xx")).isEmpty();
    }

    @Test
    void jsonCarriesEveryField() {
        String json = Knowledge.explain("550 5.1.1", Lang.FR).toJson();
        for (String field : List.of("query", "lang", "known", "basic", "enhanced", "title", "class", "meaning",
                "reason", "commands", "causes", "sender_action", "operator_checks", "rfc", "entries", "notes")) {
            assertThat(json).contains("\"" + field + "\":");
        }
        assertThat(json).contains("\"class\":\"hard-bounce\"").contains("\"lang\":\"fr\"");
    }

    @Test
    void renderUsesTheLanguageLabels() {
        assertThat(Knowledge.explain("550 5.1.1", Lang.ZH).render()).contains("类别: 硬退信").contains("定义于: RFC 5321, RFC 3463");
        assertThat(Knowledge.explain("550 5.1.1", Lang.EN).render()).startsWith("550 5.1.1 — Recipient address unknown\n");
    }
}
