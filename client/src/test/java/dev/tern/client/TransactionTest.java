package dev.tern.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.reply.EnhancedCode;
import dev.tern.protocol.reply.ReplyDeviation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a scripted server that answers with odd and hostile replies. */
class TransactionTest {

    private ScriptedServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            assertThat(server.failures()).isEmpty();
        }
    }

    static SmtpClient client(Duration timeout) {
        return SmtpClient.create(ClientConfig.builder().heloName("client.test").tlsMode(TlsMode.OFF)
                .timeouts(Timeouts.uniform(timeout)).build());
    }

    static SmtpClient client() {
        return client(Duration.ofSeconds(10));
    }

    static void assertResult(RecipientResult r, RecipientStatus status, int code, String enhanced) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.reply().code()).as(r.toString()).isEqualTo(code);
        assertThat(r.reply().enhanced()).as(r.toString()).isEqualTo(enhanced == null ? null : EnhancedCode.parse(enhanced));
    }

    @Test
    void pipelinedTransactionGivesEachRecipientItsOwnOutcome() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("PIPELINING", "ENHANCEDSTATUSCODES", "8BITMIME");
            c.expect("MAIL FROM:<a@client.test>");
            c.expect("RCPT TO:<ok@x.test>");
            c.expect("RCPT TO:<nobody@x.test>");
            c.expect("RCPT TO:<later@x.test>");
            c.expect("DATA");
            c.reply("250 2.1.0 ok", "250 2.1.5 ok", "550 5.1.1 <nobody@x.test>: no such user",
                    "451 4.3.0 try later", "354 go ahead");
            c.data();
            c.reply("250 2.0.0 queued as 17");
            c.quit();
        });
        TransactionResult r = client().send("127.0.0.1", server.port(),
                Envelope.of("a@client.test", "ok@x.test", "nobody@x.test", "later@x.test"),
                MessageSource.of("Subject: hi\n\n.leading dot\nline\n"));
        assertResult(r.recipients().get(0), RecipientStatus.ACCEPTED, 250, "2.0.0");
        assertResult(r.recipients().get(1), RecipientStatus.HARD_FAILURE, 550, "5.1.1");
        assertResult(r.recipients().get(2), RecipientStatus.SOFT_FAILURE, 451, "4.3.0");
        assertThat(r.recipients().get(1).stage()).isEqualTo(Stage.RCPT);
        assertThat(r.recipients().get(0).stage()).isEqualTo(Stage.END_OF_DATA);
        assertThat(r.outcome()).isEqualTo(Outcome.HARD_FAILURE);
        // dot-stuffed on the wire, LF turned into CRLF; the scripted reader undoes the stuffing
        assertThat(server.messages).containsExactly("Subject: hi\r\n\r\n.leading dot\r\nline\r\n");
        assertThat(r.transcript()).anyMatch(e -> e.kind() == TranscriptEntry.Kind.SERVER && e.text().startsWith("550 5.1.1"));
    }

    @Test
    void tooManyRecipientsGoInAFurtherTransactionOnTheSameConnection() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("ENHANCEDSTATUSCODES");
            for (int round = 0; round < 2; round++) {
                if (round == 1) {
                    c.expect("RSET");
                    c.reply("250 2.0.0 ok");
                }
                c.expect("MAIL FROM:");
                c.reply("250 2.1.0 ok");
                int accepted = 0;
                String l;
                while ((l = c.line()).startsWith("RCPT")) {
                    if (accepted < 2) {
                        accepted++;
                        c.reply("250 2.1.5 ok");
                    } else {
                        c.reply("452 4.5.3 Too many recipients");
                    }
                }
                assertThat(l).isEqualTo("DATA");
                c.reply("354 go");
                c.data();
                c.reply("250 2.0.0 queued");
            }
            c.quit();
        });
        TransactionResult r = client().send("127.0.0.1", server.port(),
                Envelope.of("a@client.test", "r1@x.test", "r2@x.test", "r3@x.test", "r4@x.test"),
                MessageSource.of("Subject: many\r\n\r\nbody\r\n"));
        assertThat(r.transactions()).isEqualTo(2);
        for (RecipientResult rr : r.recipients()) {
            assertResult(rr, RecipientStatus.ACCEPTED, 250, "2.0.0");
        }
        assertThat(server.connections).isEqualTo(1);
        assertThat(server.messages).hasSize(2);
        assertThat(server.commands.stream().filter(c -> c.startsWith("RCPT")).toList())
                .containsExactly("RCPT TO:<r1@x.test>", "RCPT TO:<r2@x.test>", "RCPT TO:<r3@x.test>", "RCPT TO:<r4@x.test>",
                        "RCPT TO:<r3@x.test>", "RCPT TO:<r4@x.test>");
    }

    @Test
    void nonStandard453AfterTwoRecipientsIsHandledLike452() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("PIPELINING");
            for (int round = 0; round < 2; round++) {
                if (round == 1) {
                    c.expect("RSET");
                    c.reply("250 ok");
                }
                c.expect("MAIL FROM:");
                int n = round == 0 ? 3 : 1;
                for (int i = 0; i < n; i++) {
                    c.expect("RCPT TO:");
                }
                c.expect("DATA");
                if (round == 0) {
                    c.reply("250 ok", "250 ok", "250 ok", "453 Too many recipients", "354 go");
                } else {
                    c.reply("250 ok", "250 ok", "354 go");
                }
                c.data();
                c.reply("250 queued");
            }
            c.quit();
        });
        TransactionResult r = client().send("127.0.0.1", server.port(),
                Envelope.of("a@client.test", "r1@x.test", "r2@x.test", "r3@x.test"), MessageSource.of("x\r\n"));
        assertThat(r.transactions()).isEqualTo(2);
        assertThat(r.recipients()).allMatch(RecipientResult::accepted);
    }

    @Test
    void replyCode200IsSuccessAndDeviationsAreReported() throws Exception {
        server = new ScriptedServer(c -> {
            c.raw("220 odd.test ESMTP\n");
            c.expect("EHLO");
            // multi-line with mismatched codes, bare LF
            c.raw("250-odd.test\n251-8BITMIME\n250 SIZE 1000\n");
            c.expect("MAIL FROM:");
            c.raw("200 sender fine\n");
            c.expect("RCPT TO:");
            c.raw("250-first line\r\n250 second line\r\n");
            c.expect("DATA");
            c.raw("354 go\n");
            c.data();
            c.raw("200 OK\n");
            c.quit();
        });
        TransactionResult r = client().send("127.0.0.1", server.port(), Envelope.of("a@client.test", "b@x.test"),
                MessageSource.of("hello\n"));
        assertResult(r.recipients().get(0), RecipientStatus.ACCEPTED, 200, null);
        List<ReplyDeviation.Kind> kinds = r.transcript().stream().filter(e -> e.reply() != null)
                .flatMap(e -> e.reply().deviations().stream()).map(ReplyDeviation::kind).toList();
        assertThat(kinds).contains(ReplyDeviation.Kind.BARE_LF, ReplyDeviation.Kind.CODE_MISMATCH,
                ReplyDeviation.Kind.NON_STANDARD_CODE);
        // SIZE was announced in the mismatched multi-line reply: the client still used it
        assertThat(server.commands).anyMatch(c -> c.startsWith("MAIL FROM:<a@client.test> SIZE="));
    }

    @Test
    void service421MidTransactionSoftFailsEveryPendingRecipientAndCloses() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("ENHANCEDSTATUSCODES");
            c.expect("MAIL FROM:");
            c.reply("250 2.1.0 ok");
            c.expect("RCPT TO:<r1@x.test>");
            c.reply("550 5.1.1 no such user");
            c.expect("RCPT TO:<r2@x.test>");
            c.reply("250 2.1.5 ok");
            c.expect("RCPT TO:<r3@x.test>");
            c.reply("421 4.3.2 shutting down");
            // the client must not send anything more: the next read sees the end of the stream
            assertThat(c.line()).isNull();
        });
        SmtpClient client = client();
        try (SmtpSession session = client.connect("127.0.0.1", server.port())) {
            TransactionResult r = session.send(Envelope.of("a@client.test", "r1@x.test", "r2@x.test", "r3@x.test", "r4@x.test"),
                    MessageSource.of("x\r\n"));
            assertResult(r.recipients().get(0), RecipientStatus.HARD_FAILURE, 550, "5.1.1");
            for (RecipientResult rr : r.recipients().subList(1, 4)) {
                assertResult(rr, RecipientStatus.SOFT_FAILURE, 421, "4.3.2");
                assertThat(rr.synthetic()).isFalse();
            }
            assertThat(r.outcome()).isEqualTo(Outcome.HARD_FAILURE);
            assertThat(session.isOpen()).isFalse();
            TransactionResult after = session.send(Envelope.of("a@client.test", "r5@x.test"), MessageSource.of("x\r\n"));
            assertResult(after.recipients().get(0), RecipientStatus.SOFT_FAILURE, 421, "4.4.2");
            assertThat(after.recipients().get(0).synthetic()).isTrue();
        }
    }

    @Test
    void slowReplyPastTheTimeoutSoftFailsWithTimeout() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo();
            c.expect("MAIL FROM:");
            c.reply("250 ok");
            c.expect("RCPT TO:");
            c.reply("250 ok");
            c.expect("DATA");
            c.reply("354 go");
            c.data();
            try {
                Thread.sleep(6_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            c.reply("250 too late");
        });
        long start = System.nanoTime();
        TransactionResult r = client(Duration.ofMillis(700)).send("127.0.0.1", server.port(),
                Envelope.of("a@client.test", "b@x.test"), MessageSource.of("x\r\n"));
        // the reply would come after 6 s; the client gives up after 0.7 s
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        RecipientResult rr = r.recipients().get(0);
        assertResult(rr, RecipientStatus.SOFT_FAILURE, 421, "4.4.2");
        assertThat(rr.synthetic()).isTrue();
        assertThat(rr.stage()).isEqualTo(Stage.END_OF_DATA);
        assertThat(rr.reply().text()).contains("Timeout");
    }

    @Test
    void ehloRefusedFallsBackToHeloWithoutExtensions() throws Exception {
        server = new ScriptedServer(c -> {
            c.reply("220 old.test SMTP");
            c.expect("EHLO client.test");
            c.reply("502 Command not implemented");
            c.expect("HELO client.test");
            c.reply("250 old.test");
            c.expect("MAIL FROM:<a@client.test>");
            c.reply("250 ok");
            c.expect("RCPT TO:<b@x.test>");
            c.reply("250 ok");
            c.expect("DATA");
            c.reply("354 go");
            c.data();
            c.reply("250 ok");
            c.quit();
        });
        TransactionResult r = client().send("127.0.0.1", server.port(), Envelope.of("a@client.test", "b@x.test"),
                MessageSource.of("x\r\n"));
        assertResult(r.recipients().get(0), RecipientStatus.ACCEPTED, 250, null);
    }

    @Test
    void messageLargerThanSizeLimitIsNotSent() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("SIZE 10", "ENHANCEDSTATUSCODES");
            c.quit();
        });
        TransactionResult r = client().send("127.0.0.1", server.port(), Envelope.of("a@client.test", "b@x.test"),
                MessageSource.of("Subject: this is longer than ten octets\r\n\r\n"));
        assertResult(r.recipients().get(0), RecipientStatus.HARD_FAILURE, 552, "5.3.4");
        assertThat(r.recipients().get(0).stage()).isEqualTo(Stage.PRECHECK);
        assertThat(server.commands).noneMatch(c -> c.startsWith("MAIL"));
    }

    @Test
    void eightBitMessageNeeds8bitmime() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("PIPELINING");
            c.quit();
        });
        TransactionResult r = client().send("127.0.0.1", server.port(), Envelope.of("a@client.test", "b@x.test"),
                MessageSource.of("Subject: x\r\n\r\nvoilà\r\n"));
        assertResult(r.recipients().get(0), RecipientStatus.HARD_FAILURE, 554, "5.6.3");
    }

    @Test
    void eightBitMessageGetsBody8bitmimeAndUtf8AddressGetsSmtputf8() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("8BITMIME", "SMTPUTF8");
            c.expect("MAIL FROM:<a@client.test> BODY=8BITMIME SMTPUTF8");
            c.reply("250 ok");
            c.expect("RCPT TO:<jörg@x.test>");
            c.reply("250 ok");
            c.expect("DATA");
            c.reply("354 go");
            c.data();
            c.reply("250 ok");
            c.quit();
        });
        SmtpClient client = client();
        TransactionResult r = client.send("127.0.0.1", server.port(), Envelope.of("a@client.test", "jörg@x.test"),
                MessageSource.of("Subject: x\r\n\r\nvoilà\r\n"));
        assertThat(r.recipients().get(0).accepted()).isTrue();
        assertThat(server.commands).anyMatch(c -> c.startsWith("MAIL") && c.contains("BODY=8BITMIME") && c.contains("SMTPUTF8"));
    }

    @Test
    void utf8AddressWithoutSmtputf8FailsCleanly() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("8BITMIME");
            c.quit();
        });
        TransactionResult r = client().send("127.0.0.1", server.port(), Envelope.of("a@client.test", "jörg@x.test"),
                MessageSource.of("x\r\n"));
        assertResult(r.recipients().get(0), RecipientStatus.HARD_FAILURE, 553, "5.6.7");
        assertThat(r.recipients().get(0).reason()).contains("SMTPUTF8");
    }

    @Test
    void connectionIsReusedWithRsetBetweenMessages() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("PIPELINING", "ENHANCEDSTATUSCODES");
            for (int i = 0; i < 3; i++) {
                if (i > 0) {
                    c.expect("RSET");
                    c.reply("250 2.0.0 ok");
                }
                c.expect("MAIL");
                c.expect("RCPT");
                c.expect("DATA");
                c.reply("250 2.1.0 ok", "250 2.1.5 ok", "354 go");
                c.data();
                c.reply("250 2.0.0 queued as " + i);
            }
            c.quit();
        });
        try (SmtpSession s = client().connect("127.0.0.1", server.port())) {
            for (int i = 0; i < 3; i++) {
                TransactionResult r = s.send(Envelope.of("a@client.test", "b" + i + "@x.test"), MessageSource.of("m" + i + "\r\n"));
                assertThat(r.recipients().get(0).reply().text()).isEqualTo("queued as " + i);
            }
        }
        assertThat(server.connections).isEqualTo(1);
        assertThat(server.messages).containsExactly("m0\r\n", "m1\r\n", "m2\r\n");
    }

    @Test
    void bdatSendsChunksWhenChunkingIsOfferedAndWanted() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("CHUNKING", "ENHANCEDSTATUSCODES");
            c.expect("MAIL");
            c.reply("250 2.1.0 ok");
            c.expect("RCPT");
            c.reply("250 2.1.5 ok");
            StringBuilder got = new StringBuilder();
            while (true) {
                String l = c.expect("BDAT ");
                String[] p = l.split(" ");
                got.append(new String(c.octets(Integer.parseInt(p[1])), java.nio.charset.StandardCharsets.UTF_8));
                c.reply("250 2.0.0 " + p[1] + " octets");
                if (p.length > 2 && p[2].equals("LAST")) {
                    break;
                }
            }
            server.messages.add(got.toString());
            c.quit();
        });
        SmtpClient client = SmtpClient.create(ClientConfig.builder().heloName("client.test").tlsMode(TlsMode.OFF)
                .timeouts(Timeouts.uniform(Duration.ofSeconds(10))).chunking(true).chunkSize(8).build());
        TransactionResult r = client.send("127.0.0.1", server.port(), Envelope.of("a@client.test", "b@x.test"),
                MessageSource.of("line one\n.dot\nend"));
        assertResult(r.recipients().get(0), RecipientStatus.ACCEPTED, 250, "2.0.0");
        // no dot-stuffing with BDAT, but CRLF line ends and a final CRLF
        assertThat(server.messages).containsExactly("line one\r\n.dot\r\nend\r\n");
        assertThat(server.commands.stream().filter(c -> c.startsWith("BDAT")).toList())
                .containsExactly("BDAT 8", "BDAT 8", "BDAT 5 LAST");
    }

    @Test
    void refusingGreetingFailsEveryRecipientWithItsReply() throws Exception {
        server = new ScriptedServer(c -> {
            c.reply("554 5.7.1 no mail from you");
            c.quit();
        });
        TransactionResult r = client().send("127.0.0.1", server.port(), Envelope.of("a@client.test", "b@x.test", "c@x.test"),
                MessageSource.of("x\r\n"));
        for (RecipientResult rr : r.recipients()) {
            assertResult(rr, RecipientStatus.HARD_FAILURE, 554, "5.7.1");
            assertThat(rr.stage()).isEqualTo(Stage.CONNECT);
        }
    }

    @Test
    void nothingListeningIsASoftConnectionFailure() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        TransactionResult r = client().send("127.0.0.1", port, Envelope.of("a@client.test", "b@x.test"), MessageSource.of("x"));
        assertResult(r.recipients().get(0), RecipientStatus.SOFT_FAILURE, 421, "4.4.1");
    }
}
