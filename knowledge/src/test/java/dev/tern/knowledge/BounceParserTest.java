package dev.tern.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BounceParserTest {

    record Expected(String kind, String format, String address, String reason, String bounce, String basic,
                    String enhanced) {
    }

    static Stream<Arguments> fixtures() throws IOException {
        Map<String, List<Expected>> byFile = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                BounceParserTest.class.getResourceAsStream("bounces.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                assertThat(f).as(line).hasSize(8);
                byFile.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Expected(f[1], f[2], f[3], f[4], f[5], f[6], f[7]));
            }
        }
        assertThat(byFile).hasSizeGreaterThanOrEqualTo(20);
        return byFile.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    static BounceReport parse(String file) throws IOException {
        try (InputStream in = BounceParserTest.class.getResourceAsStream("bounces/" + file)) {
            assertThat(in).as(file).isNotNull();
            return BounceParser.parse(in);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void readsEachFormat(String file, List<Expected> expected) throws IOException {
        BounceReport report = parse(file);
        Expected first = expected.get(0);
        assertThat(report.kind().id()).as("kind of %s (%s)", file, report.why()).isEqualTo(first.kind());
        assertThat(report.format()).as("format of %s", file).isEqualTo(first.format());
        if (first.address().equals("-")) {
            assertThat(report.recipients()).as("recipients of %s", file).isEmpty();
            assertThat(report.kind().isFailure()).isFalse();
            return;
        }
        assertThat(report.recipients()).as("recipients of %s", file).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Expected e = expected.get(i);
            RecipientResult got = report.recipients().get(i);
            Classification c = got.classification();
            String ctx = file + " " + e.address() + " (rule " + c.rule() + ", " + c.why() + ", diagnostic: " + got.diagnostic() + ")";
            assertThat(got.address()).as(ctx).isEqualTo(e.address());
            assertThat(c.reason().id()).as(ctx).isEqualTo(e.reason());
            assertThat(c.bounce().id()).as(ctx).isEqualTo(e.bounce());
            assertThat(Integer.toString(c.basic())).as(ctx).isEqualTo(e.basic());
            assertThat(c.enhanced() == null ? "-" : c.enhanced().toString()).as(ctx).isEqualTo(e.enhanced());
        }
    }

    @Test
    void dsnFieldsAreKept() throws IOException {
        BounceReport r = parse("rfc3464-postfix.eml");
        RecipientResult rr = r.recipients().get(0);
        assertThat(rr.action()).isEqualTo("failed");
        assertThat(rr.status().toString()).isEqualTo("5.1.1");
        assertThat(rr.remoteMta()).isEqualTo("mx1.receiver.example");
        assertThat(rr.diagnostic()).startsWith("550 5.1.1 <nobody@receiver.example>: Recipient address")
                .contains("User unknown in virtual mailbox table");
        assertThat(rr.classification().suppressRecipient()).isTrue();
        assertThat(r.subject()).isEqualTo("Undelivered Mail Returned to Sender");
    }

    @Test
    void delayedRecipientIsSoftEvenWithoutAClass() throws IOException {
        RecipientResult rr = parse("rfc3464-delayed.eml").recipients().get(0);
        assertThat(rr.classification().shouldRetry()).isTrue();
        assertThat(rr.classification().suppressRecipient()).isFalse();
    }

    @Test
    void autoReplySaysWhy() throws IOException {
        assertThat(parse("auto-reply-header.eml").why()).contains("Auto-Submitted");
        assertThat(parse("auto-reply-zh.eml").subject()).isEqualTo("自动回复: 你好");
    }

    @Test
    void jsonOfAReport() throws IOException {
        String json = parse("exim.eml").toJson("exim.eml");
        assertThat(json).startsWith("{\"source\":\"exim.eml\",\"kind\":\"bounce\",\"format\":\"exim\",")
                .contains("\"recipients\":[{\"address\":\"nobody@receiver.example\"")
                .contains("\"classification\":{\"reason\":\"user-unknown\",\"bounce\":\"hard\"");
    }

    @Test
    void headerBlocksFoldContinuationLines() {
        var blocks = BounceParser.headerBlocks("Reporting-MTA: dns; a\n\nFinal-Recipient: rfc822; b@c\nDiagnostic-Code: smtp; 550\n  5.1.1 no\n");
        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(1).get("diagnostic-code")).isEqualTo("smtp; 550\n5.1.1 no");
    }

    @Test
    void garbageIsNotABounce() throws IOException {
        BounceReport r = BounceParser.parse("just some words\n".getBytes(StandardCharsets.UTF_8));
        assertThat(r.kind()).isEqualTo(MessageKind.NOT_A_BOUNCE);
    }
}
