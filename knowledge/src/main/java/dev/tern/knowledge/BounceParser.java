package dev.tern.knowledge;

import dev.tern.protocol.reply.EnhancedCode;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an email and says whether it is a bounce, and for each failed recipient why. Understands
 * RFC 3464 delivery status reports (multipart/report) and the plain-text reports of qmail,
 * Exim, Sendmail, Postfix, Exchange / Office 365, Gmail, Yahoo, Courier, Lotus Domino and MDaemon,
 * and Sieve rejects (RFC 5429); tells auto-replies (RFC 3834), read receipts and complaint reports
 * apart from bounces. MIME is
 * parsed with Angus Mail.
 */
public final class BounceParser {

    // RFC 6532: internationalised messages (and RFC 6533 reports) carry raw UTF-8 in headers.
    private static final Session SESSION = Session.getInstance(utf8Headers());

    private static Properties utf8Headers() {
        Properties p = new Properties();
        p.setProperty("mail.mime.allowutf8", "true");
        return p;
    }

    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+=!#$&'*/?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?");

    // RFC 3464 fields left inside a text part: where they start, and the two every report has.
    private static final Pattern INLINE_DSN_START = Pattern.compile("(?im)^(?:Reporting-MTA|Original-Recipient|Final-Recipient):");
    private static final Pattern INLINE_FINAL_RECIPIENT = Pattern.compile("(?im)^Final-Recipient:\\s*\\S");
    private static final Pattern INLINE_ACTION = Pattern.compile("(?im)^Action:\\s*\\w");
    // A line of a recipient's own: "addr: reply" or "<addr>: reply".
    private static final Pattern COLON_LINE = Pattern.compile("(?m)^\\s*<?(" + ADDRESS.pattern() + ")>?:\\s+(\\S.*)$");
    // A server reply in an SMTP transcript: "Out: 451 ..." (Postfix), "<<< 550 ..." (Sendmail).
    private static final Pattern TRANSCRIPT_FAILURE = Pattern.compile("(?m)^\\s*(?:Out:|<<<)\\s*([45]\\d\\d[ -].*)$");
    // Old Sendmail's verdict for one recipient: "554 <addr>... reason".
    private static final Pattern SENDMAIL_VERDICT = Pattern.compile("^\\s*([45]\\d\\d) <?([^\\s<>]+@[^\\s<>]+?)>?\\.\\.\\. (.*)$");
    private static final Pattern TO_HEADER = Pattern.compile("(?im)^To:[ \\t]*(.*(?:\\n[ \\t].*)*)$");

    // Where the copy of the original message starts in plain-text reports.
    private static final Pattern ORIGINAL_MARKER = Pattern.compile(
            "(?im)^\\s*(?:-{2,}\\s*(?:below this line is a copy of the message|this is a copy of the message|original message|unsent message follows|the header of the original message|returned message|original message headers)"
                    + "|original message headers:|------ This is a copy|-+ ?Message header follows ?-+|Original message follows\\.)");

    private static final Pattern BOUNCE_SUBJECT = Pattern.compile(
            "(?i)undeliver|delivery (status notification|failure|failed|report|has failed|incomplete|problem)|mail delivery (failed|failure|system)|returned mail|failure notice|non[- ]?delivery|could not be delivered|delivery notification|mail system error|message not delivered|échec de (la )?remise|non remis|unzustellbar|退信|投递失败|未送达|メールエラー|配信エラー|送信エラー|エラー通知|送信できませんでした");
    private static final Pattern DAEMON_FROM = Pattern.compile("(?i)mailer-?daemon|mail-daemon|\\bmdaemon@|post_?master|mail delivery (system|subsystem)|microsoftexchange");
    private static final Pattern AUTO_SUBJECT = Pattern.compile(
            "(?i)^\\s*(?:auto(?:matic)?[ -]?(?:reply|response|antwort)|auto:|out of (?:the )?office|abwesenheit|absence|réponse automatique|r[ée]ponse en votre absence|vacation|自动回复|自動回覆|不在办公室)");
    private static final Pattern TEMPORARY_HINT = Pattern.compile(
            "(?i)will (retry|try again|continue|keep trying)|has not yet been delivered|not been delivered yet|been delayed|delivery (is )?delayed|transient non-fatal|still (trying|undelivered|in the queue)|warning: could not send|temporary problem delivering|message delivery warning|delivery incomplete");
    private static final Pattern ATTEMPTS_CONTINUE = Pattern.compile(
            "(?i)(delivery )?attempts will continue|will continue to (try|attempt)|this is (only |just )?a warning|warning message only");
    private static final Pattern GIVEN_UP = Pattern.compile(
            "(?i)permanent(ly)? (error|fatal|failure|failed)|failed permanently|I've given up|has been given up|will not (retry|try again)");
    private static final Pattern PERMANENT_HINT = Pattern.compile(
            "(?i)permanent(ly)? (error|fatal|failure|failed)|failed permanently|I've given up|has been given up|could not be delivered|wasn't delivered|was not delivered|couldn't be delivered|delivery has failed");

    private BounceParser() {
    }

    public static BounceReport parse(byte[] message) throws IOException {
        return parse(new ByteArrayInputStream(message));
    }

    /** Reads one message in RFC 5322 format. */
    public static BounceReport parse(InputStream message) throws IOException {
        MimeMessage msg;
        try {
            msg = new MimeMessage(SESSION, message);
        } catch (MessagingException e) {
            throw new IOException("not a readable email: " + e.getMessage(), e);
        }
        try {
            return new Reader(msg).read();
        } catch (MessagingException | IOException e) {
            throw new IOException("not a readable email: " + e.getMessage(), e);
        }
    }

    // ---- one message ------------------------------------------------------------------------

    private static final class Reader {
        private final MimeMessage msg;
        private final String subject;
        private final String from;
        private final String to;
        private final List<String> dsnTexts = new ArrayList<>();
        private String mdnText;
        private String reportType;
        private String plain;
        private String html;

        Reader(MimeMessage msg) throws MessagingException {
            this.msg = msg;
            this.subject = safeSubject(msg);
            this.from = decode(header(msg, "From"));
            this.to = decode(header(msg, "To"));
        }

