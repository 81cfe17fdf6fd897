package dev.tern.relay.dsn;

import dev.tern.knowledge.Explanation;
import dev.tern.knowledge.Knowledge;
import dev.tern.knowledge.Lang;
import dev.tern.protocol.params.Orcpt;
import dev.tern.protocol.params.Ret;
import dev.tern.protocol.params.XText;
import dev.tern.protocol.reply.Reply;
import dev.tern.relay.queue.Envelope;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a delivery status notification (RFC 3464): a {@code multipart/report;
 * report-type=delivery-status} message (RFC 6522) with a plain-text part that explains the outcome
 * in words, a {@code message/delivery-status} part, and the original message
 * ({@code message/rfc822}) or only its header ({@code text/rfc822-headers}) as RET asked. Streams
 * the original from the queue; nothing is held whole in memory.
 */
public final class DsnWriter {

    /** RFC 5322 §3.3 with a numeric zone ("+0000"; "GMT" is the obsolete form). */
    private static final DateTimeFormatter RFC5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", java.util.Locale.ROOT);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String reportingMta;
    private final long fullReturnLimit;

    /**
     * @param reportingMta    this host's name, for Reporting-MTA and From
     * @param fullReturnLimit without RET, the whole message is returned when it is at most this
     *                        many octets, otherwise only its header
     */
    public DsnWriter(String reportingMta, long fullReturnLimit) {
        this.reportingMta = reportingMta;
        this.fullReturnLimit = fullReturnLimit;
    }

    /** Where the original content comes from. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    /**
     * Writes the report.
     *
     * @param queueId    the original's queue id (named in the text and in the Message-ID)
     * @param original   the original envelope (sender, ENVID, RET, arrival)
     * @param size       the original content size
     * @param recipients the recipient blocks, all of one kind of outcome or mixed
     * @param to         the address the report goes to (the original sender, or the postmaster)
     * @param now        the report's date
     */
    public void write(OutputStream out, String queueId, Envelope original, long size, List<DsnRecipient> recipients,
            String to, Instant now, Content content) throws IOException {
        String boundary = "tern-dsn-" + HexFormat.of().formatHex(randomBytes());
        // RFC 6533 §6: about internationalised mail, the report parts take the "global" types
        boolean global = original.mailParameters().smtputf8() || !isAscii(original.sender().address())
                || recipients.stream().anyMatch(r -> !isAscii(r.recipient().recipient().address()));
        Ret ret = original.mailParameters().ret();
        boolean full = ret == Ret.FULL || (ret == null && size <= fullReturnLimit);
        boolean anyFailed = recipients.stream().anyMatch(r -> r.action() == DsnRecipient.Action.FAILED);
        boolean anyDelayed = recipients.stream().anyMatch(r -> r.action() == DsnRecipient.Action.DELAYED);
        String subject = anyFailed ? "Undelivered mail returned to sender"
                : anyDelayed ? "Delayed mail (still being retried)" : "Successful mail delivery report";

        StringBuilder h = new StringBuilder();
        h.append("From: Mail Delivery System <MAILER-DAEMON@").append(reportingMta).append(">\r\n");
        h.append("To: <").append(to).append(">\r\n");
        h.append("Subject: ").append(subject).append("\r\n");
        h.append("Date: ").append(date(now)).append("\r\n");
        h.append("Message-ID: <").append(queueId).append('.').append(now.toEpochMilli()).append(".dsn@").append(reportingMta)
                .append(">\r\n");
        // RFC 3834 §5: a report is automatic, so autoresponders must not answer it
        h.append("Auto-Submitted: auto-replied\r\n");
        h.append("MIME-Version: 1.0\r\n");
        h.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"").append(boundary).append("\"\r\n");
        h.append("\r\n");
        h.append("This is a MIME-encapsulated delivery status notification.\r\n\r\n");

