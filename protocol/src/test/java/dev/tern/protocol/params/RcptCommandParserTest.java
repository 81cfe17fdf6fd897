package dev.tern.protocol.params;

import static dev.tern.protocol.params.Rejection.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.Mailbox;
import dev.tern.protocol.reply.ReplyException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class RcptCommandParserTest {

    private static final MailOptionsContext ALL = MailOptionsContext.all();

    private static RcptCommand parse(String argument) throws ReplyException {
        return RcptCommandParser.parse(argument, ALL, false);
    }

    @Test
    void plainRecipient() throws ReplyException {
        RcptCommand c = parse("TO:<b@example.org>");
        assertThat(c.to()).isEqualTo(ForwardPath.of(new Mailbox("b", "example.org")));
        assertThat(c.params()).isEqualTo(RcptParameters.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TO:<Postmaster>", "to:<postmaster>", "To: <POSTMASTER>", "TO:<postmaster> NOTIFY=NEVER"})
    void domainlessPostmaster(String argument) throws ReplyException {
        assertThat(parse(argument).to().isPostmaster()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "TO", "TO<b@example.org>", "T0:<b@example.org>", "TO :<b@example.org>", "FROM:<b@example.org>", "TO:",
        "TO:  ", "<b@example.org>"})
    void missingToGivesRcptSyntax(String argument) {
        assertRejected(() -> parse(argument), 501, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TO:b@example.org", "TO:<b@example.org", "TO:<>", "TO:<b@example.org>NOTIFY=NEVER", "TO:<user@other@local>",
        "TO:<b@exa mple.org>", "TO:<postmaster>x"})
    void badRecipientGives553_5_1_3(String argument) {
        assertRejected(() -> parse(argument), 553, "5.1.3");
    }

    @Test
    void relayTestSpellingsAreWhatTheyReallyAre() throws ReplyException {
        assertThat(parse("TO:<\"user@other\"@local>").to().mailbox()).contains(new Mailbox("user@other", "local"));
        assertThat(parse("TO:<user%other@local>").to().mailbox()).contains(new Mailbox("user%other", "local"));
        assertThat(parse("TO:<@local:user@other>").to().mailbox()).contains(new Mailbox("user", "other"));
        assertThat(parse("TO:<other!user@local>").to().mailbox()).contains(new Mailbox("other!user", "local"));
        assertRejected(() -> parse("TO:<user@other@local>"), 553, "5.1.3");
    }

    @Test
    void utf8RecipientOnlyInSmtputf8Transaction() throws ReplyException {
        assertRejected(() -> parse("TO:<用户@例子.广告>"), 553, "5.6.7");
        assertThat(RcptCommandParser.parse("TO:<用户@例子.广告>", ALL, true).to().mailbox().orElseThrow().domain()).isEqualTo("例子.广告");
    }

    @Test
    void lenientPaths() throws ReplyException {
        assertThat(RcptCommandParser.parse("TO:b@example.org", ALL.withLenientPaths(true), false).to().address()).isEqualTo("b@example.org");
        assertThat(RcptCommandParser.parse("TO:postmaster", ALL.withLenientPaths(true), false).to().isPostmaster()).isTrue();
    }

    // --- NOTIFY (RFC 3461 §4.1) ---

    @Test
    void notifyValues() throws ReplyException {
        assertThat(parse("TO:<b@c> NOTIFY=NEVER").params().notifyOn()).containsExactly(Notify.NEVER);
        assertThat(parse("TO:<b@c> NOTIFY=SUCCESS").params().notifyOn()).containsExactly(Notify.SUCCESS);
        assertThat(parse("TO:<b@c> notify=failure,delay").params().notifyOn()).containsExactlyInAnyOrder(Notify.FAILURE, Notify.DELAY);
        assertThat(parse("TO:<b@c> NOTIFY=DELAY,SUCCESS,FAILURE").params().notifyOn())
                .containsExactlyInAnyOrder(Notify.SUCCESS, Notify.FAILURE, Notify.DELAY);
        assertThat(parse("TO:<b@c> NOTIFY=SUCCESS,SUCCESS").params().notifyOn()).containsExactly(Notify.SUCCESS);
        assertThat(parse("TO:<b@c>").params().notifyOn()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOTIFY=NEVER,SUCCESS", "NOTIFY=FAILURE,NEVER", "NOTIFY", "NOTIFY=ALWAYS", "NOTIFY=SUCCESS,", "NOTIFY=,DELAY",
        "NOTIFY=SUCCESS,,DELAY", "NOTIFY=SUCCESS;DELAY"})
    void badNotify(String param) {
        assertRejected(() -> parse("TO:<b@c> " + param), 501, "5.5.4");
    }

    // --- ORCPT (RFC 3461 §4.2) ---

    @Test
    void orcpt() throws ReplyException {
        Orcpt o = parse("TO:<b@c> ORCPT=rfc822;Bob+2Bsmith@example.org").params().orcpt();
        assertThat(o.addrType()).isEqualTo("rfc822");
        assertThat(o.address()).isEqualTo("Bob+smith@example.org");
        assertThat(o.isRfc822()).isTrue();
        Orcpt upper = parse("TO:<b@c> orcpt=RFC822;b@c").params().orcpt();
        assertThat(upper.addrType()).isEqualTo("RFC822");
        assertThat(upper.isRfc822()).isTrue();
        Orcpt utf8 = parse("TO:<b@c> ORCPT=utf-8;j\\x{00F6}ran@example.org").params().orcpt();
        assertThat(utf8.addrType()).isEqualTo("utf-8");
        assertThat(utf8.address()).isEqualTo("j\\x{00F6}ran@example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ORCPT", "ORCPT=rfc822", "ORCPT=rfc822;", "ORCPT=;a@b", "ORCPT=rf c822;a@b", "ORCPT=rfc822;a+2", "ORCPT=rfc822;a+0Db",
        "ORCPT=rfc_822;a@b", "ORCPT=rfc822;a+zzb"})
    void badOrcpt(String param) {
        assertRejected(() -> parse("TO:<b@c> " + param), 501, "5.5.4");
    }

    @Test
    void orcptLongerThan500() throws ReplyException {
        String ok = "rfc822;" + "a".repeat(493);
        assertThat(parse("TO:<b@c> ORCPT=" + ok).params().orcpt().address()).hasSize(493);
        assertRejected(() -> parse("TO:<b@c> ORCPT=" + ok + "a"), 501, "5.5.4");
    }

    // --- unknown, disabled, duplicates ---

    @Test
    void dsnParametersNeedDsn() {
        MailOptionsContext noDsn = MailOptionsContext.of(Extension.SIZE, Extension.EIGHTBITMIME, Extension.SMTPUTF8);
        assertRejected(() -> RcptCommandParser.parse("TO:<b@c> NOTIFY=NEVER", noDsn, false), 555, "5.5.4");
        assertRejected(() -> RcptCommandParser.parse("TO:<b@c> ORCPT=rfc822;b@c", noDsn, false), 555, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIZE=1", "BODY=8BITMIME", "SMTPUTF8", "RET=FULL", "ENVID=x", "AUTH=<>", "X-UNKNOWN", "FOO=bar"})
    void mailParametersAndUnknownOnesGive555(String param) {
        assertRejected(() -> parse("TO:<b@c> " + param), 555, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOTIFY=NEVER NOTIFY=NEVER", "NOTIFY=NEVER notify=SUCCESS", "ORCPT=rfc822;a@b ORCPT=rfc822;a@b"})
    void duplicates(String params) {
        assertRejected(() -> parse("TO:<b@c> " + params), 501, "5.5.4");
    }

    @Test
    void malformed() {
        assertRejected(() -> parse("TO:<b@c> NOTIFY=NEVER ="), 501, "5.5.4");
        assertRejected(() -> parse("TO:<b@c> X=é"), 501, "5.5.4");
    }

    @Test
    void otherKeywords() throws ReplyException {
        RcptParameters p = RcptCommandParser.parse("TO:<b@c> RRVS=2025-01-01T00:00:00Z", ALL.withOtherKeywords("RRVS"), false).params();
        assertThat(p.other()).containsExactly(Map.entry("RRVS", "2025-01-01T00:00:00Z"));
    }

    // --- the client's direction ---

    @Test
    void toWire() throws ReplyException {
        RcptParameters p = RcptParameters.NONE.withNotify(EnumSet.of(Notify.DELAY, Notify.SUCCESS, Notify.FAILURE))
                .withOrcpt(Orcpt.rfc822("a+b=c@example.org"));
        assertThat(p.toWire()).isEqualTo("NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=rfc822;a+2Bb+3Dc@example.org");
        RcptCommand c = new RcptCommand(ForwardPath.of(new Mailbox("b", "example.org")), p);
        assertThat(c.toWire()).isEqualTo("RCPT TO:<b@example.org> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=rfc822;a+2Bb+3Dc@example.org");
        assertThat(parse(c.toWire().substring("RCPT ".length()))).isEqualTo(c);
        assertThat(new RcptCommand(ForwardPath.postmaster(), RcptParameters.NONE).toWire()).isEqualTo("RCPT TO:<Postmaster>");
    }

    @Test
    void constructionRefusesBadValues() {
        assertThatThrownBy(() -> RcptParameters.NONE.withNotify(Set.of(Notify.NEVER, Notify.DELAY))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Orcpt.rfc822("a\r\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Orcpt.rfc822("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Orcpt("rfc 822", "a@b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RcptParameters(Set.of(), null, Map.of("NOTIFY", "NEVER"))).isInstanceOf(IllegalArgumentException.class);
    }
}