        BounceReport read() throws MessagingException, IOException {
            walk(msg, 0);
            if (dsnTexts.isEmpty() && plain != null) {
                // RFC 3464 fields inside a text part (a report whose MIME boundaries are broken,
                // or pasted inline): read them as the delivery-status part they were meant to be.
                Matcher fields = INLINE_DSN_START.matcher(plain);
                if (fields.find() && INLINE_FINAL_RECIPIENT.matcher(plain).find() && INLINE_ACTION.matcher(plain).find()) {
                    dsnTexts.add(plain.substring(fields.start()).replace("\r\n", "\n"));
                }
            }
            String text = humanText();
            if (!dsnTexts.isEmpty()) {
                BounceReport dsn = fromDsn(text);
                if (!dsn.recipients().isEmpty()) {
                    return dsn;
                }
                // A delivery-status part without any per-recipient block (old Netscape servers,
                // Gmail's "Send mail as" failures): the human-readable part or the
                // X-Failed-Recipients header still names the recipients.
                Optional<BounceReport> plainReport = fromPlainText(text, true);
                return plainReport.filter(p -> !p.recipients().isEmpty()).orElse(dsn);
            }
            if ("disposition-notification".equalsIgnoreCase(reportType)) {
                Optional<BounceReport> rejected = fromSieveReject(text);
                if (rejected.isPresent()) {
                    return rejected.get();
                }
                return report(MessageKind.READ_RECEIPT, "mdn", List.of(), "multipart/report; report-type=disposition-notification (RFC 8098)");
            }
            if ("feedback-report".equalsIgnoreCase(reportType)) {
                return report(MessageKind.COMPLAINT, "arf", List.of(), "multipart/report; report-type=feedback-report (RFC 5965)");
            }
            Optional<BounceReport> ses = fromSesNotification(text);
            if (ses.isPresent()) {
                return ses.get();
            }
            Optional<BounceReport> plainReport = fromPlainText(text);
            Optional<String> auto = autoReplySignal();
            // A vacation reply is often sent with an empty Return-Path, like a bounce; when the
            // text names no failed recipient, its RFC 3834 headers or subject decide.
            if (plainReport.isPresent() && !(auto.isPresent() && plainReport.get().recipients().isEmpty())) {
                return plainReport.get();
            }
            if (auto.isPresent()) {
                return report(MessageKind.AUTO_REPLY, "auto-reply", List.of(), auto.get());
            }
            return report(MessageKind.NOT_A_BOUNCE, "none", List.of(), "no delivery report and no known bounce wording");
        }

        private BounceReport report(MessageKind kind, String format, List<RecipientResult> rcpts, String why) {
            return new BounceReport(kind, format, subject, from, rcpts, why);
        }

        private void walk(Part part, int depth) throws MessagingException, IOException {
            if (depth > 20) {
                return;
            }
            String type = baseType(part);
            if (type.startsWith("multipart/")) {
                if (type.equals("multipart/report")) {
                    String rt = new ContentType(part.getContentType()).getParameter("report-type");
                    if (rt != null && reportType == null) {
                        reportType = rt;
                    }
                }
                try {
                    Object content = part.getContent();
                    if (content instanceof Multipart mp) {
                        for (int i = 0; i < mp.getCount(); i++) {
                            BodyPart bp = mp.getBodyPart(i);
                            walk(bp, depth + 1);
                        }
                    }
                } catch (MessagingException brokenMultipart) {
                    // A multipart whose boundary never appears (a report cut short, or edited by
                    // hand): its body is still the bounce text, so read it as a person would.
                    if (plain == null) {
                        plain = rawText(part);
                    }
                }
                return;
            }
            switch (type) {
                case "message/delivery-status", "message/global-delivery-status" -> dsnTexts.add(readText(part));
                case "message/disposition-notification" -> {
                    if (mdnText == null) {
                        mdnText = readText(part);
                    }
                }
                case "text/plain" -> {
                    if (plain == null && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                        plain = readText(part);
                    }
                }
                case "text/html" -> {
                    if (html == null) {
                        html = readText(part);
                    }
                }
                default -> {
                    // message/rfc822, text/rfc822-headers: the returned original; not the report
                }
            }
        }

        private String humanText() {
            String t = plain != null ? plain : html != null ? stripHtml(html) : "";
            t = t.replace("\r\n", "\n").replace('\r', '\n');
            Matcher m = ORIGINAL_MARKER.matcher(t);
            if (m.find()) {
                t = t.substring(0, m.start());
            }
            return t;
        }

        // ---- RFC 3464 -----------------------------------------------------------------------

        private BounceReport fromDsn(String text) {
            List<RecipientResult> out = new ArrayList<>();
            String reportingMta = null;
            boolean postfixFields = false;
            boolean noDiagnosticCode = false;
            for (String dsn : dsnTexts) {
                List<Map<String, String>> blocks = headerBlocks(dsn);
                for (int i = 0; i < blocks.size(); i++) {
                    Map<String, String> b = blocks.get(i);
                    if (b.keySet().stream().anyMatch(k -> k.startsWith("x-postfix"))) {
                        postfixFields = true;
                    }
                    if (!b.containsKey("final-recipient") && !b.containsKey("original-recipient")) {
                        // The per-message block, or (in a report read from text) the returned
                        // message's headers: no recipient to report.
                        if (reportingMta == null) {
                            reportingMta = b.get("reporting-mta");
                        }
                        continue;
                    }
                    out.add(recipientFromDsn(b));
                    String code = typedValue(b.get("diagnostic-code"));
                    noDiagnosticCode = code == null || code.isBlank();
                }
            }
            if (out.stream().anyMatch(r -> r.diagnostic() == null || r.diagnostic().isBlank())) {
                // Recipients without a Diagnostic-Code whose reply the human part gives on a line of
                // their own ("addr: 550 ...", "<addr>: ..."), as OpenSMTPD writes it.
                Map<String, String> perAddress = new LinkedHashMap<>();
                for (String[] f : colonLines(text)) {
                    perAddress.putIfAbsent(f[0].toLowerCase(Locale.ROOT), f[1]);
                }
                for (String[] f : angleBlocks(text)) {
                    perAddress.putIfAbsent(f[0].toLowerCase(Locale.ROOT), f[1]);
                }
                for (int i = 0; i < out.size(); i++) {
                    RecipientResult r = out.get(i);
                    String said = r.address() == null ? null : perAddress.get(r.address().toLowerCase(Locale.ROOT));
                    if ((r.diagnostic() == null || r.diagnostic().isBlank()) && said != null) {
                        out.set(i, new RecipientResult(r.address(), r.action(), r.status(), r.remoteMta(), said,
                                classifyRecipient(r.action(), r.status(), said, null)));
                        noDiagnosticCode = false;
                    }
                }
            }
            if (out.size() == 1 && noDiagnosticCode && !text.isBlank()) {
                // No Diagnostic-Code (Exim writes none for local deliveries): the report's own
                // words for its only recipient are the best reason there is, with the comment
                // of its Status field if it has one.
                RecipientResult r = out.get(0);
                String human = text.strip().replaceAll("\\s+", " ");
                if (r.diagnostic() != null && !r.diagnostic().isBlank()) {
                    human = r.diagnostic() + " " + human;
                }
                out.set(0, new RecipientResult(r.address(), r.action(), r.status(), r.remoteMta(), r.diagnostic(),
                        classifyRecipient(r.action(), r.status(), human, null)));
            }
            String vendor = vendor(text, reportingMta, postfixFields);
            String format = vendor == null ? "rfc3464" : "rfc3464/" + vendor;
            MessageKind kind = kindFromActions(out);
            return report(kind, format, out, "multipart/report with a message/delivery-status part (RFC 3464)");
        }

