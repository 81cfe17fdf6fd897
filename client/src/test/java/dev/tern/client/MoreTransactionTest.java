package dev.tern.client;

import static dev.tern.client.TransactionTest.assertResult;
import static dev.tern.client.TransactionTest.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.Notify;
import dev.tern.protocol.params.Orcpt;
import dev.tern.protocol.params.RcptParameters;
import dev.tern.protocol.params.Ret;
import java.io.InputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Refusals at each stage, DSN parameters, the data-block write timeout. */
class MoreTransactionTest {

    private ScriptedServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            assertThat(server.failures()).isEmpty();
        }
    }

    private static Envelope dsnEnvelope() {
        return Envelope.builder("a@client.test")
                .mailParams(MailParameters.NONE.withRet(Ret.HDRS).withEnvid("env-42"))
                .to(ForwardPath.of(Envelope.mailbox("b@x.test")),
                        RcptParameters.NONE.withNotify(EnumSet.of(Notify.FAILURE, Notify.DELAY))
                                .withOrcpt(Orcpt.rfc822("b@x.test")))
                .build();
    }

    private static ScriptedServer.Script acceptingWith(String... extensions) {
        return c -> {
            c.greetAndEhlo(extensions);
            c.acceptOneMessage();
            c.quit();
        };
    }

    @Test
    void dsnParametersArePassedThroughWhenOffered() throws Exception {
        server = new ScriptedServer(acceptingWith("DSN"));
        client().send("127.0.0.1", server.port(), dsnEnvelope(), MessageSource.of("x\r\n"));
        assertThat(server.commands).contains("MAIL FROM:<a@client.test> RET=HDRS ENVID=env-42",
                "RCPT TO:<b@x.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;b@x.test");
    }

    @Test
    void dsnParametersAreLeftOutWhenNotOffered() throws Exception {
        server = new ScriptedServer(acceptingWith("8BITMIME"));
        TransactionResult r = client().send("127.0.0.1", server.port(), dsnEnvelope(), MessageSource.of("x\r\n"));
        assertThat(server.commands).contains("MAIL FROM:<a@client.test>", "RCPT TO:<b@x.test>");
        assertThat(r.transcript()).anyMatch(e -> e.text().contains("DSN not offered"));
    }

    @Test
    void refusedSenderFailsEveryRecipientWithTheMailReply() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("PIPELINING", "ENHANCEDSTATUSCODES");
            c.expect("MAIL");
            c.expect("RCPT");
            c.expect("RCPT");
            c.expect("DATA");
            c.reply("550 5.7.1 sender blocked", "503 5.5.1 need MAIL", "503 5.5.1 need MAIL", "503 5.5.1 need MAIL");
            c.quit();
        });
        TransactionResult r = client().send("127.0.0.1", server.port(), Envelope.of("a@client.test", "b@x.test", "c@x.test"),
                MessageSource.of("x\r\n"));
        for (RecipientResult rr : r.recipients()) {
            assertResult(rr, RecipientStatus.HARD_FAILURE, 550, "5.7.1");
            assertThat(rr.stage()).isEqualTo(Stage.MAIL);
        }
    }

    @Test
    void noAcceptedRecipientButA354IsClosedWithAnEmptyMessage() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("PIPELINING", "ENHANCEDSTATUSCODES");
            c.expect("MAIL");
            c.expect("RCPT");
            c.expect("DATA");
            // a sloppy server: refuses the only recipient, still says 354
            c.reply("250 2.1.0 ok", "550 5.1.1 no such user", "354 go");
            assertThat(c.data()).isEmpty();
            c.reply("554 5.5.1 no valid recipients");
            c.quit();
        });
        TransactionResult r = client().send("127.0.0.1", server.port(), Envelope.of("a@client.test", "b@x.test"),
                MessageSource.of("must not be sent\r\n"));
        assertResult(r.recipients().get(0), RecipientStatus.HARD_FAILURE, 550, "5.1.1");
    }

    @Test
    void refusedDataFailsTheAcceptedRecipientsAtData() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("ENHANCEDSTATUSCODES");
            c.expect("MAIL");
            c.reply("250 2.1.0 ok");
            c.expect("RCPT");
            c.reply("250 2.1.5 ok");
            c.expect("RCPT");
            c.reply("550 5.1.1 unknown");
            c.expect("DATA");
            c.reply("451 4.3.0 spool trouble");
            c.quit();
        });
        TransactionResult r = client().send("127.0.0.1", server.port(), Envelope.of("a@client.test", "b@x.test", "c@x.test"),
                MessageSource.of("x\r\n"));
        assertResult(r.recipients().get(0), RecipientStatus.SOFT_FAILURE, 451, "4.3.0");
        assertThat(r.recipients().get(0).stage()).isEqualTo(Stage.DATA);
        assertResult(r.recipients().get(1), RecipientStatus.HARD_FAILURE, 550, "5.1.1");
    }

    @Test
    void refusalAfterTheDataIsPerAcceptedRecipient() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("ENHANCEDSTATUSCODES");
            c.expect("MAIL");
            c.reply("250 2.1.0 ok");
            c.expect("RCPT");
            c.reply("250 2.1.5 ok");
            c.expect("DATA");
            c.reply("354 go");
            c.data();
            c.reply("554 5.7.1 content rejected");
            c.quit();
        });
        TransactionResult r = client().send("127.0.0.1", server.port(), Envelope.of("a@client.test", "b@x.test"),
                MessageSource.of("spam\r\n"));
        assertResult(r.recipients().get(0), RecipientStatus.HARD_FAILURE, 554, "5.7.1");
        assertThat(r.recipients().get(0).stage()).isEqualTo(Stage.END_OF_DATA);
    }

    @Test
    void unreadableReplyEndsTheSessionAsASoftFailure() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo();
            c.expect("MAIL");
            c.raw("hello, this is not a reply\r\n");
            c.line();
        });
        TransactionResult r = client().send("127.0.0.1", server.port(), Envelope.of("a@client.test", "b@x.test"),
                MessageSource.of("x\r\n"));
        assertResult(r.recipients().get(0), RecipientStatus.SOFT_FAILURE, 421, "4.4.2");
        assertThat(r.recipients().get(0).reply().text()).startsWith("Unreadable reply");
        assertThat(r.recipients().get(0).stage()).isEqualTo(Stage.MAIL);
    }

    @Test
    void serverThatStopsReadingDataHitsTheDataBlockTimeout() throws Exception {
        server = new ScriptedServer(c -> {
            c.greetAndEhlo();
            c.expect("MAIL");
            c.reply("250 ok");
            c.expect("RCPT");
            c.reply("250 ok");
            c.expect("DATA");
            c.reply("354 go");
            // read nothing more: the client's writes fill the socket buffers and block
            try {
                Thread.sleep(8_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long size = 64L * 1024 * 1024;
        MessageSource big = new MessageSource() {
            @Override
            public InputStream open() {
                return new InputStream() {
                    long left = size;

                    @Override
                    public int read() {
                        if (left <= 0) {
                            return -1;
                        }
                        return left-- % 80 == 0 ? '\n' : 'a';
                    }
                };
            }

            @Override
            public OptionalLong size() {
                return OptionalLong.of(size);
            }

            @Override
            public boolean eightBit() {
                return false;
            }

            @Override
            public boolean utf8Headers() {
                return false;
            }
        };
        long start = System.nanoTime();
        TransactionResult r = client(Duration.ofSeconds(1)).send("127.0.0.1", server.port(),
                Envelope.of("a@client.test", "b@x.test"), big);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(7));
        RecipientResult rr = r.recipients().get(0);
        assertResult(rr, RecipientStatus.SOFT_FAILURE, 421, "4.4.2");
        assertThat(rr.stage()).isEqualTo(Stage.DATA);
        assertThat(rr.reply().text()).contains("Timeout");
    }

    @Test
    void defaultTimeoutsAreTheRfc5321Values() {
        Timeouts t = ClientConfig.builder().build().timeouts();
        assertThat(t.greeting()).isEqualTo(Duration.ofMinutes(5));
        assertThat(t.mail()).isEqualTo(Duration.ofMinutes(5));
        assertThat(t.rcpt()).isEqualTo(Duration.ofMinutes(5));
        assertThat(t.dataInit()).isEqualTo(Duration.ofMinutes(2));
        assertThat(t.dataBlock()).isEqualTo(Duration.ofMinutes(3));
        assertThat(t.dataEnd()).isEqualTo(Duration.ofMinutes(10));
        assertThat(ClientConfig.builder().build().verifyCertificates()).isTrue();
        assertThat(ClientConfig.builder().build().tlsMode()).isEqualTo(TlsMode.OPPORTUNISTIC);
    }

    @Test
    void manyRecipientsArePipelinedInGroupsAndAllGetTheirReply() throws Exception {
        java.util.List<Integer> bursts = new java.util.concurrent.CopyOnWriteArrayList<>();
        server = new ScriptedServer(c -> {
            c.greetAndEhlo("PIPELINING", "ENHANCEDSTATUSCODES");
            StringBuilder replies = new StringBuilder();
            int burst = 0;
            while (true) {
                String l = c.line();
                burst++;
                if (l.startsWith("MAIL")) {
                    replies.append("250 2.1.0 ok\r\n");
                } else if (l.startsWith("RCPT")) {
                    replies.append(l.contains("<r7") ? "550 5.1.1 no such user\r\n" : "250 2.1.5 ok\r\n");
                } else if (l.equals("DATA")) {
                    replies.append("354 go\r\n");
                }
                // answer once the client has stopped writing for now: a burst is what it sent without waiting
                if (c.in.available() == 0) {
                    try {
                        Thread.sleep(30);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (c.in.available() == 0) {
                    bursts.add(burst);
                    burst = 0;
                    c.raw(replies.toString());
                    replies.setLength(0);
                }
                if (l.equals("DATA")) {
                    break;
                }
            }
            c.data();
            c.reply("250 2.0.0 queued");
            c.quit();
        });
        Envelope.Builder b = Envelope.builder("a@client.test");
        for (int i = 0; i < 250; i++) {
            b.to("r" + i + "@x.test");
        }
        TransactionResult r = client().send("127.0.0.1", server.port(), b.build(), MessageSource.of("x\r\n"));
        for (int i = 0; i < 250; i++) {
            RecipientResult rr = r.recipients().get(i);
            if (("r" + i).startsWith("r7")) {
                assertResult(rr, RecipientStatus.HARD_FAILURE, 550, "5.1.1");
            } else {
                assertResult(rr, RecipientStatus.ACCEPTED, 250, "2.0.0");
            }
        }
        // MAIL + 100 RCPT at most in one write
        assertThat(bursts).allMatch(n -> n <= SmtpSession.RCPT_GROUP + 1);
        assertThat(bursts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1 + 250 + 1);
    }

    @Test
    void scannedSourceKnowsSizeAndEightBitAndOpensAgain() throws Exception {
        byte[] bytes = "Subject: caf\u00e9\r\n\r\nbody\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        MessageSource m = MessageSource.scanned(() -> new java.io.ByteArrayInputStream(bytes));
        assertThat(m.size()).hasValue(bytes.length);
        assertThat(m.eightBit()).isTrue();
        assertThat(m.utf8Headers()).isTrue();
        try (InputStream in = m.open()) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        MessageSource plain = MessageSource.scanned(() -> new java.io.ByteArrayInputStream("a\r\n\r\nb\r\n".getBytes()));
        assertThat(plain.eightBit()).isFalse();
        assertThat(plain.size()).hasValue(8);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"500 5.5.2 Command unrecognized", "502 5.5.1 Not implemented"})
    void ehloRefusedWith500Or502FallsBackToHelo(String refusal) throws Exception {
        server = new ScriptedServer(c -> {
            c.reply("220 old.test");
            c.expect("EHLO");
            c.reply(refusal);
            c.expect("HELO client.test");
            c.reply("250 old.test");
            c.quit();
        });
        try (SmtpSession s = client().connect("127.0.0.1", server.port())) {
            assertThat(s.capabilities().esmtp()).isFalse();
            assertThat(s.capabilities().extensions()).isEmpty();
        }
    }

    @Test
    void greeting421SoftFailsEveryRecipient() throws Exception {
        server = new ScriptedServer(c -> c.reply("421 4.7.0 too many connections, try later"));
        TransactionResult r = client().send("127.0.0.1", server.port(), Envelope.of("a@client.test", "b@x.test", "c@x.test"),
                MessageSource.of("x\r\n"));
        for (RecipientResult rr : r.recipients()) {
            assertResult(rr, RecipientStatus.SOFT_FAILURE, 421, "4.7.0");
            assertThat(rr.stage()).isEqualTo(Stage.CONNECT);
            assertThat(rr.synthetic()).isFalse();
        }
        assertThat(r.outcome()).isEqualTo(Outcome.SOFT_FAILURE);
    }
}
