package dev.tern.relay.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.Mailbox;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.Notify;
import dev.tern.protocol.params.Orcpt;
import dev.tern.protocol.params.RcptParameters;
import dev.tern.protocol.params.Ret;
import dev.tern.protocol.reply.EnhancedCode;
import dev.tern.protocol.reply.Reply;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever goes into the envelope and the event log comes back out the same. */
class QueueCodecProperties {

    @Provide
    Arbitrary<String> replyLine() {
        // any text a reply line may hold: no CR or LF, but tabs, percent signs and non-ASCII
        return Arbitraries.strings().withChars("abc %\t<>@.;:-_").withCharRange('\u00e0', '\u00ff').ofMaxLength(60);
    }

    @Provide
    Arbitrary<Reply> reply() {
        Arbitrary<Integer> code = Arbitraries.of(250, 421, 450, 451, 452, 550, 552, 554, 556);
        Arbitrary<Boolean> withEnhanced = Arbitraries.of(true, false);
        Arbitrary<List<String>> lines = replyLine().list().ofMinSize(1).ofMaxSize(3);
        return Combinators.combine(code, withEnhanced, lines, Arbitraries.integers().between(0, 12))
                .as((c, e, l, d) -> new Reply(c, e ? new EnhancedCode(c / 100 == 2 ? 2 : c / 100, 1, d) : null, l));
    }

    @Property(tries = 300)
    void recipientOutcomesRoundTrip(@ForAll("reply") Reply reply, @ForAll("replyLine") String mta) {
        QueueEvent e = new QueueEvent.RecipientOutcome(Instant.ofEpochMilli(1_763_892_000_123L), 3, RecipientStatus.DEFERRED,
                mta.isEmpty() ? null : mta, reply);
        String line = EventCodec.encode(e);
        assertThat(line).doesNotContain("\n").doesNotContain("\r");
        assertThat(EventCodec.decode(line)).contains(e);
    }

    @Property(tries = 300)
    void everyPrefixOfALineIsEitherTheWholeEventOrNothing(@ForAll("reply") Reply reply) {
        QueueEvent e = new QueueEvent.RecipientOutcome(Instant.ofEpochMilli(42), 0, RecipientStatus.FAILED, "mx", reply);
        String line = EventCodec.encode(e);
        for (int cut = 0; cut < line.length(); cut++) {
            // a torn write must never read as a different outcome
            EventCodec.decode(line.substring(0, cut)).ifPresent(d -> assertThat(d).isEqualTo(e));
        }
    }

    @Provide
    Arbitrary<String> local() {
        return Arbitraries.strings().withChars("abcxyz019.+-_=").ofMinLength(1).ofMaxLength(20)
                .filter(s -> !s.startsWith(".") && !s.endsWith(".") && !s.contains(".."));
    }

    @Property(tries = 200)
    void envelopesRoundTrip(@ForAll("local") String from, @ForAll("local") String to, @ForAll("local") String orcpt,
            @ForAll boolean hdrs, @ForAll boolean withNotify) {
        MailParameters mp = MailParameters.NONE.withRet(hdrs ? Ret.HDRS : Ret.FULL).withEnvid("id " + from);
        RcptParameters rp = new RcptParameters(withNotify ? Set.of(Notify.FAILURE, Notify.DELAY) : Set.of(),
                Orcpt.rfc822(orcpt + "@Example.net"), Map.of());
        Envelope env = new Envelope(ReversePath.of(new Mailbox(from, "example.org")), mp,
                List.of(new QueuedRecipient(ForwardPath.of(new Mailbox(to, "example.net")), rp),
                        QueuedRecipient.of(ForwardPath.postmaster())),
                Instant.ofEpochMilli(1_763_892_000_123L), MessageKind.BOUNCE);
        try {
            assertThat(EnvelopeCodec.decode(EnvelopeCodec.encode(env))).isEqualTo(env);
        } catch (java.io.IOException ex) {
            throw new AssertionError(ex);
        }
    }
}