        private RecipientResult recipientFromDsn(Map<String, String> b) {
            String address = typedValue(b.getOrDefault("final-recipient", b.get("original-recipient")));
            if (address != null) {
                address = address.replaceAll("^<|>$", "");
            }
            String action = b.get("action") == null ? null : b.get("action").trim().toLowerCase(Locale.ROOT).split("[\\s(]")[0];
            if ("deliverable".equals(action)) {
                // The word of RFC 1891's drafts and of some old MTAs for "delivered".
                action = "delivered";
            } else if ("expired".equals(action)) {
                // Not an RFC 3464 action, but some services (SendGrid) write it: the message
                // outlived its queue lifetime and failed for good; a transient cause becomes
                // "expired" below, as for any failed report.
                action = "failed";
            }
            EnhancedCode status = b.get("status") == null ? null
                    : EnhancedCode.tryParse(b.get("status").trim().split("\\s")[0]).orElse(null);
            String remote = typedValue(b.get("remote-mta"));
            String diag = typedValue(b.get("diagnostic-code"));
            if ((diag == null || diag.isBlank()) && b.get("status") != null) {
                // No Diagnostic-Code: some MTAs write the reason as a comment after the status
                // ("Status: 5.0.0 (recipient reached disk quota)").
                Matcher comment = Pattern.compile("^\\S+\\s*\\((.+)\\)\\s*$", Pattern.DOTALL).matcher(b.get("status").strip());
                if (comment.matches()) {
                    diag = comment.group(1).strip();
                }
            }
            String x400 = b.get("x400-supplementary-info");
            if (x400 != null && (diag == null || !diag.matches("(?s).*\\b[245]\\d\\d\\b.*"))) {
                // X.400 gateways put the SMTP server's words in a field of their own.
                diag = (diag == null ? "" : diag + " ") + x400.replace("\"", "").strip();
            }
            Classification c = classifyRecipient(action, status, diag == null ? "" : diag, null);
            String diagType = b.get("diagnostic-code") == null ? "" : b.get("diagnostic-code").strip().toLowerCase(Locale.ROOT);
            boolean generic = c.reason() == Reason.UNDEFINED || c.rule().startsWith("enhanced:") || c.rule().startsWith("basic:");
            if (generic && (diagType.startsWith("x-unix") || address != null && address.startsWith("|"))) {
                // RFC 3464 §2.3.6: an "X-Unix" diagnostic is a local program's exit status, and a
                // recipient "|command" is a pipe: the receiving system's own delivery program failed.
                c = new Classification(Reason.SYSTEM_ERROR, c.bounce(), c.basic(), c.enhanced(), "dsn:local-program",
                        "the report names a local delivery program (a pipe or an X-Unix exit status)", c.text());
            }
            return new RecipientResult(address, action, status, remote, diag, c);
        }

        /** The remote server's answer when the report quotes it (it says more than the prose around it), else the whole text. */
        private static String quotedAnswerOr(String text) {
            Matcher quoted = Pattern.compile("(?is)(?:The response was:|The error that the other server returned was:)\\s*(.*?)(?:\\n\\s*\\n|$)").matcher(text);
            return (quoted.find() && !quoted.group(1).isBlank() ? quoted.group(1) : text).strip().replaceAll("\\s+", " ");
        }

        // ---- Sieve reject (RFC 5429 §2.2.1): an MDN whose disposition is "deleted" -------------

        /**
         * A Sieve {@code reject} (Dovecot, Cyrus) answers with a disposition notification, not a
         * delivery report: the disposition is "deleted" and the human part gives the reason. It is a
         * refusal of the message, so it is read as a bounce for the Final-Recipient.
         */
        private Optional<BounceReport> fromSieveReject(String text) {
            if (mdnText == null) {
                return Optional.empty();
            }
            Map<String, String> fields = new LinkedHashMap<>();
            headerBlocks(mdnText).forEach(fields::putAll);
            String disposition = fields.getOrDefault("disposition", "").toLowerCase(Locale.ROOT);
            if (!disposition.matches("(?s).*;\\s*deleted.*") || !text.toLowerCase(Locale.ROOT).contains("reject")) {
                return Optional.empty();
            }
            String address = typedValue(fields.get("final-recipient"));
            if (address == null) {
                return Optional.empty();
            }
            address = address.replaceAll("^<|>$", "");
            String reason = text.strip().replaceAll("\\s+", " ");
            Classification c = classifyRecipient("failed", null, reason, BounceType.HARD);
            return Optional.of(report(MessageKind.BOUNCE, "sieve-reject", List.of(new RecipientResult(address, "failed", null, null, reason, c)),
                    "disposition notification with disposition \"deleted\": a Sieve reject (RFC 5429)"));
        }

        // ---- Amazon SES notifications (JSON, often wrapped in an SNS message) -----------------

