package dev.tern.app.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.CliRun;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExplainCommandTest {

    private final Locale saved = Locale.getDefault();

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(saved);
    }

    static CliRun run(String... args) {
        return CliRun.tern(args);
    }

    @Test
    void explainsABasicCode() {
        CliRun r = run("explain", "550", "--lang", "en");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("550 — Mailbox unavailable\n")
                .contains("Class: hard bounce").contains("Returned by: EHLO, MAIL, RCPT").contains("Defined in: RFC 5321");
    }

    @Test
    void explainsAnEnhancedCodeAndAPairQuotedOrNot() {
        assertThat(run("explain", "5.1.1", "--lang", "en").out()).startsWith("5.1.1 — Bad destination mailbox address");
        String quoted = run("explain", "550 5.1.1", "--lang", "en").out();
        assertThat(quoted).startsWith("550 5.1.1 — Recipient address unknown");
        assertThat(run("explain", "550", "5.1.1", "--lang", "en").out()).isEqualTo(quoted);
    }

    @Test
    void languagesComeFromTheOptionOrTheLocale() {
        assertThat(run("explain", "552 5.2.2", "--lang", "zh").out()).contains("邮箱已满").contains("类别: 软退信");
        assertThat(run("explain", "552 5.2.2", "--lang", "fr").out()).contains("Boîte pleine").contains("rebond temporaire");
        Locale.setDefault(Locale.FRANCE);
        assertThat(run("explain", "421").out()).contains("Service indisponible");
        Locale.setDefault(Locale.GERMANY);
        assertThat(run("explain", "421").out()).contains("Service not available");
    }

    @Test
    void jsonForOneCodeIsAnObjectAndForAllAnArray() {
        CliRun one = run("explain", "535 5.7.8", "--json", "--lang", "en");
        assertThat(one.out()).startsWith("{\"query\":\"535 5.7.8\",\"lang\":\"en\",\"known\":true,\"basic\":535,\"enhanced\":\"5.7.8\"");
        CliRun all = run("explain", "--all", "--json", "--lang", "zh");
        assertThat(all.exit()).isZero();
        assertThat(all.out()).startsWith("[{\"query\":\"200\"").contains("\"query\":\"X.7.30\"").contains("\"query\":\"452 4.5.3\"");
    }

    @Test
    void allPrintsEveryEntry() {
        CliRun r = run("explain", "--all", "--lang", "en");
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines().filter(l -> l.contains(" — ")).count()).isEqualTo(145);
    }

    @Test
    void unknownCodeExplainsTheDigits() {
        CliRun r = run("explain", "599", "--lang", "en");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Unknown code").contains("the first digit 5 means permanent failure");
    }

    @Test
    void badInputIsAUsageError() {
        assertThat(run("explain").exit()).isEqualTo(2);
        CliRun bad = run("explain", "hello");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("tern: not a reply code: \"hello\"");
        assertThat(run("explain", "550", "--lang", "de").err()).contains("unknown language 'de'");
        assertThat(run("explain", "--all", "550").exit()).isEqualTo(2);
    }
}
