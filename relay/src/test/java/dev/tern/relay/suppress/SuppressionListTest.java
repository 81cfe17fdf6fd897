package dev.tern.relay.suppress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.protocol.reply.Reply;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuppressionListTest {

    @TempDir
    Path dir;

    final Instant now = Instant.parse("2026-11-23T10:00:00Z");
    final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    @Test
    void addedEntriesGiveTheRcptReplyWithDateAndReasonAcrossInstances() throws IOException {
        SuppressionList list = new SuppressionList(dir.resolve("suppressed.tsv"), clock);
        list.add(new Suppression("Bob@Example.org", Instant.parse("2026-11-20T08:00:00Z"), null, "unknown user",
                "550 5.1.1 no such user"));
        SuppressionList other = new SuppressionList(dir.resolve("suppressed.tsv"), clock);
        Optional<Reply> r = other.rcptReply("bob@example.org");
        assertThat(r).isPresent();
        assertThat(r.get().code()).isEqualTo(550);
        assertThat(r.get().enhanced()).hasToString("5.1.1");
        assertThat(r.get().text()).contains("suppressed since 2026-11-20").contains("unknown user").contains("<bob@example.org>");
        assertThat(other.rcptReply("carol@example.org")).isEmpty();
    }

    @Test
    void expiredEntriesDoNotSuppressAndPurgeDropsThem() throws IOException {
        SuppressionList list = new SuppressionList(dir.resolve("s.tsv"), clock);
        list.add(new Suppression("full@example.org", now.minus(Duration.ofDays(8)), now.minusSeconds(1), "mailbox full", ""));
        list.add(new Suppression("blocked@example.org", now, now.plus(Duration.ofDays(7)), "blocked by policy", ""));
        assertThat(list.check("full@example.org")).isEmpty();
        assertThat(list.check("blocked@example.org")).isPresent();
        assertThat(list.purgeExpired()).isEqualTo(1);
        assertThat(list.list()).extracting(Suppression::address).containsExactly("blocked@example.org");
    }

    @Test
    void removeReportsWhetherTheAddressWasThere() throws IOException {
        SuppressionList list = new SuppressionList(dir.resolve("s.tsv"), clock);
        list.add(new Suppression("a@example.org", now, null, "x", ""));
        assertThat(list.remove("A@EXAMPLE.ORG")).isTrue();
        assertThat(list.remove("a@example.org")).isFalse();
        assertThat(list.check("a@example.org")).isEmpty();
    }

    @Test
    void csvExportThenImportRoundTripsQuotedFields() throws IOException {
        SuppressionList list = new SuppressionList(dir.resolve("s.tsv"), clock);
        list.add(new Suppression("a@example.org", now, null, "unknown user", "550 5.1.1 \"a\", no such user"));
        list.add(new Suppression("b@example.org", now, now.plusSeconds(60), "mailbox full", ""));
        StringWriter w = new StringWriter();
        list.exportCsv(w);
        assertThat(w.toString()).startsWith("address,since,expires,reason,reply\r\n")
                .contains("\"550 5.1.1 \"\"a\"\", no such user\"");

        SuppressionList copy = new SuppressionList(dir.resolve("copy.tsv"), clock);
        assertThat(copy.importCsv(new StringReader(w.toString()))).isEqualTo(2);
        assertThat(copy.list()).isEqualTo(list.list());
    }

    @Test
    void importFillsMissingFieldsAndRefusesNonAddresses() throws IOException {
        SuppressionList list = new SuppressionList(dir.resolve("s.tsv"), clock);
        assertThat(list.importCsv(new StringReader("x@example.org\ny@example.org,2026-01-01T00:00:00Z\n"))).isEqualTo(2);
        Suppression x = list.check("x@example.org").orElseThrow();
        assertThat(x.since()).isEqualTo(now);
        assertThat(x.expires()).isNull();
        assertThat(x.reason()).isEqualTo("imported");
        assertThatThrownBy(() -> list.importCsv(new StringReader("not-an-address\n"))).hasMessageContaining("row 1");
    }

    @Test
    void policyPermanentForAddressReasonsTemporaryForFullOrPolicyNoneForContent() {
        SuppressionPolicy p = new SuppressionPolicy(Duration.ofDays(3));
        Suppression unknown = p.decide("a@b", Reply.of(550, "5.1.1", "no such user"), now).orElseThrow();
        assertThat(unknown.expires()).isNull();
        assertThat(unknown.reason()).isEqualTo("user-unknown");
        assertThat(unknown.reply()).isEqualTo("550 5.1.1 no such user");
        assertThat(p.decide("a@b", Reply.of(556, "5.1.10", "null MX"), now).orElseThrow().expires()).isNull();
        assertThat(p.decide("a@b", Reply.of(550, "5.2.1", "disabled"), now).orElseThrow().expires()).isNull();
        assertThat(p.decide("a@b", Reply.of(552, "5.2.2", "full"), now).orElseThrow().expires()).isEqualTo(now.plus(Duration.ofDays(3)));
        assertThat(p.decide("a@b", Reply.of(550, "5.7.1", "blocked"), now).orElseThrow().expires()).isEqualTo(now.plus(Duration.ofDays(3)));
        assertThat(p.decide("a@b", Reply.of(552, "5.3.4", "too big"), now)).isEmpty();
        assertThat(p.decide("a@b", Reply.of(450, "4.2.1", "busy"), now)).isEmpty();
        assertThat(p.decide("a@b", Reply.of(550, (String) null, "User unknown"), now)).isPresent();
        // the reply for an address already on the list does not put it there again
        assertThat(p.decide("a@b", dev.tern.protocol.reply.Replies.RCPT_SUPPRESSED.format("a@b", "2026-11-20", "user-unknown"), now))
                .isEmpty();
        // spec §3: the classifier, not the first digit, decides retry or give up
        assertThat(SuppressionPolicy.bounce(Reply.of(552, "5.2.2", "Mailbox full"))).isEqualTo(dev.tern.knowledge.BounceType.SOFT);
        assertThat(SuppressionPolicy.bounce(Reply.of(550, "5.1.1", "no such user"))).isEqualTo(dev.tern.knowledge.BounceType.HARD);
        assertThat(SuppressionPolicy.bounce(Reply.of(250, "2.0.0", "ok"))).isEqualTo(dev.tern.knowledge.BounceType.NONE);
    }
}