        private Optional<BounceReport> fromSesNotification(String text) {
            String t = text.replace("\\\"", "\"");
            Matcher type = Pattern.compile("\"notificationType\"\\s*:\\s*\"(Bounce|Complaint|Delivery)\"").matcher(t);
            if (!type.find()) {
                return Optional.empty();
            }
            if (!type.group(1).equals("Bounce")) {
                MessageKind k = type.group(1).equals("Complaint") ? MessageKind.COMPLAINT : MessageKind.DELIVERY_REPORT;
                return Optional.of(report(k, "amazonses-json", List.of(), "Amazon SES notification of type " + type.group(1)));
            }
            boolean transientBounce = Pattern.compile("\"bounceType\"\\s*:\\s*\"Transient\"").matcher(t).find();
            List<RecipientResult> out = new ArrayList<>();
            Matcher r = Pattern.compile("\\{[^{}]*\"emailAddress\"\\s*:\\s*\"([^\"]+)\"[^{}]*\\}").matcher(t);
            while (r.find() && out.size() < 1000) {
                String obj = r.group();
                String address = r.group(1);
                String action = field(obj, "action");
                EnhancedCode status = field(obj, "status") == null ? null : EnhancedCode.tryParse(field(obj, "status")).orElse(null);
                String diag = typedValue(field(obj, "diagnosticCode"));
                String a = action != null ? action : transientBounce ? "delayed" : "failed";
                out.add(new RecipientResult(address, a, status, null, diag,
                        classifyRecipient(a, status, diag == null ? "" : diag, transientBounce ? BounceType.SOFT : BounceType.HARD)));
            }
            return Optional.of(report(transientBounce ? MessageKind.DELAY : MessageKind.BOUNCE, "amazonses-json", out,
                    "Amazon SES bounce notification (JSON)"));
        }

        private static String field(String json, String name) {
            Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
            return m.find() ? m.group(1) : null;
        }

        // ---- plain-text formats -------------------------------------------------------------

        private Optional<BounceReport> fromPlainText(String text) throws MessagingException {
            return fromPlainText(text, false);
        }

        /** @param isReport the message is a delivery report anyway (a multipart/report). */
        private Optional<BounceReport> fromPlainText(String text, boolean isReport) throws MessagingException {
            boolean daemon = isReport || DAEMON_FROM.matcher(from).find() || BOUNCE_SUBJECT.matcher(subject).find()
                    || "<>".equals(trimmed(header(msg, "Return-Path")));
            String format;
            List<String[]> found;
            if (text.contains("qmail-send program") || text.contains("I'm afraid I wasn't able to deliver your message")) {
                format = "qmail";
                found = angleBlocks(text);
            } else if (text.contains("created automatically by mail delivery software")
                    || text.contains("The following address(es) failed") || text.contains("has not yet been delivered to one or more of its")) {
                format = "exim";
                found = eximBlocks(text);
            } else if (text.contains("Transcript of session follows") || text.contains("had permanent fatal errors")
                    || text.contains("had transient non-fatal errors")) {
                format = "sendmail";
                found = sendmailBlocks(text);
            } else if (text.contains("Diagnostic information for administrators") || text.contains("Delivery has failed to these recipients")
                    || text.contains("Remote Server returned") || text.contains("couldn't be delivered to")
                    || text.contains("did not reach the following recipient")) {
                format = "exchange";
                found = exchangeBlocks(text);
            } else if (text.contains("Delivery to the following recipient") || text.contains("The response from the remote server was")
                    || text.contains("Technical details of") || text.contains("The response was:")
                    || text.contains("There was a temporary problem delivering your message")) {
                format = "gmail";
                found = gmailBlocks(text);
            } else if (text.contains("Sorry, we were unable to deliver your message") || from.toLowerCase(Locale.ROOT).contains("yahoo")) {
                format = "yahoo";
                found = angleBlocks(text);
            } else if (text.contains("running the Courier mail server")) {
                format = "courier";
                found = angleBlocks(text);
            } else if (text.contains("was not delivered to:") && text.contains("because:")) {
                format = "domino";
                found = dominoBlocks(text);
            } else if (text.contains("This is the mail system at host") || (daemon && !angleBlocks(text).isEmpty())) {
                format = "postfix";
                found = angleBlocks(text);
            } else if (daemon) {
                format = "generic";
                found = genericBlocks(text);
            } else {
                return Optional.empty();
            }
            if (found.isEmpty()) {
                found = quotedBlocks(text);
            }
            if (found.isEmpty()) {
                found = genericBlocks(text);
            }
            if (found.isEmpty()) {
                // The report names nobody (Google Groups writes only to the sender): the
                // X-Failed-Recipients header still says who failed.
                String failed = header(msg, "X-Failed-Recipients");
                Matcher a = ADDRESS.matcher(failed == null ? "" : failed);
                List<String[]> fromHeader = new ArrayList<>();
                while (a.find() && fromHeader.size() < 50) {
                    fromHeader.add(new String[] {a.group(), quotedAnswerOr(text)});
                }
                found = fromHeader;
            }
            if (found.isEmpty()) {
                found = originalRecipient(text);
            }
            // "could not be delivered" also opens delay warnings; only an explicit word that the
            // delivery failed for good outweighs a report that says attempts go on.
            boolean temporary = TEMPORARY_HINT.matcher(text).find()
                    && (!PERMANENT_HINT.matcher(text).find() || ATTEMPTS_CONTINUE.matcher(text).find() && !GIVEN_UP.matcher(text).find());
            List<RecipientResult> out = new ArrayList<>();
            for (String[] f : found) {
                Classification c = classifyRecipient(temporary ? "delayed" : "failed", null, f[1], temporary ? BounceType.SOFT : BounceType.HARD);
                out.add(new RecipientResult(f[0], temporary ? "delayed" : "failed", null, null, f[1], c));
            }
            MessageKind kind = temporary ? MessageKind.DELAY : MessageKind.BOUNCE;
            String why = format.equals("generic")
                    ? "sent by a mail daemon or with a bounce subject; no known MTA layout"
                    : "plain-text report in the layout of " + format;
            return Optional.of(report(kind, format, out, why));
        }

