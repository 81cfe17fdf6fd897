package dev.tern.knowledge;

import java.util.List;
import java.util.Objects;

/**
 * What {@link BounceParser} read from one email.
 *
 * @param kind       bounce, delay, auto-reply, ... ({@link MessageKind})
 * @param format     how it was recognised: {@code rfc3464}, {@code rfc3464/postfix}, {@code exim},
 *                   {@code qmail}, {@code sendmail}, {@code exchange}, {@code gmail}, {@code yahoo},
 *                   {@code domino}, {@code amazonses-json}, {@code sieve-reject}, {@code generic}, {@code auto-reply}, {@code mdn}, {@code arf}, {@code none}
 * @param subject    the Subject header, or empty
 * @param from       the From header, or empty
 * @param recipients per-recipient results (empty for auto-replies and ordinary mail)
 * @param why        one sentence on how the kind was decided
 */
public record BounceReport(MessageKind kind, String format, String subject, String from,
                           List<RecipientResult> recipients, String why) {

    public BounceReport {
        Objects.requireNonNull(kind, "kind");
        recipients = List.copyOf(recipients);
        subject = subject == null ? "" : subject;
        from = from == null ? "" : from;
    }

    public String toJson(String source) {
        return Json.object()
                .put("source", source)
                .put("kind", kind.id())
                .put("format", format)
                .put("subject", subject)
                .put("from", from)
                .put("why", why)
                .putRaw("recipients", Json.array(recipients.stream().map(RecipientResult::toJson).toList()))
                .toString();
    }
}
