package dev.tern.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.testkit.MemoryTernServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against Tern's own server (module server), on loopback. */
class TernServerTest {

    private MemoryTernServer server;
    private List<String> stored;

    @BeforeEach
    void start() {
        server = new MemoryTernServer();
        stored = server.messages;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static SmtpClient client(boolean pipelining) {
        return SmtpClient.create(ClientConfig.builder().heloName("client.test").tlsMode(TlsMode.OFF).pipelining(pipelining)
                .timeouts(Timeouts.uniform(Duration.ofSeconds(10))).build());
    }

    @Test
    void perRecipientOutcomesAndAFurtherTransactionPastTheRecipientLimit() {
        for (boolean pipelining : new boolean[] {true, false}) {
            stored.clear();
            TransactionResult r = client(pipelining).send("127.0.0.1", server.port(),
                    Envelope.of("a@client.test", "r1@tern.test", "unknown@tern.test", "busy@tern.test", "r2@tern.test",
                            "r3@tern.test", "r4@tern.test"),
                    MessageSource.of("Subject: to Tern\n\n.dot line\nend\n"));
            List<RecipientResult> rr = r.recipients();
            TransactionTest.assertResult(rr.get(0), RecipientStatus.ACCEPTED, 250, "2.0.0");
            TransactionTest.assertResult(rr.get(1), RecipientStatus.HARD_FAILURE, 550, "5.1.1");
            TransactionTest.assertResult(rr.get(2), RecipientStatus.SOFT_FAILURE, 450, "4.2.1");
            for (RecipientResult ok : rr.subList(3, 6)) {
                TransactionTest.assertResult(ok, RecipientStatus.ACCEPTED, 250, "2.0.0");
            }
            // the server takes three recipients per transaction (452 4.5.3 beyond)
            assertThat(r.transactions()).as("pipelining " + pipelining).isEqualTo(2);
            assertThat(stored).hasSize(2);
            assertThat(stored.get(0)).contains("\r\n.dot line\r\nend\r\n");
        }
    }

    @Test
    void capabilitiesOfTernsServerAreRead() throws Exception {
        try (SmtpSession s = client(true).connect("127.0.0.1", server.port())) {
            assertThat(s.capabilities().pipelining()).isTrue();
            assertThat(s.capabilities().enhancedStatusCodes()).isTrue();
            assertThat(s.capabilities().sizeLimit()).hasValue(50L * 1024 * 1024);
            assertThat(s.greeting().code()).isEqualTo(220);
        }
    }

    @Test
    void bdatChunksAreAcceptedByTernsServer() {
        SmtpClient client = SmtpClient.create(ClientConfig.builder().heloName("client.test").tlsMode(TlsMode.OFF).chunking(true)
                .chunkSize(1000).timeouts(Timeouts.uniform(Duration.ofSeconds(10))).build());
        StringBuilder body = new StringBuilder("Subject: chunks\n\n");
        for (int i = 0; i < 100; i++) {
            body.append(i % 10 == 0 ? "." : "").append("line ").append(i).append(" of a message sent with BDAT\n");
        }
        TransactionResult r = client.send("127.0.0.1", server.port(), Envelope.of("a@client.test", "r1@tern.test"),
                MessageSource.of(body.toString()));
        TransactionTest.assertResult(r.recipients().get(0), RecipientStatus.ACCEPTED, 250, "2.0.0");
        assertThat(r.transcript()).anyMatch(e -> e.text().startsWith("BDAT 1000"))
                .anyMatch(e -> e.text().matches("BDAT \\d+ LAST"));
        assertThat(stored).singleElement().satisfies(m -> assertThat(m)
                .contains("\r\n.line 0 of a message sent with BDAT\r\n").endsWith("line 99 of a message sent with BDAT\r\n"));
    }

    @Test
    void utf8AddressAndEightBitBodyGoWithSmtputf8AndBody8bitmime() {
        TransactionResult r = client(true).send("127.0.0.1", server.port(), Envelope.of("a@client.test", "jörg@tern.test"),
                MessageSource.of("Subject: Grüße\n\nvoilà\n"));
        TransactionTest.assertResult(r.recipients().get(0), RecipientStatus.ACCEPTED, 250, "2.0.0");
        assertThat(r.transcript()).anyMatch(e -> e.kind() == TranscriptEntry.Kind.CLIENT && e.text().startsWith("MAIL FROM:")
                && e.text().contains("BODY=8BITMIME") && e.text().contains("SMTPUTF8"));
        assertThat(stored).singleElement().satisfies(m -> assertThat(m).contains("voilà"));
    }
}