        /** {@code <addr>: text} blocks (qmail, Postfix, Yahoo, Courier), continued until a blank line. */
        private List<String[]> angleBlocks(String text) {
            List<String[]> out = new ArrayList<>();
            Pattern head = Pattern.compile("^<([^<>\\s]+@[^<>\\s]+)>(?:\\s*\\(expanded from[^)]*\\))?:\\s*(.*)$");
            String[] lines = text.split("\n");
            for (int i = 0; i < lines.length; i++) {
                Matcher m = head.matcher(lines[i].strip());
                if (!m.matches()) {
                    continue;
                }
                int j = blockEnd(lines, i + 1, head);
                String diag = m.group(2) + "\n" + String.join("\n", Arrays.stream(lines, i + 1, j).map(String::strip).toList());
                out.add(new String[] {m.group(1), remoteSaid(diag.strip())});
                i = j - 1;
            }
            return out;
        }

        /**
         * Where a recipient block that starts at {@code from} ends: at a blank line or the next
         * head. An indented line always continues the block, even when it starts like a head:
         * Postfix folds a long reply, and the folded text often repeats "<addr>:".
         */
        private static int blockEnd(String[] lines, int from, Pattern head) {
            int j = from;
            while (j < lines.length && !lines[j].isBlank()
                    && (Character.isWhitespace(lines[j].charAt(0)) || !head.matcher(lines[j].strip()).matches())) {
                j++;
            }
            return j;
        }

        /** Exim: an address indented by two spaces, its reasons indented deeper below it. */
        private List<String[]> eximBlocks(String text) {
            List<String[]> out = new ArrayList<>();
            Pattern addr = Pattern.compile("^ {1,3}<?([^\\s<>]+@[^\\s<>:]+|[^\\s<>@:]+(?=\\s*$))>?(?::?\\s*(.*))?$");
            String[] lines = text.split("\n");
            for (int i = 0; i < lines.length; i++) {
                Matcher m = addr.matcher(lines[i]);
                if (!m.matches()) {
                    continue;
                }
                StringBuilder diag = new StringBuilder(m.group(2) == null ? "" : m.group(2));
                int j = i + 1;
                while (j < lines.length && (lines[j].startsWith("    ") || lines[j].startsWith("\t")) && !addr.matcher(lines[j]).matches()) {
                    diag.append('\n').append(lines[j].strip());
                    j++;
                }
                if (diag.length() == 0 && (m.group(1).indexOf('@') < 0)) {
                    continue;
                }
                if (diag.length() == 0) {
                    // Some Exim builds do not indent the reason: take the lines up to the next
                    // blank line, address or separator (after one blank line at most).
                    int k = j < lines.length && lines[j].isBlank() ? j + 1 : j;
                    while (k < lines.length && k < j + 9 && !lines[k].isBlank() && !lines[k].startsWith("-")
                            && !addr.matcher(lines[k]).matches()) {
                        diag.append('\n').append(lines[k].strip());
                        k++;
                    }
                    j = k;
                }
                String d = diag.toString().strip();
                String reply = lastReply(d);
                // Exim names the SMTP stage; a refusal after MAIL FROM is about the sender.
                if (Pattern.compile("(?i)after MAIL FROM").matcher(d).find()) {
                    reply = reply + " (in reply to MAIL FROM command)";
                }
                out.add(new String[] {m.group(1), reply});
                i = j - 1;
            }
            return out;
        }

        /** GMX and others: {@code "addr":} on its own line, the reasons below it. */
        private List<String[]> quotedBlocks(String text) {
            List<String[]> out = new ArrayList<>();
            Pattern head = Pattern.compile("^\"([^\"\\s]+@[^\"\\s]+)\":\\s*$");
            String[] lines = text.split("\n");
            for (int i = 0; i < lines.length; i++) {
                Matcher m = head.matcher(lines[i].strip());
                if (!m.matches()) {
                    continue;
                }
                int j = blockEnd(lines, i + 1, head);
                String diag = String.join("\n", Arrays.stream(lines, i + 1, j).map(String::strip).toList());
                out.add(new String[] {m.group(1), lastReply(diag.strip())});
                i = j - 1;
            }
            return out;
        }

        /** Sendmail: addresses in the "had permanent fatal errors" section, reasons from it or the transcript. */
        private List<String[]> sendmailBlocks(String text) {
            Map<String, String> found = new LinkedHashMap<>();
            String[] lines = text.split("\n");
            boolean inSection = false;
            String last = null;
            for (String raw : lines) {
                String line = raw.strip();
                if (line.matches("(?i)-+\\s*The following addresses had (permanent fatal|transient non-fatal) errors\\s*-+")) {
                    inSection = true;
                    continue;
                }
                if (line.startsWith("-----")) {
                    inSection = false;
                    continue;
                }
                if (inSection) {
                    Matcher m = Pattern.compile("^<?([^\\s<>]+@[^\\s<>]+?)>?(?:\\s.*)?$").matcher(line);
                    Matcher reason = Pattern.compile("^\\(reason: (.*)\\)$").matcher(line);
                    if (reason.matches() && last != null) {
                        found.put(last, reason.group(1));
                    } else if (m.matches()) {
                        last = m.group(1);
                        found.putIfAbsent(last, "");
                    }
                }
            }
            // The transcript line "550 5.1.1 <addr>... User unknown" says more than the section.
            for (String raw : lines) {
                String line = raw.strip();
                Matcher m = Pattern.compile("^(?:<<< )?(\\d{3}[ -].*?)<?([^\\s<>]+@[^\\s<>]+?)>?\\.\\.\\. (.*)$").matcher(line);
                if (m.matches() && found.containsKey(m.group(2)) && found.get(m.group(2)).isEmpty()) {
                    found.put(m.group(2), m.group(1).strip() + " " + m.group(3));
                }
                Matcher d = Pattern.compile("^<?([^\\s<>]+@[^\\s<>]+?)>?\\.\\.\\. (Deferred.*)$").matcher(line);
                if (d.matches() && found.containsKey(d.group(1)) && found.get(d.group(1)).isEmpty()) {
                    found.put(d.group(1), d.group(2));
                }
            }
            if (found.isEmpty()) {
                // Old Sendmail (V5) has no address section: each recipient has a transcript line
                // "554 <addr>... reason"; the last such line for an address is its verdict.
                // The remote server's own reply ("<<< 550 ...") since the last "While talking to"
                // says more than Sendmail's summary ("Remote protocol error"): both are kept.
                String remote = null;
                for (String raw : lines) {
                    if (raw.startsWith("While talking to")) {
                        remote = null;
                    } else if (raw.startsWith("<<< ") && raw.substring(4).matches("[45]\\d\\d.*")) {
                        remote = raw.substring(4).strip();
                    }
                    Matcher line = SENDMAIL_VERDICT.matcher(raw);
                    if (line.matches()) {
                        String own = line.group(1) + " " + line.group(3).strip();
                        found.put(line.group(2), remote == null || own.contains(remote) ? own : own + " (" + remote + ")");
                    }
                }
                if (found.isEmpty()) {
                    return genericBlocks(text);
                }
                List<String[]> perLine = new ArrayList<>();
                found.forEach((a, d) -> perLine.add(new String[] {a, d}));
                return perLine;
            }
            // Else the first server reply of the transcript, else the paragraph that names an error.
            String transcriptReply = null;
            Matcher reply = Pattern.compile("(?m)^(?:<<< )?([45]\\d\\d[ -].*)$").matcher(text);
            if (reply.find()) {
                transcriptReply = reply.group(1).strip();
            }
            String fallback = transcriptReply != null ? transcriptReply : firstParagraphWith(text, "(?i)error|deliver");
            List<String[]> out = new ArrayList<>();
            found.forEach((a, r) -> out.add(new String[] {a, r.isEmpty() ? fallback : r}));
            return out;
        }

