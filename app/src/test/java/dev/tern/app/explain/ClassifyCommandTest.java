package dev.tern.app.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.app.CliRun;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyCommandTest {

    static final String QMAIL = """
            Return-Path: <>
            From: MAILER-DAEMON@mail.sender.example
            To: alice@sender.example
            Subject: failure notice

            Hi. This is the qmail-send program at mail.sender.example.
            I'm afraid I wasn't able to deliver your message to the following addresses.
            This is a permanent error; I've given up. Sorry it didn't work out.

            <nobody@receiver.example>:
            Sorry, no mailbox here by that name. (#5.1.1)

            --- Below this line is a copy of the message.
            """;

    static final String DSN_FULL = """
            From: MAILER-DAEMON@mx.sender.example
            To: alice@sender.example
            Subject: Undelivered Mail Returned to Sender
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="B"

            --B
            Content-Type: text/plain

            This is the mail system at host mx.sender.example.

            --B
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.sender.example

            Final-Recipient: rfc822; full@receiver.example
            Action: failed
            Status: 5.2.2
            Diagnostic-Code: smtp; 552 5.2.2 Mailbox full

            --B--
            """;

    static final String OOF = """
            From: bob@receiver.example
            To: alice@sender.example
            Subject: Out of Office: Lunch
            Auto-Submitted: auto-replied

            Back on Monday.
            """;

    @Test
    void classifiesAReplyText() {
        var r = CliRun.tern("classify", "550-5.1.1 The email account that you tried to reach does not exist.\n550 5.1.1 https://support.google.com/mail/?p=NoSuchUser - gsmtp");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("550 5.1.1  user-unknown  hard  [text:provider-google-user-unknown]\n  why: the text says \"support.google.com/mail/?p=NoSuchUser\"");
    }

    @Test
    void replyJsonIsTheDocumentedObject() {
        var r = CliRun.tern("classify", "--json", "452 4.2.2 The email account that you tried to reach is over quota.");
        assertThat(r.out()).startsWith("{\"reason\":\"mailbox-full\",\"bounce\":\"soft\",\"basic\":452,\"enhanced\":\"4.2.2\",\"rule\":\"text:mailbox-full\"");
    }

    @Test
    void emailFileAndSummaryForMany(@TempDir Path dir) throws IOException {
        Path one = Files.writeString(dir.resolve("qmail.eml"), QMAIL);
        var single = CliRun.tern("classify", "--eml", one.toString());
        assertThat(single.exit()).isZero();
        assertThat(single.out()).contains("qmail.eml: bounce (qmail) \"failure notice\"")
                .contains("  nobody@receiver.example  5.1.1  user-unknown  hard  [text:user-unknown]")
                .doesNotContain("reason ");

        Path maildir = dir.resolve("Maildir");
        Files.createDirectories(maildir.resolve("cur"));
        Files.createDirectories(maildir.resolve("new"));
        Files.createDirectories(maildir.resolve("tmp"));
        Files.writeString(maildir.resolve("new/1.host"), QMAIL);
        Files.writeString(maildir.resolve("cur/2.host:2,S"), DSN_FULL);
        Files.writeString(maildir.resolve("cur/3.host:2,S"), OOF);
        var many = CliRun.tern("classify", "--eml", maildir.toString());
        assertThat(many.exit()).isZero();
        assertThat(many.out()).contains("full@receiver.example  552 5.2.2  mailbox-full  soft")
                .contains("3.host:2,S: auto-reply (auto-reply)")
                .containsPattern("auto-reply +1\\n")
                .containsPattern("bounce +2\\n")
                .containsPattern("mailbox-full +1 +1 +0\\n")
                .containsPattern("user-unknown +1 +0 +1\\n")
                .containsPattern("total +2 +1 +1\\n");
    }

    @Test
    void mboxWithJson(@TempDir Path dir) throws IOException {
        String mbox = "From MAILER-DAEMON Mon Nov 23 09:30:00 2026\n" + QMAIL + "\n"
                + "From bob@receiver.example Mon Nov 23 09:31:00 2026\n" + OOF + "\n";
        Path file = Files.writeString(dir.resolve("bounces.mbox"), mbox);
        var r = CliRun.tern("classify", "--json", "--eml", file.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("[{\"source\":\"" + file + "#1\",\"kind\":\"bounce\",\"format\":\"qmail\"")
                .contains("{\"source\":\"" + file + "#2\",\"kind\":\"auto-reply\"");
        var summary = CliRun.tern("classify", "--summary", "--eml", file.toString());
        assertThat(summary.out()).startsWith("messages").contains("total").doesNotContain("qmail.eml");
    }

    @Test
    void standardInputTakesAReplyOrAnEmail() {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream("421 4.7.0 [TSS04] Messages from 192.0.2.4 temporarily deferred due to unexpected volume or user complaints\n".getBytes(StandardCharsets.UTF_8)));
            var r = CliRun.tern("classify");
            assertThat(r.out()).startsWith("421 4.7.0  blocked  soft");
            System.setIn(new ByteArrayInputStream(DSN_FULL.getBytes(StandardCharsets.UTF_8)));
            var e = CliRun.tern("classify");
            assertThat(e.out()).startsWith("stdin: bounce (rfc3464/postfix)");
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void missingFileExitsOne(@TempDir Path dir) {
        var r = CliRun.tern("classify", "--eml", dir.resolve("nope.eml").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("no such file or directory");
    }
}
