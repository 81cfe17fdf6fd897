package dev.tern.app.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.TernCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExplainCommandTest {

    private final Locale saved = Locale.getDefault();

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(saved);
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = TernCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void explainsABasicCode() {
        Run r = run("explain", "550", "--lang", "en");
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
        Run one = run("explain", "535 5.7.8", "--json", "--lang", "en");
        assertThat(one.out()).startsWith("{\"query\":\"535 5.7.8\",\"lang\":\"en\",\"known\":true,\"basic\":535,\"enhanced\":\"5.7.8\"");
        Run all = run("explain", "--all", "--json", "--lang", "zh");
        assertThat(all.exit()).isZero();
        assertThat(all.out()).startsWith("[{\"query\":\"200\"").contains("\"query\":\"X.7.30\"").contains("\"query\":\"452 4.5.3\"");
    }

    @Test
    void allPrintsEveryEntry() {
        Run r = run("explain", "--all", "--lang", "en");
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines().filter(l -> l.contains(" — ")).count()).isEqualTo(145);
    }

    @Test
    void unknownCodeExplainsTheDigits() {
        Run r = run("explain", "599", "--lang", "en");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Unknown code").contains("the first digit 5 means permanent failure");
    }

    @Test
    void badInputIsAUsageError() {
        assertThat(run("explain").exit()).isEqualTo(2);
        Run bad = run("explain", "hello");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("tern: not a reply code: \"hello\"");
        assertThat(run("explain", "550", "--lang", "de").err()).contains("unknown language 'de'");
        assertThat(run("explain", "--all", "550").exit()).isEqualTo(2);
    }
}