        /** Exchange / Office 365: "Remote Server returned '...'" or "#550 5.1.1 ... ##" after each address. */
        private List<String[]> exchangeBlocks(String text) {
            Map<String, String> found = new LinkedHashMap<>();
            Matcher heading = Pattern.compile("(?i)(did not reach the following recipient|delivery has failed to these recipients|couldn't be delivered to)").matcher(text);
            String[] lines = (heading.find() ? text.substring(heading.start()) : text).split("\n");
            String lastAddress = null;
            Pattern returned = Pattern.compile("(?i)Remote Server returned '(.*?)'?\\s*$");
            Pattern hash = Pattern.compile("^#?(\\d{3}[ -]\\d\\.\\d{1,3}\\.\\d{1,3}.*?)(?:\\s*##.*)?$");
            for (String raw : lines) {
                String line = raw.strip();
                Matcher r = returned.matcher(line);
                Matcher h = hash.matcher(line);
                if (r.find() && lastAddress != null) {
                    found.put(lastAddress, r.group(1));
                    continue;
                }
                if (line.startsWith("#") && h.matches() && lastAddress != null) {
                    found.put(lastAddress, h.group(1));
                    continue;
                }
                Matcher a = ADDRESS.matcher(line);
                if (a.find() && !line.toLowerCase(Locale.ROOT).startsWith("generating server") && !isOwnAddress(a.group())) {
                    lastAddress = a.group();
                    found.putIfAbsent(lastAddress, "");
                }
            }
            List<String[]> out = new ArrayList<>();
            String fallback = firstParagraphWith(text, "(?i)couldn't|could not|wasn't|not found|not recognized|failed|blocked|rejected|full|unknown");
            found.forEach((a, r) -> out.add(new String[] {a, r.isEmpty() ? fallback : r}));
            return out;
        }

        /** Gmail: the recipient after "recipient failed permanently:" or "wasn't delivered to", the reply below. */
        private List<String[]> gmailBlocks(String text) {
            String address = null;
            Matcher m = Pattern.compile("(?is)(?:following recipient (?:failed permanently|has been delayed):|wasn't delivered to|problem delivering your message to)\\s*<?(" + ADDRESS.pattern() + ")").matcher(text);
            if (m.find()) {
                address = m.group(1);
            }
            String diag = null;
            for (String intro : List.of("The error that the other server returned was:", "The response from the remote server was:",
                    "The response was:", "Technical details of permanent failure:", "Technical details of temporary failure:", "Technical details:")) {
                Matcher r = Pattern.compile("(?is)" + Pattern.quote(intro) + "\\s*\\n(.*?)(?:\\n\\s*\\n|$)").matcher(text);
                if (r.find()) {
                    diag = r.group(1).strip();
                    break;
                }
            }
            if (diag == null) {
                diag = firstParagraphWith(text, "(?i)wasn't delivered|failed|problem");
            }
            if (address == null) {
                List<String[]> g = genericBlocks(text);
                address = g.isEmpty() ? null : g.get(0)[0];
            }
            if (address == null) {
                return List.of();
            }
            String human = firstParagraphWith(text, "(?i)wasn't delivered|couldn't be found|isn't|is full|blocked|rejected");
            return List.<String[]>of(new String[] {address, diag + (human.isEmpty() || diag.contains(human) ? "" : "\n" + human)});
        }

        /** Lotus Domino: "was not delivered to: addr ... because: reason". */
        private List<String[]> dominoBlocks(String text) {
            Matcher m = Pattern.compile("(?is)was not delivered to:\\s*(.*?)\\s*because:\\s*(.*?)(?:\\n\\s*\\n|$)").matcher(text);
            if (!m.find()) {
                return List.of();
            }
            Matcher a = ADDRESS.matcher(m.group(1));
            String addr = a.find() ? a.group() : m.group(1).strip();
            return List.<String[]>of(new String[] {addr, m.group(2).strip()});
        }

        /** Any other report from a mail daemon: every address in the text, with the whole report as reason. */
        private List<String[]> genericBlocks(String text) {
            List<String[]> out = new ArrayList<>();
            String diag = text.strip().replaceAll("\\n{2,}", "\n");
            Matcher rcpt = Pattern.compile("(?im)^\\s*(?:In:\\s*|>>>\\s*)?RCPT TO:\\s*<?(" + ADDRESS.pattern() + ")").matcher(text);
            if (rcpt.find()) {
                String failure = transcriptFailure(text);
                out.add(new String[] {rcpt.group(1), failure != null ? failure : diag});
                return out;
            }
            List<String[]> perLine = colonLines(text);
            if (!perLine.isEmpty()) {
                return perLine;
            }
            Matcher a = ADDRESS.matcher(text);
            List<String> seen = new ArrayList<>();
            while (a.find() && seen.size() < 50) {
                String addr = a.group();
                if (!seen.contains(addr) && !isOwnAddress(addr)) {
                    seen.add(addr);
                    out.add(new String[] {addr, diag});
                }
            }
            return out;
        }