        // part 1: words
        String human = humanText(queueId, original, recipients);
        boolean ascii = human.chars().allMatch(c -> c < 128);
        h.append("--").append(boundary).append("\r\n");
        h.append("Content-Type: text/plain; charset=").append(ascii ? "us-ascii" : "utf-8").append("\r\n");
        h.append("Content-Transfer-Encoding: ").append(ascii ? "7bit" : "8bit").append("\r\n");
        h.append("Content-Description: Notification\r\n\r\n");
        h.append(human).append("\r\n");

        // part 2: the machine-readable report (RFC 3464 §2)
        h.append("--").append(boundary).append("\r\n");
        h.append("Content-Type: message/").append(global ? "global-delivery-status" : "delivery-status").append("\r\n");
        h.append("Content-Description: Delivery report\r\n\r\n");
        h.append("Reporting-MTA: dns; ").append(reportingMta).append("\r\n");
        if (original.mailParameters().envid() != null) {
            h.append("Original-Envelope-Id: ").append(XText.encode(original.mailParameters().envid())).append("\r\n");
        }
        h.append("X-Tern-Queue-ID: ").append(queueId).append("\r\n");
        h.append("Arrival-Date: ").append(date(original.arrival())).append("\r\n");
        for (DsnRecipient r : recipients) {
            h.append("\r\n");
            Orcpt orcpt = r.recipient().params().orcpt();
            if (orcpt != null) {
                h.append("Original-Recipient: ").append(orcpt.addrType()).append("; ").append(orcpt.address()).append("\r\n");
            }
            String addr = r.recipient().recipient().address();
            h.append("Final-Recipient: ").append(isAscii(addr) ? "rfc822; " : "utf-8; ").append(addr).append("\r\n");
            h.append("Action: ").append(r.action().field()).append("\r\n");
            h.append("Status: ").append(r.status()).append("\r\n");
            if (r.remoteMta() != null) {
                h.append("Remote-MTA: dns; ").append(hostOnly(r.remoteMta())).append("\r\n");
            }
            if (r.reply() != null) {
                h.append("Diagnostic-Code: smtp; ").append(diagnostic(r.reply())).append("\r\n");
            }
            if (r.lastAttempt() != null) {
                h.append("Last-Attempt-Date: ").append(date(r.lastAttempt())).append("\r\n");
            }
            if (r.willRetryUntil() != null) {
                h.append("Will-Retry-Until: ").append(date(r.willRetryUntil())).append("\r\n");
            }
        }
        h.append("\r\n");

