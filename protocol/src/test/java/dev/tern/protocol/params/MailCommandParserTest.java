package dev.tern.protocol.params;

import static dev.tern.protocol.params.Rejection.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.protocol.address.Mailbox;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.reply.ReplyException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class MailCommandParserTest {

    private static final MailOptionsContext ALL = MailOptionsContext.all();

    private static MailCommand parse(String argument) throws ReplyException {
        return MailCommandParser.parse(argument, ALL);
    }

    // --- FROM: and the path ---

    @Test
    void plainSenderWithoutParameters() throws ReplyException {
        MailCommand c = parse("FROM:<a@example.org>");
        assertThat(c.from()).isEqualTo(ReversePath.of(new Mailbox("a", "example.org")));
        assertThat(c.params()).isEqualTo(MailParameters.NONE);
        assertThat(c.params().isEmpty()).isTrue();
    }

    @Test
    void nullReversePath() throws ReplyException {
        assertThat(parse("FROM:<>").from().isNull()).isTrue();
        assertThat(parse("FROM:<> SIZE=10").params().size()).hasValue(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"from:<a@example.org>", "From:<a@example.org>", "FROM: <a@example.org>", "FROM:   <a@example.org>",
        "FROM:<a@example.org>  ", "FROM:<a@example.org>   SIZE=5"})
    void prefixAnyCaseAndSpacesTolerated(String argument) throws ReplyException {
        assertThat(parse(argument).from().address()).isEqualTo("a@example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "FROM", "FROM<a@example.org>", "FRM:<a@example.org>", "FROM :<a@example.org>", "TO:<a@example.org>",
        "FROM:", "FROM:   ", "<a@example.org>"})
    void missingFromGivesMailSyntax(String argument) {
        assertRejected(() -> parse(argument), 501, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FROM:a@example.org", "FROM:<a@example.org", "FROM:<a@example.org>SIZE=1", "FROM:<a b@example.org>",
        "FROM:<user@other@local>", "FROM:<a@-x.org>", "FROM:<Postmaster>", "FROM:<a@example.org>> SIZE=1", "FROM:a@b SIZE=1"})
    void badSenderGives501_5_1_7(String argument) {
        assertRejected(() -> parse(argument), 501, "5.1.7");
    }

    @Test
    void bareAddressOnlyWhenLenient() throws ReplyException {
        MailOptionsContext lenient = ALL.withLenientPaths(true);
        assertThat(MailCommandParser.parse("FROM:a@example.org SIZE=9", lenient).from().address()).isEqualTo("a@example.org");
        assertThat(MailCommandParser.parse("FROM:a@example.org SIZE=9", lenient).params().size()).hasValue(9);
        assertThat(MailCommandParser.parse("FROM:<a@example.org>", lenient).from().address()).isEqualTo("a@example.org");
        assertRejected(() -> MailCommandParser.parse("FROM:a@example.org", ALL), 501, "5.1.7");
    }

    @Test
    void quotedLocalPartWithSpacesAndBracketIsOnePath() throws ReplyException {
        MailCommand c = parse("FROM:<\"a > b\"@example.org> SIZE=1");
        assertThat(c.from().mailbox().orElseThrow().localPart()).isEqualTo("a > b");
        assertThat(c.params().size()).hasValue(1);
    }

    @Test
    void generalLiteralContainingCloseBracket() throws ReplyException {
        MailCommand c = parse("FROM:<a@[x:a>b]> SIZE=1");
        assertThat(c.from().mailbox().orElseThrow().domain()).isEqualTo("[x:a>b]");
        assertThat(c.params().size()).hasValue(1);
    }

    // --- SMTPUTF8 ---

    @Test
    void smtputf8ParameterAllowsUtf8Path() throws ReplyException {
        MailCommand c = parse("FROM:<jöran@bücher.example> SMTPUTF8");
        assertThat(c.params().smtputf8()).isTrue();
        assertThat(c.from().mailbox().orElseThrow().localPart()).isEqualTo("jöran");
        assertThat(parse("FROM:<a@example.org> smtputf8").params().smtputf8()).isTrue();
    }

    @Test
    void utf8PathWithoutSmtputf8Gives553_5_6_7() {
        assertRejected(() -> parse("FROM:<jöran@example.org>"), 553, "5.6.7");
        assertRejected(() -> parse("FROM:<jöran@example.org> BODY=8BITMIME"), 553, "5.6.7");
    }

    @Test
    void smtputf8DisabledGives555AndNoUtf8() {
        MailOptionsContext noUtf8 = MailOptionsContext.of(Extension.SIZE, Extension.EIGHTBITMIME);
        assertRejected(() -> MailCommandParser.parse("FROM:<a@example.org> SMTPUTF8", noUtf8), 555, "5.5.4");
        assertRejected(() -> MailCommandParser.parse("FROM:<jöran@example.org> SMTPUTF8", noUtf8), 553, "5.6.7");
    }

    @Test
    void smtputf8TakesNoValue() {
        assertRejected(() -> parse("FROM:<a@example.org> SMTPUTF8=yes"), 501, "5.5.4");
    }

    @Test
    void utf8InValuesOnlyWithSmtputf8() throws ReplyException {
        MailOptionsContext ctx = ALL.withOtherKeywords("X-TAG");
        assertRejected(() -> MailCommandParser.parse("FROM:<a@example.org> X-TAG=café", ctx), 501, "5.5.4");
        assertThat(MailCommandParser.parse("FROM:<a@example.org> SMTPUTF8 X-TAG=café", ctx).params().other())
                .containsEntry("X-TAG", "café");
    }

    // --- SIZE (RFC 1870) ---

    @Test
    void size() throws ReplyException {
        assertThat(parse("FROM:<a@b> SIZE=0").params().size()).hasValue(0);
        assertThat(parse("FROM:<a@b> size=52428800").params().size()).hasValue(52428800);
        assertThat(parse("FROM:<a@b> SIZE=00000000000000000001").params().size()).hasValue(1);
        assertThat(parse("FROM:<a@b> SIZE=99999999999999999999").params().size()).hasValue(Long.MAX_VALUE);
        assertThat(parse("FROM:<a@b>").params().size()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIZE=abc", "SIZE", "SIZE=-1", "SIZE=1.5", "SIZE=1k", "SIZE=123456789012345678901", "SIZE=+1", "SIZE=0x10"})
    void badSize(String param) {
        assertRejected(() -> parse("FROM:<a@b> " + param), 501, "5.5.4");
    }

    // --- BODY (RFC 6152, RFC 3030) ---

    @ParameterizedTest
    @CsvSource({"7BIT,SEVEN_BIT", "8BITMIME,EIGHT_BIT_MIME", "8bitmime,EIGHT_BIT_MIME", "BINARYMIME,BINARY_MIME", "7bit,SEVEN_BIT"})
    void body(String value, BodyType expected) throws ReplyException {
        assertThat(parse("FROM:<a@b> BODY=" + value).params().body()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BODY=9BIT", "BODY", "BODY=8BIT", "BODY=BINARY", "BODY=7BIT,8BITMIME"})
    void badBody(String param) {
        assertRejected(() -> parse("FROM:<a@b> " + param), 501, "5.5.4");
    }

    @Test
    void bodyNeedsItsExtension() throws ReplyException {
        MailOptionsContext eightOnly = MailOptionsContext.of(Extension.EIGHTBITMIME);
        MailOptionsContext binaryOnly = MailOptionsContext.of(Extension.BINARYMIME);
        assertRejected(() -> MailCommandParser.parse("FROM:<a@b> BODY=8BITMIME", MailOptionsContext.none()), 555, "5.5.4");
        assertRejected(() -> MailCommandParser.parse("FROM:<a@b> BODY=7BIT", MailOptionsContext.none()), 555, "5.5.4");
        assertRejected(() -> MailCommandParser.parse("FROM:<a@b> BODY=BINARYMIME", eightOnly), 555, "5.5.4");
        assertRejected(() -> MailCommandParser.parse("FROM:<a@b> BODY=8BITMIME", binaryOnly), 555, "5.5.4");
        assertThat(MailCommandParser.parse("FROM:<a@b> BODY=BINARYMIME", binaryOnly).params().body()).isEqualTo(BodyType.BINARY_MIME);
        assertThat(MailCommandParser.parse("FROM:<a@b> BODY=7BIT", eightOnly).params().body()).isEqualTo(BodyType.SEVEN_BIT);
    }

    // --- RET, ENVID (RFC 3461) ---

    @Test
    void retAndEnvid() throws ReplyException {
        MailParameters p = parse("FROM:<a@b> RET=HDRS ENVID=QQ314159+2Bx+3D").params();
        assertThat(p.ret()).isEqualTo(Ret.HDRS);
        assertThat(p.envid()).isEqualTo("QQ314159+x=");
        assertThat(parse("FROM:<a@b> ret=full").params().ret()).isEqualTo(Ret.FULL);
        assertThat(parse("FROM:<a@b> ENVID=" + "x".repeat(100)).params().envid()).hasSize(100);
        assertThat(parse("FROM:<a@b> ENVID=a+20b").params().envid()).isEqualTo("a b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RET=X", "RET", "RET=FULL,HDRS", "RET=HEADERS", "ENVID", "ENVID=a+2", "ENVID=a+2b", "ENVID=a+ZZ",
        "ENVID=a+0Db", "ENVID=a+C3+A9", "ENVID=+7F"})
    void badRetOrEnvid(String param) {
        assertRejected(() -> parse("FROM:<a@b> " + param), 501, "5.5.4");
    }

    @Test
    void envidOver100CharactersAfterDecoding() throws ReplyException {
        assertRejected(() -> parse("FROM:<a@b> ENVID=" + "x".repeat(101)), 501, "5.5.4");
        // 100 decoded characters, 300 encoded: allowed
        assertThat(parse("FROM:<a@b> ENVID=" + "+2B".repeat(100)).params().envid()).isEqualTo("+".repeat(100));
    }

    @Test
    void dsnParametersNeedDsn() {
        MailOptionsContext noDsn = MailOptionsContext.of(Extension.SIZE, Extension.AUTH);
        assertRejected(() -> MailCommandParser.parse("FROM:<a@b> RET=FULL", noDsn), 555, "5.5.4");
        assertRejected(() -> MailCommandParser.parse("FROM:<a@b> ENVID=x", noDsn), 555, "5.5.4");
    }

    @Test
    void rcptParametersAreUnknownOnMail() {
        assertRejected(() -> parse("FROM:<a@b> NOTIFY=NEVER"), 555, "5.5.4");
        assertRejected(() -> parse("FROM:<a@b> ORCPT=rfc822;a@b"), 555, "5.5.4");
    }

    // --- AUTH (RFC 4954 §5) ---

    @Test
    void auth() throws ReplyException {
        assertThat(parse("FROM:<a@b> AUTH=<>").params().auth()).isEqualTo("<>");
        assertThat(parse("FROM:<a@b> AUTH=e+3Dmc2@example.com").params().auth()).isEqualTo("e=mc2@example.com");
        assertThat(parse("FROM:<a@b>").params().auth()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTH", "AUTH=a+2", "AUTH=a+0A", "AUTH=<x>+"})
    void badAuth(String param) {
        assertRejected(() -> parse("FROM:<a@b> " + param), 501, "5.5.4");
    }

    @Test
    void authNeedsAuth() {
        assertRejected(() -> MailCommandParser.parse("FROM:<a@b> AUTH=<>", MailOptionsContext.of(Extension.SIZE)), 555, "5.5.4");
    }

    // --- unknown, other, duplicates, disabled ---

    @Test
    void unknownParameterGives555() {
        ReplyException e = assertRejected(() -> parse("FROM:<a@b> X-FOO=1"), 555, "5.5.4");
        assertThat(e.reply().text()).contains("X-FOO");
        assertRejected(() -> parse("FROM:<a@b> HOLDFOR=10"), 555, "5.5.4");
    }

    @Test
    void otherKeywordsPassThroughUntyped() throws ReplyException {
        MailOptionsContext ctx = ALL.withOtherKeywords("mt-priority", "REQUIRETLS");
        MailParameters p = MailCommandParser.parse("FROM:<a@b> MT-PRIORITY=3 requiretls SIZE=1", ctx).params();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("MT-PRIORITY", "3");
        expected.put("REQUIRETLS", null);
        assertThat(p.other()).containsExactlyEntriesOf(expected);
        assertThat(p.size()).hasValue(1);
    }

    @Test
    void everyKnownParameterOfADisabledExtensionGives555() {
        MailOptionsContext none = MailOptionsContext.none();
        for (String param : new String[] {"SIZE=1", "BODY=8BITMIME", "SMTPUTF8", "RET=FULL", "ENVID=x", "AUTH=<>"}) {
            assertRejected(() -> MailCommandParser.parse("FROM:<a@b> " + param, none), 555, "5.5.4");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIZE=1 SIZE=2", "SIZE=1 size=1", "BODY=7BIT BODY=8BITMIME", "SMTPUTF8 SMTPUTF8", "RET=FULL RET=HDRS",
        "ENVID=a ENVID=b", "AUTH=<> AUTH=<>"})
    void duplicates(String params) {
        ReplyException e = assertRejected(() -> parse("FROM:<a@b> " + params), 501, "5.5.4");
        assertThat(e.reply().text()).contains("twice");
    }

    @Test
    void syntaxErrorsInParametersAreCheckedBeforeValues() {
        assertRejected(() -> parse("FROM:<a@b> SIZE=x ="), 501, "5.5.4");
        assertRejected(() -> parse("FROM:<a@b> X-FOO=1 A=="), 501, "5.5.4");
    }

    @Test
    void everythingTogether() throws ReplyException {
        MailCommand c = parse("FROM:<a@example.org> SIZE=1000 BODY=8BITMIME SMTPUTF8 RET=FULL ENVID=id+2B1 AUTH=<>");
        assertThat(c.params()).isEqualTo(new MailParameters(OptionalLong.of(1000), BodyType.EIGHT_BIT_MIME, true, Ret.FULL, "id+1",
                "<>", Map.of()));
    }

    // --- the client's direction ---

    @Test
    void toWireWritesEveryParameterEncoded() {
        MailParameters p = MailParameters.NONE.withSize(1000).withBody(BodyType.EIGHT_BIT_MIME).withSmtputf8(true).withRet(Ret.HDRS)
                .withEnvid("a+b=c d").withAuth("e=mc2@example.com");
        assertThat(p.toWire()).isEqualTo("SIZE=1000 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=a+2Bb+3Dc+20d AUTH=e+3Dmc2@example.com");
        assertThat(MailParameters.NONE.withAuth("<>").toWire()).isEqualTo("AUTH=<>");
        assertThat(MailParameters.NONE.toWire()).isEmpty();
    }

    @Test
    void mailCommandToWireReadsBack() throws ReplyException {
        MailCommand c = new MailCommand(ReversePath.of(new Mailbox("a b", "example.org")),
                MailParameters.NONE.withSize(5).withEnvid("x y"));
        assertThat(c.toWire()).isEqualTo("MAIL FROM:<\"a b\"@example.org> SIZE=5 ENVID=x+20y");
        assertThat(parse(c.toWire().substring("MAIL ".length()))).isEqualTo(c);
        assertThat(new MailCommand(ReversePath.nullPath(), MailParameters.NONE).toWire()).isEqualTo("MAIL FROM:<>");
    }

    @Test
    void constructionRefusesInjection() {
        assertThatThrownBy(() -> MailParameters.NONE.withEnvid("a\r\nRCPT TO:<x@y>")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MailParameters.NONE.withEnvid("x".repeat(101))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MailParameters.NONE.withEnvid("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MailParameters.NONE.withAuth("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MailParameters.NONE.withSize(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailParameters(OptionalLong.empty(), null, false, null, null, null, Map.of("X", "a\r\nb")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailParameters(OptionalLong.empty(), null, false, null, null, null, Map.of("X\r\nY", "1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailParameters(OptionalLong.empty(), null, false, null, null, null, Map.of("SIZE", "1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Mailbox("a\r\nb", "example.org")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Mailbox("a", "example.org>\r\nDATA")).isInstanceOf(IllegalArgumentException.class);
    }
}