        /**
         * The last 4xx or 5xx reply of an SMTP transcript ("Out: 451 ...", "<<< 550 ..."): the
         * server's answer that ended the delivery, where the lines before it are greetings and OKs.
         */
        static String transcriptFailure(String text) {
            Matcher m = TRANSCRIPT_FAILURE.matcher(text);
            String last = null;
            while (m.find()) {
                last = m.group(1).strip();
            }
            return last;
        }

        /**
         * One line per recipient, {@code addr: reply} (OpenSMTPD and many small daemons): each
         * recipient gets its own line, not the whole text, so two recipients are not confused.
         */
        private List<String[]> colonLines(String text) {
            List<String[]> out = new ArrayList<>();
            Matcher m = COLON_LINE.matcher(text);
            List<String> seen = new ArrayList<>();
            while (m.find() && out.size() < 50) {
                String addr = m.group(1);
                if (!seen.contains(addr) && !isOwnAddress(addr)) {
                    seen.add(addr);
                    out.add(new String[] {addr, remoteSaid(m.group(2).strip())});
                }
            }
            return out;
        }

        /**
         * The recipient of the returned original when its To: names exactly one address: old
         * Sendmail reports ("Cannot send message for 4 days") name nobody else.
         */
        private List<String[]> originalRecipient(String text) {
            String t = plain == null ? "" : plain.replace("\r\n", "\n");
            Matcher marker = ORIGINAL_MARKER.matcher(t);
            if (!marker.find()) {
                return List.of();
            }
            Matcher to = TO_HEADER.matcher(t.substring(marker.end()));
            if (!to.find()) {
                return List.of();
            }
            Matcher a = ADDRESS.matcher(to.group(1));
            List<String> found = new ArrayList<>();
            while (a.find()) {
                if (!found.contains(a.group())) {
                    found.add(a.group());
                }
            }
            return found.size() == 1 ? List.<String[]>of(new String[] {found.get(0), text.strip()}) : List.of();
        }

        private boolean isOwnAddress(String addr) {
            String a = addr.toLowerCase(Locale.ROOT);
            return a.startsWith("mailer-daemon@") || a.startsWith("postmaster@") || from.toLowerCase(Locale.ROOT).contains(a)
                    || to.toLowerCase(Locale.ROOT).contains(a);
        }

        // ---- auto-replies -------------------------------------------------------------------

        private Optional<String> autoReplySignal() throws MessagingException {
            String autoSubmitted = trimmed(header(msg, "Auto-Submitted"));
            if (autoSubmitted != null && autoSubmitted.toLowerCase(Locale.ROOT).startsWith("auto-replied")) {
                return Optional.of("Auto-Submitted: auto-replied (RFC 3834)");
            }
            for (String h : List.of("X-Autoreply", "X-Autorespond", "X-Auto-Reply")) {
                if (header(msg, h) != null) {
                    return Optional.of(h + " header");
                }
            }
            String precedence = trimmed(header(msg, "Precedence"));
            if (precedence != null && precedence.equalsIgnoreCase("auto_reply")) {
                return Optional.of("Precedence: auto_reply");
            }
            if (AUTO_SUBJECT.matcher(subject).find()) {
                return Optional.of("subject of an auto-reply: " + subject);
            }
            if (autoSubmitted != null && autoSubmitted.toLowerCase(Locale.ROOT).startsWith("auto-generated")
                    && header(msg, "X-Auto-Response-Suppress") != null) {
                return Optional.of("Auto-Submitted: auto-generated from Exchange without a delivery report");
            }
            return Optional.empty();
        }
    }

    // ---- classification of one recipient ----------------------------------------------------

    static Classification classifyRecipient(String action, EnhancedCode status, String diagnostic, BounceType hint) {
        if (action != null && (action.equals("delivered") || action.equals("relayed") || action.equals("expanded"))) {
            Classification c = Classifier.classify(0, status, diagnostic);
            return new Classification(Reason.DELIVERED, BounceType.NONE, c.basic(), c.enhanced(), "dsn:action-" + action,
                    "the report's Action is " + action, c.text());
        }
        Classification c = Classifier.classify(diagnostic);
        if (c.enhanced() == null && status != null) {
            c = Classifier.classify(c.basic(), status, diagnostic);
        }
        if (c.reason() == Reason.DELIVERED) {
            // A report that says "failed" with a 2xx in the text: trust the report.
            c = new Classification(Reason.UNDEFINED, BounceType.HARD, c.basic(), c.enhanced(), "dsn:action-failed",
                    "the report says the delivery failed", c.text());
        }
        if (c.basic() == 0 && c.enhanced() == null && hint != null && c.reason().policy() == Reason.Policy.BY_CLASS) {
            c = new Classification(c.reason(), hint, 0, null, c.rule() + "+report:" + (hint == BounceType.SOFT ? "temporary" : "permanent"),
                    c.why() + "; no code, so the report's wording decides soft or hard", c.text());
        }
        if ("failed".equals(action) && c.bounce() == BounceType.SOFT && c.reason().policy() == Reason.Policy.BY_CLASS) {
            // The report says the delivery failed, after transient replies: the sending MTA gave
            // up (queue lifetime or retries used up, spec §3). What was transient is now final.
            // A mail loop (X.4.6, RFC 3463) is failed at once, not after retries: it stays a
            // network error.
            boolean loop = c.enhanced() != null && c.enhanced().subject() == 4 && c.enhanced().detail() == 6
                    || diagnostic.toLowerCase(Locale.ROOT).matches("(?s).*(mail loop|routing loop|too many hops|loops back to myself).*");
            Reason r = switch (c.reason()) {
                case NETWORK_ERROR, SYSTEM_ERROR, UNDEFINED -> loop ? c.reason() : Reason.EXPIRED;
                default -> c.reason();
            };
            c = new Classification(r, BounceType.HARD, c.basic(), c.enhanced(), c.rule() + "+dsn:action-failed",
                    c.why() + "; the report says the delivery failed for good", c.text());
        }
        // A delay report keeps the message queued: soft, even when its text speaks of expiry
        // (OpenSMTPD's "Envelope expired" in a "delayed" notice); an unknown user stays hard.
        if ("delayed".equals(action) && c.bounce() == BounceType.HARD
                && (c.reason().policy() != Reason.Policy.ALWAYS_HARD || c.reason() == Reason.EXPIRED)) {
            c = new Classification(c.reason(), BounceType.SOFT, c.basic(), c.enhanced(), c.rule() + "+dsn:action-delayed",
                    c.why() + "; the report says the message is still queued", c.text());
        }
        return c;
    }

