package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.reply.ParsedReply;
import dev.tern.protocol.reply.ReplyRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random command sequences, valid and invalid, pipelined or one at a time, against a live
 * server: every reply's code is in spec §2's row for its command (via {@link ReplyRegistry}),
 * every enhanced code's class matches the basic code, enhanced codes are present exactly when
 * the session has them, and no reply takes longer than the 5 s socket timeout (no hang).
 */
class SessionProperties {

    private static final ReplyRegistry REGISTRY = ReplyRegistry.standard();
    private static Path dir;
    /** Four servers: default, legacy commands, client refused (554 greeting), fewer extensions and no enhanced codes. */
    private static final ServerFixture[] SERVERS = new ServerFixture[4];
    private static final int MINIMAL = 3;

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("tern-server-props");
        SERVERS[0] = new ServerFixture(dir.resolve("default"));
        SERVERS[1] = new ServerFixture(dir.resolve("legacy"), b -> b.legacyCommands(true));
        SERVERS[2] = new ServerFixture(dir.resolve("refused"), b -> b.rejectClients(a -> true));
        SERVERS[MINIMAL] = new ServerFixture(dir.resolve("minimal"), b -> b.disable(ServerFeature.ENHANCEDSTATUSCODES,
                ServerFeature.DSN, ServerFeature.SMTPUTF8, ServerFeature.HELP, ServerFeature.PIPELINING, ServerFeature.SIZE)
                .limits(ServerLimits.DEFAULTS.withMaxMessageSize(100)));
    }

    @AfterContainer
    static void stop() throws IOException {
        for (ServerFixture f : SERVERS) {
            f.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** One step of a sequence: the line to send, the octets that follow it at once (a BDAT chunk), its spec §2 stage. */
    record Step(String line, String chunk, String stage) {
        @Override
        public String toString() {
            return line + (chunk.isEmpty() ? "" : " +" + chunk.length() + " octets");
        }
    }

    private static Step cmd(String line) {
        String verb = line.isBlank() ? "" : line.trim().split("[ \\t]+")[0].toUpperCase(Locale.ROOT);
        String stage = switch (verb) {
            case "HELO", "EHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "VRFY", "EXPN", "HELP", "NOOP", "QUIT", "TURN",
                    "SEND", "SOML", "SAML", "STARTTLS", "AUTH" -> verb;
            default -> ReplyRegistry.STAGE_UNKNOWN;
        };
        return new Step(line, "", stage);
    }

    @Provide
    Arbitrary<Step> steps() {
        Arbitrary<Step> fixed = Arbitraries.of(
                "HELO client.example", "EHLO client.example", "EHLO", "HELO bad host", "ehlo [127.0.0.1]",
                "MAIL FROM:<a@example.org>", "MAIL FROM:<>", "MAIL FROM:<a@example.org> SIZE=100 BODY=8BITMIME",
                "MAIL FROM:<bad", "MAIL FROM:<a@example.org> SIZE=abc", "MAIL FROM:<a@example.org> FOO=1",
                "MAIL FROM:<a@example.org> SIZE=999999999999", "MAIL FROM:<blocked@example.org>", "MAIL FROM:<ä@example.org> SMTPUTF8",
                "RCPT TO:<b@example.test>", "RCPT TO:<unknown@example.test>", "RCPT TO:<fwd@example.test>", "RCPT TO:bad",
                "RCPT TO:<b@example.test> NOTIFY=NEVER", "RCPT TO:<b@example.test> NOTIFY=MAYBE", "RCPT TO:<Postmaster>",
                "DATA", "DATA x", "RSET", "RSET x", "VRFY someone", "VRFY known@example.test", "VRFY nobody@example.test", "VRFY",
                "EXPN list@example.test", "EXPN person@example.test", "EXPN staff", "EXPN", "HELP", "HELP MAIL", "HELP NOPE",
                "NOOP", "NOOP hello", "TURN", "SEND FROM:<a@example.org>", "SOML FROM:<a@example.org>", "SAML FROM:<a@example.org>",
                "STARTTLS", "AUTH PLAIN", "FROB", "", "BDAT x", "QUIT", "QUIT now", "NOOP " + "z".repeat(600))
                .map(SessionProperties::cmd);
        Arbitrary<Step> bdat = Arbitraries.integers().between(0, 40).flatMap(n -> Arbitraries.of(true, false)
                .map(last -> new Step("BDAT " + n + (last ? " LAST" : ""), "b".repeat(n), "BDAT")));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(12, fixed), net.jqwik.api.Tuple.of(1, bdat));
    }

    @Property(tries = 200)
    void everyReplyIsInItsCommandsRow(@ForAll("sequences") List<Step> sequence, @ForAll boolean pipelined,
            @ForAll @IntRange(min = 0, max = 3) int server, @ForAll("payloads") String payload) throws Exception {
        try (RawClient c = new RawClient(SERVERS[server].port(), 5000)) {
            check(c.read(), ReplyRegistry.STAGE_CONNECT, true);
            // null: not greeted yet; enhanced codes are on before a greeting and after EHLO
            Boolean esmtp = server == MINIMAL ? Boolean.FALSE : null;
            int i = 0;
            while (i < sequence.size()) {
                // a group: one step, or in pipelined mode every step up to a DATA (the client waits for 354)
                List<Step> group = new ArrayList<>();
                do {
                    group.add(sequence.get(i++));
                } while (pipelined && i < sequence.size() && !group.get(group.size() - 1).stage().equals("DATA")
                        && !group.get(group.size() - 1).stage().equals("QUIT"));
                StringBuilder wire = new StringBuilder();
                for (Step s : group) {
                    wire.append(s.line()).append("\r\n").append(s.chunk());
                }
                c.send(wire.toString());
                for (Step s : group) {
                    ParsedReply r = c.read();
                    check(r, s.stage(), esmtp == null || esmtp || s.stage().equals(ReplyRegistry.STAGE_CONNECT));
                    if (r.code() == 421 || s.stage().equals("QUIT") && r.code() == 221) {
                        assertThat(c.closedByServer()).as("closed after %s", r.reply()).isTrue();
                        return;
                    }
                    if (r.code() == 250 && server != MINIMAL && (s.stage().equals("EHLO") || s.stage().equals("HELO"))) {
                        esmtp = s.stage().equals("EHLO");
                    }
                    if (s.stage().equals("DATA") && r.code() == 354) {
                        c.send(payload);
                        check(c.read(), ReplyRegistry.STAGE_END_OF_DATA, esmtp == null || esmtp);
                    }
                }
            }
            c.send("QUIT\r\n");
            ParsedReply bye = c.read();
            assertThat(bye.code()).isIn(221, 421);
        }
    }

    /** What follows a 354: plain, with bare line endings, longer than the minimal server's 100-octet limit. */
    @Provide
    Arbitrary<String> payloads() {
        return Arbitraries.of("Subject: property\r\n\r\n..stuffed\r\nplain\r\n.\r\n",
                "Subject: bare\r\n\r\nbare\n.\nlf\r\n.\r\n",
                "Subject: bare\r\n\r\nbare\r.\r\ncr\r\n.\r\n",
                "Subject: long\r\n\r\n" + "0123456789".repeat(30) + "\r\n.\r\n",
                ".\r\n");
    }

    @Provide
    Arbitrary<List<Step>> sequences() {
        return steps().list().ofMinSize(1).ofMaxSize(25);
    }

    private static void check(ParsedReply r, String stage, boolean enhancedExpected) {
        int code = r.code();
        assertThat(REGISTRY.allowedCodes(stage)).as("%s answered %s", stage, r.reply()).contains(code);
        if (r.enhanced() != null) {
            assertThat(r.enhanced().klass()).as("class of %s", r.reply()).isEqualTo(code / 100);
            assertThat(REGISTRY.enhanced(r.enhanced())).as("%s in the IANA registry", r.enhanced())
                    .hasValueSatisfying(e -> assertThat(e.allowsClass(code / 100)).isTrue());
        }
        boolean exempt = code == 354 || code == 220 || stage.equals("EHLO") || stage.equals("HELO")
                || stage.equals(ReplyRegistry.STAGE_CONNECT);
        if (!exempt) {
            if (enhancedExpected) {
                assertThat(r.enhanced()).as("enhanced code in %s to %s", r.reply(), stage).isNotNull();
            } else {
                assertThat(r.enhanced()).as("no enhanced code after HELO: %s", r.reply()).isNull();
            }
        }
    }
}
