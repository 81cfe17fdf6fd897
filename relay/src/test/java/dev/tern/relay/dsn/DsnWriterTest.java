package dev.tern.relay.dsn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.Mailbox;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.Notify;
import dev.tern.protocol.params.Orcpt;
import dev.tern.protocol.params.RcptParameters;
import dev.tern.protocol.params.Ret;
import dev.tern.protocol.reply.Reply;
import dev.tern.relay.queue.Envelope;
import dev.tern.relay.queue.MessageKind;
import dev.tern.relay.queue.QueuedRecipient;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DsnWriterTest {

    static final byte[] ORIGINAL = ("From: alice@example.org\r\nTo: bob@example.net\r\nSubject: lunch\r\n"
            + "Message-ID: <m1@example.org>\r\n\r\nAre you free at noon?\r\n").getBytes(StandardCharsets.US_ASCII);

    final Instant arrival = Instant.parse("2026-11-23T10:00:00Z");
    final Instant now = Instant.parse("2026-11-23T10:07:00Z");
    final QueuedRecipient bob = new QueuedRecipient(ForwardPath.of(new Mailbox("bob", "example.net")),
            new RcptParameters(Set.of(Notify.FAILURE), Orcpt.rfc822("Bob@Example.NET"), Map.of()));
    final QueuedRecipient carol = QueuedRecipient.of(ForwardPath.of(new Mailbox("carol", "example.com")));

    Envelope envelope(Ret ret) {
        MailParameters p = MailParameters.NONE.withEnvid("env-42 x");
        return new Envelope(ReversePath.of(new Mailbox("alice", "example.org")), ret == null ? p : p.withRet(ret),
                List.of(bob, carol), arrival, MessageKind.MESSAGE);
    }

    byte[] write(Ret ret, List<DsnRecipient> rs, long limit) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DsnWriter("mx.tern.test", limit).write(out, "0193A2B4C5D6E7F8A9B", envelope(ret), ORIGINAL.length, rs,
                "alice@example.org", now, () -> new ByteArrayInputStream(ORIGINAL));
        return out.toByteArray();
    }

    @Test
    void failureReportParsesAsMultipartReportWithExactFields() throws Exception {
        Reply reply = Reply.of(550, "5.1.1", "<bob@example.net>: Recipient address rejected: no such user here");
        byte[] dsn = write(Ret.FULL, List.of(new DsnRecipient(bob, DsnRecipient.Action.FAILED, reply,
                "mx.example.net[127.0.0.1]:2525", now.minusSeconds(5), null)), 100);
        DsnParsing.Parsed p = DsnParsing.parse(dsn);

        assertThat(p.message().getContentType()).startsWith("multipart/report").contains("report-type=delivery-status");
        assertThat(p.message().getHeader("Auto-Submitted")[0]).isEqualTo("auto-replied");
        assertThat(p.message().getSubject()).isEqualTo("Undelivered mail returned to sender");
        assertThat(p.report().getCount()).isEqualTo(3);
        assertThat(p.report().getBodyPart(0).isMimeType("text/plain")).isTrue();
        String meaning = dev.tern.knowledge.Knowledge.explain(550, reply.enhanced(), dev.tern.knowledge.Lang.EN).meaning();
        assertThat((String) p.report().getBodyPart(0).getContent())
                .contains("<bob@example.net>: mx.example.net said: 550 5.1.1 <bob@example.net>: Recipient address rejected")
                .contains("What it means: " + meaning).contains("What you can do: ");

        assertThat(p.perMessage().getHeader("Reporting-MTA", null)).isEqualTo("dns; mx.tern.test");
        assertThat(p.perMessage().getHeader("Original-Envelope-Id", null)).isEqualTo("env-42+20x");
        assertThat(p.perMessage().getHeader("Arrival-Date", null)).isEqualTo("Mon, 23 Nov 2026 10:00:00 +0000");
        assertThat(p.perRecipient()).hasSize(1);
        InternetHeaders r = p.perRecipient().get(0);
        assertThat(r.getHeader("Final-Recipient", null)).isEqualTo("rfc822; bob@example.net");
        assertThat(r.getHeader("Original-Recipient", null)).isEqualTo("rfc822; Bob@Example.NET");
        assertThat(r.getHeader("Action", null)).isEqualTo("failed");
        assertThat(r.getHeader("Status", null)).isEqualTo("5.1.1");
        assertThat(r.getHeader("Remote-MTA", null)).isEqualTo("dns; mx.example.net");
        assertThat(r.getHeader("Diagnostic-Code", null))
                .isEqualTo("smtp; 550 5.1.1 <bob@example.net>: Recipient address rejected: no such user here");
        assertThat(r.getHeader("Last-Attempt-Date", null)).isEqualTo("Mon, 23 Nov 2026 10:06:55 +0000");
        assertThat(r.getHeader("Will-Retry-Until", null)).isNull();

        BodyPart original = p.report().getBodyPart(2);
        assertThat(original.isMimeType("message/rfc822")).isTrue();
        MimeMessage inner = (MimeMessage) original.getContent();
        assertThat(inner.getSubject()).isEqualTo("lunch");
        assertThat(((String) inner.getContent()).trim()).isEqualTo("Are you free at noon?");
    }

    @Test
    void retHdrsReturnsOnlyTheHeader() throws Exception {
        byte[] dsn = write(Ret.HDRS, List.of(new DsnRecipient(carol, DsnRecipient.Action.FAILED,
                Reply.of(554, (String) null, "go away"), null, null, null)), 1_000_000);
        DsnParsing.Parsed p = DsnParsing.parse(dsn);
        BodyPart third = p.report().getBodyPart(2);
        assertThat(third.isMimeType("text/rfc822-headers")).isTrue();
        String text = new String(third.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(text).contains("Subject: lunch").doesNotContain("noon");
        InternetHeaders r = p.perRecipient().get(0);
        assertThat(r.getHeader("Status", null)).isEqualTo("5.0.0");
        assertThat(r.getHeader("Original-Recipient", null)).isNull();
        assertThat(r.getHeader("Remote-MTA", null)).isNull();
    }

    @Test
    void withoutRetSmallMessagesComeBackWholeLargeOnesAsHeaders() throws Exception {
        DsnRecipient f = new DsnRecipient(carol, DsnRecipient.Action.FAILED, Reply.of(550, "5.1.1", "x"), null, null, null);
        assertThat(DsnParsing.parse(write(null, List.of(f), ORIGINAL.length)).report().getBodyPart(2).isMimeType("message/rfc822")).isTrue();
        assertThat(DsnParsing.parse(write(null, List.of(f), ORIGINAL.length - 1)).report().getBodyPart(2)
                .isMimeType("text/rfc822-headers")).isTrue();
    }

    @Test
    void delayReportCarriesWillRetryUntilAndSubject() throws Exception {
        Instant until = arrival.plusSeconds(5 * 86400);
        byte[] dsn = write(Ret.HDRS, List.of(new DsnRecipient(bob, DsnRecipient.Action.DELAYED,
                Reply.of(451, "4.3.0", "try later"), "mx.example.net", now, until)), 0);
        DsnParsing.Parsed p = DsnParsing.parse(dsn);
        assertThat(p.message().getSubject()).isEqualTo("Delayed mail (still being retried)");
        InternetHeaders r = p.perRecipient().get(0);
        assertThat(r.getHeader("Action", null)).isEqualTo("delayed");
        assertThat(r.getHeader("Status", null)).isEqualTo("4.3.0");
        assertThat(r.getHeader("Will-Retry-Until", null)).isEqualTo("Sat, 28 Nov 2026 10:00:00 +0000");
    }

    @Test
    void severalRecipientsGetOneBlockEach() throws Exception {
        byte[] dsn = write(Ret.HDRS, List.of(
                new DsnRecipient(bob, DsnRecipient.Action.FAILED, Reply.of(550, "5.1.1", "no"), null, null, null),
                new DsnRecipient(carol, DsnRecipient.Action.RELAYED, Reply.of(250, "2.0.0", "ok"), "mx.example.com", now, null)), 0);
        DsnParsing.Parsed p = DsnParsing.parse(dsn);
        assertThat(p.perRecipient()).extracting(h -> h.getHeader("Action", null)).containsExactly("failed", "relayed");
        assertThat(p.perRecipient()).extracting(h -> h.getHeader("Status", null)).containsExactly("5.1.1", "2.0.0");
    }

    @Test
    void internationalisedMailGetsTheGlobalTypesAndUtf8Addresses() throws Exception {
        QueuedRecipient bjorn = QueuedRecipient.of(ForwardPath.of(new Mailbox("bjørn", "example.net")));
        Envelope env = new Envelope(ReversePath.of(new Mailbox("alice", "example.org")), MailParameters.NONE.withSmtputf8(true)
                .withRet(Ret.HDRS), List.of(bjorn), arrival, MessageKind.MESSAGE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DsnWriter("mx.tern.test", 0).write(out, "0193A2B4C5D6E7F8A9B", env, ORIGINAL.length,
                List.of(new DsnRecipient(bjorn, DsnRecipient.Action.FAILED, Reply.of(550, "5.1.1", "no such user"), null, null, null)),
                "alice@example.org", now, () -> new ByteArrayInputStream(ORIGINAL));
        DsnParsing.Parsed p = DsnParsing.parse(out.toByteArray());
        assertThat(p.report().getBodyPart(1).isMimeType("message/global-delivery-status")).isTrue();
        assertThat(p.report().getBodyPart(2).isMimeType("message/global-headers")).isTrue();
        String status = new String(p.report().getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(status).contains("Final-Recipient: utf-8; bjørn@example.net");
    }
}