    static MessageKind kindFromActions(List<RecipientResult> rcpts) {
        if (rcpts.isEmpty()) {
            return MessageKind.BOUNCE;
        }
        boolean delayed = false;
        boolean delivered = false;
        for (RecipientResult r : rcpts) {
            String a = r.action() == null ? "failed" : r.action();
            switch (a) {
                case "delayed" -> delayed = true;
                case "delivered", "relayed", "expanded" -> delivered = true;
                default -> {
                    return MessageKind.BOUNCE;
                }
            }
        }
        return delayed ? MessageKind.DELAY : delivered ? MessageKind.DELIVERY_REPORT : MessageKind.BOUNCE;
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** RFC 3464 §2.1: blocks of header fields separated by blank lines; folded lines joined. */
    static List<Map<String, String>> headerBlocks(String text) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        String lastKey = null;
        for (String line : text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    blocks.add(current);
                    current = new LinkedHashMap<>();
                }
                lastKey = null;
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && lastKey != null) {
                current.put(lastKey, current.get(lastKey) + "\n" + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            lastKey = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            current.putIfAbsent(lastKey, line.substring(colon + 1).strip());
        }
        if (!current.isEmpty()) {
            blocks.add(current);
        }
        return blocks;
    }

    /** {@code rfc822; bob@example.org} → {@code bob@example.org}; {@code smtp; 550 ...} → {@code 550 ...}. */
    static String typedValue(String v) {
        if (v == null) {
            return null;
        }
        int semi = v.indexOf(';');
        String s = semi >= 0 && semi < 20 && !v.substring(0, semi).contains(" ") ? v.substring(semi + 1) : v;
        return s.strip();
    }

    /** In "host x said: 550 ... (in reply to RCPT TO command)", keep the reply part when there is one. */
    static String remoteSaid(String diag) {
        Matcher m = Pattern.compile("(?is)(?:said|Remote host said):\\s*(.*)").matcher(diag);
        return m.find() ? m.group(1).strip() : diag;
    }

    /** Exim puts the reply on the last lines after "SMTP error from remote mail server ...:". */
    static String lastReply(String diag) {
        Matcher m = Pattern.compile("(?is)SMTP error from remote (?:mail )?server[^\\n]*:\\s*\\n?(.*)").matcher(diag);
        if (m.find()) {
            String rest = m.group(1).strip();
            Matcher host = Pattern.compile("(?is)^host [^\\n]*?(?:\\[[^]]*\\])?:?\\s*(.*)").matcher(rest);
            return host.find() && !host.group(1).isBlank() ? host.group(1).strip() : rest;
        }
        return diag;
    }

    static String firstParagraphWith(String text, String regex) {
        Pattern p = Pattern.compile(regex);
        for (String para : text.split("\\n\\s*\\n")) {
            if (p.matcher(para).find()) {
                return para.strip().replaceAll("\\s*\\n\\s*", " ");
            }
        }
        return "";
    }

    static String vendor(String text, String reportingMta, boolean postfixFields) {
        String mta = reportingMta == null ? "" : reportingMta.toLowerCase(Locale.ROOT);
        if (postfixFields || text.contains("This is the mail system at host")) {
            return "postfix";
        }
        if (text.contains("Diagnostic information for administrators") || mta.contains("outlook.com")
                || mta.contains("protection.outlook") || text.contains("Delivery has failed to these recipients")) {
            return "exchange";
        }
        if (mta.contains("google") || text.contains("The response from the remote server was")
                || text.contains("Technical details of")) {
            return "gmail";
        }
        if (text.contains("created automatically by mail delivery software")) {
            return "exim";
        }
        if (text.contains("Transcript of session follows")) {
            return "sendmail";
        }
        if (text.contains("running the Courier mail server")) {
            return "courier";
        }
        if (mta.contains("yahoo")) {
            return "yahoo";
        }
        return null;
    }

    private static String baseType(Part part) throws MessagingException {
        try {
            return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "text/plain";
        }
    }

    /** The undecoded body of a part whose structure could not be read, as UTF-8. */
    private static String rawText(Part part) throws MessagingException, IOException {
        InputStream raw = part instanceof MimeMessage m ? m.getRawInputStream()
                : part instanceof jakarta.mail.internet.MimeBodyPart b ? b.getRawInputStream() : part.getInputStream();
        try (InputStream in = raw) {
            return new String(in.readNBytes(4 * 1024 * 1024), StandardCharsets.UTF_8);
        }
    }

    /** The decoded body of a leaf part, in its declared charset (UTF-8, then ISO-8859-1 on failure). */
    private static String readText(Part part) throws MessagingException, IOException {
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readNBytes(4 * 1024 * 1024);
        } catch (IOException | MessagingException unknownEncoding) {
            // An unknown or cut-off Content-Transfer-Encoding ("8bi"): the undecoded body is
            // still the text.
            return rawText(part);
        }
        String charset = null;
        try {
            charset = new ContentType(part.getContentType()).getParameter("charset");
        } catch (MessagingException | RuntimeException ignored) {
            // a broken Content-Type: fall back to UTF-8 below
        }
        Charset cs = StandardCharsets.UTF_8;
        if (charset != null) {
            try {
                cs = Charset.forName(MimeUtility.javaCharset(charset));
            } catch (RuntimeException e) {
                cs = StandardCharsets.UTF_8;
            }
        }
        return new String(bytes, cs);
    }

    static String stripHtml(String html) {
        return html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
                .replaceAll("(?i)<br\\s*/?>|</p>|</div>|</tr>|</li>|</h\\d>", "\n")
                .replaceAll("<[^>]+>", " ")
                .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&")
                .replaceAll("[ \\t]+", " ")
                .replaceAll(" *\\n *", "\n");
    }

    private static String header(MimeMessage msg, String name) throws MessagingException {
        return msg.getHeader(name, ", ");
    }

    private static String trimmed(String s) {
        return s == null ? null : s.strip();
    }

    private static String decode(String s) {
        if (s == null) {
            return "";
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(s));
        } catch (UnsupportedEncodingException e) {
            return s;
        }
    }

    private static String safeSubject(MimeMessage msg) {
        try {
            String s = msg.getSubject();
            return s == null ? "" : s;
        } catch (MessagingException e) {
            return "";
        }
    }
}