        // part 3: the original, whole or its header (RFC 3462 text/rfc822-headers)
        h.append("--").append(boundary).append("\r\n");
        if (full) {
            h.append("Content-Type: message/").append(global ? "global" : "rfc822").append("\r\n");
            h.append("Content-Description: Undelivered message\r\n\r\n");
        } else {
            h.append("Content-Type: ").append(global ? "message/global-headers" : "text/rfc822-headers").append("\r\n");
            h.append("Content-Description: Undelivered message headers\r\n\r\n");
        }
        out.write(h.toString().getBytes(StandardCharsets.UTF_8));
        boolean endsWithNewline;
        try (InputStream in = new BufferedInputStream(content.open(), 64 * 1024)) {
            endsWithNewline = full ? copyAll(in, out) : copyHeader(in, out);
        }
        out.write(((endsWithNewline ? "" : "\r\n") + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** {@code 550 5.1.1 text}, multi-line replies joined by spaces, kept on one field line. */
    static String diagnostic(Reply r) {
        return r.toString().replaceAll("[\\r\\n]", " ");
    }

    static String hostOnly(String remoteMta) {
        // "mx.example.net[192.0.2.1]:25" → "mx.example.net"
        int b = remoteMta.indexOf('[');
        return b > 0 ? remoteMta.substring(0, b) : remoteMta;
    }

    private String humanText(String queueId, Envelope original, List<DsnRecipient> recipients) {
        StringBuilder t = new StringBuilder();
        t.append("This is the mail system at ").append(reportingMta).append(".\r\n\r\n");
        List<DsnRecipient> failed = recipients.stream().filter(r -> r.action() == DsnRecipient.Action.FAILED).toList();
        List<DsnRecipient> delayed = recipients.stream().filter(r -> r.action() == DsnRecipient.Action.DELAYED).toList();
        List<DsnRecipient> ok = recipients.stream()
                .filter(r -> r.action() != DsnRecipient.Action.FAILED && r.action() != DsnRecipient.Action.DELAYED).toList();
        if (!failed.isEmpty()) {
            t.append("Your message could not be delivered to the following recipients. This is a permanent\r\n");
            t.append("error; the mail system will not try again.\r\n\r\n");
            for (DsnRecipient r : failed) {
                t.append("  <").append(r.recipient().recipient().address()).append(">: ").append(explain(r)).append("\r\n");
            }
            t.append("\r\n");
        }
        if (!delayed.isEmpty()) {
            t.append("Your message has not been delivered yet to the following recipients. The mail system\r\n");
            t.append("will keep trying; you do not need to send it again.\r\n\r\n");
            for (DsnRecipient r : delayed) {
                t.append("  <").append(r.recipient().recipient().address()).append(">: ").append(explain(r));
                if (r.willRetryUntil() != null) {
                    t.append(" (will retry until ").append(date(r.willRetryUntil())).append(')');
                }
                t.append("\r\n");
            }
            t.append("\r\n");
        }
        if (!ok.isEmpty()) {
            t.append("Your message was delivered to the following recipients:\r\n\r\n");
            for (DsnRecipient r : ok) {
                t.append("  <").append(r.recipient().recipient().address()).append(">: ").append(r.action().field()).append("\r\n");
            }
            t.append("\r\n");
        }
        t.append("Queue ID: ").append(queueId).append("\r\n");
        return t.toString();
    }

    /**
     * The reply itself, then what it means and what the sender can do, in the words of the
     * knowledge module (English).
     */
    static String explain(DsnRecipient r) {
        Reply reply = r.reply();
        if (reply == null) {
            return "no reply recorded";
        }
        String host = r.remoteMta() == null ? "" : hostOnly(r.remoteMta()) + " said: ";
        StringBuilder b = new StringBuilder(host).append(diagnostic(reply));
        Explanation e = Knowledge.explain(reply.code(), reply.enhanced(), Lang.EN);
        if (e.known() && e.meaning() != null && !e.meaning().isBlank()) {
            b.append("\r\n    What it means: ").append(e.meaning());
            if (e.senderAction() != null && !e.senderAction().isBlank()) {
                b.append("\r\n    What you can do: ").append(e.senderAction());
            }
        } else {
            b.append("\r\n    What it means: ").append(plainWords(reply)).append('.');
        }
        return b.toString();
    }

    static String plainWords(Reply reply) {
        if (reply.enhanced() != null) {
            String k = reply.enhanced().subject() + "." + reply.enhanced().detail();
            switch (k) {
                case "1.1": return "the mailbox does not exist";
                case "1.2": return "the destination domain does not exist or accepts no mail";
                case "1.10": return "the destination domain publishes a null MX: it accepts no mail";
                case "2.1": return "the mailbox is disabled";
                case "2.2": return "the mailbox is full";
                case "3.4": return "the message is larger than the receiving system accepts";
                case "4.7": return "the message waited in the queue too long";
                default: break;
            }
            if (reply.enhanced().subject() == 7) {
                return "the receiving system refused it by policy";
            }
            if (reply.enhanced().subject() == 4) {
                return "the receiving system could not be reached";
            }
        }
        return reply.isTransient() ? "the receiving system asked to try again later" : "the receiving system refused it";
    }

    private static boolean copyAll(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int last = -1;
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            last = buf[n - 1];
        }
        return last == '\n';
    }

    /** Copies the header, up to the blank line that ends it (or everything, if there is none). */
    private static boolean copyHeader(InputStream in, OutputStream out) throws IOException {
        int prev = '\n';
        int c;
        while ((c = in.read()) >= 0) {
            if (prev == '\n' && (c == '\r' || c == '\n')) {
                return true; // a blank line: the header is over
            }
            out.write(c);
            prev = c;
        }
        return prev == '\n';
    }

    static String date(Instant t) {
        return RFC5322.format(t.atOffset(ZoneOffset.UTC));
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 128);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return b;
    }
}
