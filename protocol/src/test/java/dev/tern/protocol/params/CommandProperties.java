package dev.tern.protocol.params;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.Mailbox;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.reply.ReplyException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What the client writes ({@code toWire}) the server reads back as the same command, and no
 * argument line makes the parsers throw anything but ReplyException.
 */
class CommandProperties {

    private static final MailOptionsContext ALL = MailOptionsContext.all().withOtherKeywords("X-A", "X-B");

    @Property(tries = 1000)
    void mailCommandsRoundTrip(@ForAll("mailCommands") MailCommand command) throws ReplyException {
        String line = command.toWire();
        assertThat(line).doesNotContain("\r").doesNotContain("\n");
        assertThat(MailCommandParser.parse(line.substring("MAIL ".length()), ALL)).isEqualTo(command);
    }

    @Property(tries = 1000)
    void rcptCommandsRoundTrip(@ForAll("rcptCommands") RcptCommand command) throws ReplyException {
        String line = command.toWire();
        assertThat(line).doesNotContain("\r").doesNotContain("\n");
        assertThat(RcptCommandParser.parse(line.substring("RCPT ".length()), ALL, false)).isEqualTo(command);
    }

    @Property(tries = 2000)
    void argumentsOnlyGiveReplyExceptions(@ForAll("arguments") String argument, @ForAll boolean utf8) {
        try {
            MailCommandParser.parse(argument, ALL.withLenientPaths(utf8));
        } catch (ReplyException e) {
            assertThat(e.reply().code()).isIn(501, 553, 555);
        }
        try {
            RcptCommandParser.parse(argument, ALL, utf8);
        } catch (ReplyException e) {
            assertThat(e.reply().code()).isIn(501, 553, 555);
        }
    }

    @Provide
    Arbitrary<String> arguments() {
        Arbitrary<String> noise = Arbitraries.strings().withChars("FROMTO:<>@.\"\\[] =+;,SIZEBODY8BITMNVR0123-\u00e9\t").ofMaxLength(60);
        Arbitrary<String> prefixed = Combinators.combine(Arbitraries.of("FROM:", "TO:", "from: ", "To:"), noise).as(String::concat);
        return Arbitraries.oneOf(noise, prefixed, Arbitraries.strings().ofMaxLength(60));
    }

    @Provide
    Arbitrary<MailCommand> mailCommands() {
        Arbitrary<ReversePath> from = Arbitraries.oneOf(Arbitraries.just(ReversePath.nullPath()), mailboxes().map(ReversePath::of));
        Arbitrary<OptionalLong> size = Arbitraries.oneOf(Arbitraries.just(OptionalLong.empty()),
                Arbitraries.longs().between(0, Long.MAX_VALUE).map(OptionalLong::of));
        Arbitrary<BodyType> body = Arbitraries.of(BodyType.class).injectNull(0.3);
        Arbitrary<Ret> ret = Arbitraries.of(Ret.class).injectNull(0.3);
        Arbitrary<String> envid = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(100).injectNull(0.3);
        Arbitrary<String> auth = Arbitraries.oneOf(Arbitraries.just("<>"),
                Arbitraries.strings().withCharRange(' ', '~').withChars("éü中").ofMinLength(1).ofMaxLength(40)).injectNull(0.3);
        Arbitrary<Map<String, String>> other = Arbitraries.maps(Arbitraries.of("X-A", "X-B"),
                Arbitraries.strings().withCharRange('!', '<').withCharRange('>', '~').ofMinLength(1).ofMaxLength(10).injectNull(0.2))
                .ofMaxSize(2);
        Arbitrary<MailParameters> params = Combinators.combine(size, body, ret, envid, auth, other)
                .as((s, b, r, e, a, o) -> new MailParameters(s, b, false, r, e, a, o));
        return Combinators.combine(from, params, Arbitraries.of(true, false))
                .as((f, p, utf8) -> new MailCommand(f, p.withSmtputf8(utf8 || f.mailbox().map(Mailbox::needsSmtputf8).orElse(false))));
    }

    @Provide
    Arbitrary<RcptCommand> rcptCommands() {
        Arbitrary<ForwardPath> to = Arbitraries.oneOf(Arbitraries.just(ForwardPath.postmaster()),
                mailboxes().filter(m -> !m.needsSmtputf8()).map(ForwardPath::of));
        Arbitrary<Set<Notify>> notify = Arbitraries.oneOf(Arbitraries.just(Set.of()), Arbitraries.just(Set.of(Notify.NEVER)),
                Arbitraries.of(Notify.SUCCESS, Notify.FAILURE, Notify.DELAY).set().ofMinSize(1).map(EnumSet::copyOf));
        Arbitrary<Orcpt> orcpt = Combinators.combine(Arbitraries.of("rfc822", "RFC822", "utf-8", "x-type"),
                Arbitraries.strings().withCharRange(' ', '~').withChars("é").ofMinLength(1).ofMaxLength(60))
                .as(Orcpt::new).injectNull(0.4);
        return Combinators.combine(to, notify, orcpt).as((t, n, o) -> new RcptCommand(t, new RcptParameters(n, o, Map.of())));
    }

    private Arbitrary<Mailbox> mailboxes() {
        Arbitrary<String> local = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcXYZ019.!#$%&'*+-/=?^_`{|}~").ofMinLength(1).ofMaxLength(20),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20),
                Arbitraries.strings().withChars("aéü中").ofMinLength(1).ofMaxLength(10));
        Arbitrary<String> domain = Arbitraries.of(List.of("example.org", "EXAMPLE.org", "a", "[192.0.2.1]", "[IPv6:2001:db8::1]",
                "[x-y:z]", "bücher.example", "mail-1.example.co.uk"));
        return Combinators.combine(local, domain).as(Mailbox::new);
    }
}
