package dev.tern.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.protocol.address.Mailbox;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    /** The example of issue 4 and the README, word for word. */
    static final String FULL_EXAMPLE = """
            hostname: mx.example.test
            listen: [ "127.0.0.1:2525" ]
            data-dir: ./tern-data
            domains: [ example.test ]
            users:                     # mailboxes; quota in bytes; disabled users get 550 5.2.1
              - { address: alice@example.test, quota: 10485760 }
              - { address: carol@example.test, disabled: true }
            aliases:                   # local target -> 250; remote target -> 251, message goes to the outbound queue
              postmaster@example.test: [ alice@example.test ]
              fwd@example.test: [ someone@elsewhere.test ]
            lists:                     # EXPN answers with the members when expn is enabled
              staff@example.test: [ alice@example.test, bob@example.test ]
            moved:                     # 551 5.1.6 naming the new address
              dave@example.test: dave@new.example.test
            catch-all: false
            vrfy: false                # false: 252 2.5.0; true: 250/251/550/551/553 per spec
            expn: false                # false: 502 5.5.1; true: list members, 550 for non-lists
            limits: { max-message-size: 52428800, max-recipients: 100, max-connections: 1000,
                      max-connections-per-ip: 20, max-errors: 10, idle-timeout: 5m, min-free-disk: 100MiB }
            accept-mail: true          # false: greet 521 5.3.2 and close (RFC 7504)
            reject-clients: [ 203.0.113.0/24 ]   # greeted with 554 5.7.1
            legacy-commands: false     # true: SOML/SAML act as MAIL
            """;

    @TempDir
    Path dir;

    private static ConfigException error(String yaml) {
        try {
            ConfigLoader.parse("tern.yaml", yaml);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a configuration error for:\n" + yaml);
    }

    @Test
    void theFullExampleReadsCompletely() throws Exception {
        // bob is a list member in a local domain; the example relies on catch-all off, so he must exist
        TernConfig c = ConfigLoader.parse("tern.yaml", FULL_EXAMPLE.replace(
                "  - { address: carol@example.test, disabled: true }",
                "  - { address: carol@example.test, disabled: true }\n  - { address: bob@example.test }"));
        assertThat(c.hostname()).isEqualTo("mx.example.test");
        assertThat(c.listen()).containsExactly(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 2525));
        assertThat(c.dataDir()).isEqualTo(Path.of("./tern-data"));
        assertThat(c.domains()).containsExactly("example.test");
        assertThat(c.users().get("alice@example.test").quota()).isEqualTo(10485760);
        assertThat(c.users().get("alice@example.test").disabled()).isFalse();
        assertThat(c.users().get("carol@example.test").disabled()).isTrue();
        assertThat(c.aliases().get("postmaster@example.test")).containsExactly(new Mailbox("alice", "example.test"));
        assertThat(c.aliases().get("fwd@example.test")).containsExactly(new Mailbox("someone", "elsewhere.test"));
        assertThat(c.lists().get("staff@example.test")).hasSize(2);
        assertThat(c.moved().get("dave@example.test")).isEqualTo(new Mailbox("dave", "new.example.test"));
        assertThat(c.catchAll()).isFalse();
        assertThat(c.vrfy()).isFalse();
        assertThat(c.expn()).isFalse();
        assertThat(c.limits()).isEqualTo(new TernConfig.Limits(52428800, 100, 1000, 20, 10, Duration.ofMinutes(5), 100L * 1024 * 1024));
        assertThat(c.acceptMail()).isTrue();
        assertThat(c.rejectClients()).extracting(Cidr::toString).containsExactly("203.0.113.0/24");
        assertThat(c.legacyCommands()).isFalse();
        assertThat(c.softQuota()).isFalse();
    }

    @Test
    void theExampleAsWrittenNamesBobAsAListTargetThatLeadsNowhere() {
        ConfigException e = error(FULL_EXAMPLE);
        assertThat(e.getMessage()).isEqualTo("tern.yaml:12:45: lists: target bob@example.test is in a local domain"
                + " but is no user, alias or list (and catch-all is off)");
        assertThat(e.line()).isEqualTo(12);
        }

    @Test
    void theExampleAsWrittenIsFineWithCatchAll() throws Exception {
        assertThat(ConfigLoader.parse("tern.yaml", FULL_EXAMPLE.replace("catch-all: false", "catch-all: true")).catchAll()).isTrue();
    }

    @Test
    void theReadmeExampleIsValidAndItsCommentsStateTheDefaults() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("### Configuration");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));
        TernConfig c = ConfigLoader.parse("README.md", yaml);
        assertThat(c.users().get("alice@example.test").quota()).isEqualTo(10L * 1024 * 1024);
        assertThat(c.limits()).isEqualTo(TernConfig.Limits.defaults());
        assertThat(c.lists().get("staff@example.test")).hasSize(2);
        // every key the loader knows appears in the README example
        for (String key : List.of("hostname:", "listen:", "data-dir:", "domains:", "users:", "aliases:", "lists:", "moved:",
                "catch-all:", "vrfy:", "expn:", "limits:", "accept-mail:", "reject-clients:", "legacy-commands:", "soft-quota:",
                "max-message-size:", "max-recipients:", "max-connections:", "max-connections-per-ip:", "max-errors:",
                "idle-timeout:", "min-free-disk:", "strict-line-length:", "bare-line-endings:", "max-failures-per-session:",
                "relay:", "lifetime:", "initial-backoff:", "max-backoff:", "delay-warning:", "max-connections-per-domain:")) {
            assertThat(yaml).contains(key);
        }
        assertThat(c.protocol()).isEqualTo(TernConfig.Protocol.defaults());
        assertThat(c.relay()).isEqualTo(TernConfig.RelayQueue.defaults());
    }

    @Test
    void protocolAndRelayKeys() throws Exception {
        TernConfig c = ConfigLoader.parse("tern.yaml", """
                domains: [ example.test ]
                strict-line-length: true
                bare-line-endings: keep
                auth: { max-failures-per-session: 5 }
                relay:
                  lifetime: 2d
                  initial-backoff: 1m
                  max-backoff: 30m
                  delay-warning: 4h
                  max-connections: 8
                  max-connections-per-domain: 2
                """);
        assertThat(c.protocol()).isEqualTo(new TernConfig.Protocol(true, dev.tern.server.BareLineEndings.KEEP, 5));
        assertThat(c.relay()).isEqualTo(new TernConfig.RelayQueue(Duration.ofDays(2), Duration.ofMinutes(1),
                Duration.ofMinutes(30), Duration.ofHours(4), 8, 2));
        dev.tern.relay.RelaySettings s = c.relay().settings("mx.example.test");
        assertThat(s.hostname()).isEqualTo("mx.example.test");
        assertThat(s.backoff(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.backoff(10)).isEqualTo(Duration.ofMinutes(30));
        assertThat(List.of(s.lifetime(), s.delayWarning())).containsExactly(Duration.ofDays(2), Duration.ofHours(4));
        assertThat(List.of(s.maxConnections(), s.maxPerDomain())).containsExactly(8, 2);

        TernConfig d = ConfigLoader.parse("tern.yaml", "domains: [ example.test ]\nrelay: { delay-warning: none }\n");
        assertThat(d.protocol()).isEqualTo(new TernConfig.Protocol(false, dev.tern.server.BareLineEndings.REJECT, 3));
        assertThat(d.relay().delayWarning()).isNull();
        assertThat(d.relay().settings("h").lifetime()).isEqualTo(Duration.ofDays(5));
        assertThat(d.relay().settings("h").backoff(1)).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.relay().settings("h").maxBackoff()).isEqualTo(Duration.ofHours(1));
        assertThat(List.of(d.relay().maxConnections(), d.relay().maxPerDomain())).containsExactly(20, 4);
    }

    @Test
    void protocolAndRelayErrorsNameTheirPlace() {
        assertThat(error("domains: [ example.test ]\nbare-line-endings: fix\n").getMessage())
                .isEqualTo("tern.yaml:2:20: bare-line-endings: expected reject or keep, found 'fix'");
        assertThat(error("domains: [ example.test ]\nstrict-line-length: yes please\n").getMessage())
                .isEqualTo("tern.yaml:2:21: strict-line-length: expected true or false, found 'yes please'");
        assertThat(error("domains: [ example.test ]\nauth:\n  max-failures-per-session: 0\n").getMessage())
                .isEqualTo("tern.yaml:3:29: max-failures-per-session: must be at least 1, found 0");
        assertThat(error("domains: [ example.test ]\nrelay:\n  lifetime: 0s\n").getMessage())
                .isEqualTo("tern.yaml:3:13: lifetime must be more than 0");
        assertThat(error("domains: [ example.test ]\nrelay:\n  initial-backoff: 2h\n").getMessage())
                .isEqualTo("tern.yaml:3:20: relay: max-backoff (PT1H) is shorter than initial-backoff (PT2H)");
        assertThat(error("domains: [ example.test ]\nrelay:\n  lifetime: 1h\n  delay-warning: 2h\n").getMessage())
                .isEqualTo("tern.yaml:4:18: relay: delay-warning (PT2H) must be shorter than the lifetime (PT1H), or none");
        assertThat(error("domains: [ example.test ]\nrelay:\n  max-connections: 2\n  max-connections-per-domain: 3\n")
                .getMessage()).isEqualTo("tern.yaml:4:31: relay: max-connections-per-domain (3) is more than max-connections (2)");
        assertThat(error("domains: [ example.test ]\nrelay:\n  retries: 3\n").getMessage())
                .startsWith("tern.yaml:3:3: unknown key 'retries' in relay (known keys: delay-warning, initial-backoff,");
        assertThat(error("domains: [ example.test ]\nrelay:\n  max-backoff: soon\n").getMessage())
                .startsWith("tern.yaml:3:16: max-backoff: ");
    }

    @Test
    void defaultsForWhatIsLeftOut() throws Exception {
        TernConfig c = ConfigLoader.parse("tern.yaml", "domains: [ example.test ]\n");
        assertThat(c.hostname()).isEqualTo("localhost");
        assertThat(c.listen()).containsExactly(new InetSocketAddress("127.0.0.1", 2525));
        assertThat(c.dataDir()).isEqualTo(Path.of("tern-data"));
        assertThat(c.catchAll()).isFalse();
        assertThat(c.acceptMail()).isTrue();
        assertThat(c.limits()).isEqualTo(TernConfig.Limits.defaults());
    }

    @Test
    void loadsFromAFileAndNamesItInErrors() throws Exception {
        Path f = dir.resolve("tern.yaml");
        Files.writeString(f, "domains: [ example.test ]\nvrfy: true\n");
        assertThat(ConfigLoader.load(f).vrfy()).isTrue();
        Files.writeString(f, "domains: [ example.test ]\nvrfy: maybe\n");
        assertThatThrownBy(() -> ConfigLoader.load(f)).isInstanceOf(ConfigException.class)
                .hasMessage(f + ":2:7: vrfy: expected true or false, found 'maybe'");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(dir.resolve("missing.yaml") + ":1:1: cannot read the file");
    }

    @Test
    void unknownKeys() {
        assertThat(error("domains: [ example.test ]\ncatchall: true\n").getMessage())
                .startsWith("tern.yaml:2:1: unknown key 'catchall' in the configuration (known keys: accept-mail, aliases, auth, bare-line-endings, catch-all,");
        assertThat(error("domains: [ example.test ]\nlimits:\n  max-size: 10\n").getMessage())
                .startsWith("tern.yaml:3:3: unknown key 'max-size' in limits (known keys: idle-timeout, max-connections,");
        assertThat(error("domains: [ example.test ]\nusers:\n  - { address: a@example.test, qouta: 1 }\n").getMessage())
                .startsWith("tern.yaml:3:32: unknown key 'qouta' in a user (known keys: address, disabled, quota)");
    }

    @Test
    void wrongTypes() {
        assertThat(error("domains: [ example.test ]\nlisten: { a: b }\n").getMessage())
                .isEqualTo("tern.yaml:2:9: listen: expected a list, found a mapping");
        assertThat(error("domains: [ example.test ]\nusers: alice@example.test\n").getMessage())
                .isEqualTo("tern.yaml:2:8: users: expected a list, found a single value");
        assertThat(error("domains: [ example.test ]\nhostname: [ a, b ]\n").getMessage())
                .isEqualTo("tern.yaml:2:11: hostname: expected a single value, found a list");
        assertThat(error("domains: [ example.test ]\nlimits: { max-recipients: lots }\n").getMessage())
                .isEqualTo("tern.yaml:2:27: max-recipients: expected a whole number, found 'lots'");
        assertThat(error("domains: [ example.test ]\nlimits: { max-recipients: 5 }\n").getMessage())
                .isEqualTo("tern.yaml:2:27: max-recipients: must be at least 100, found 5");
        assertThat(error("- a\n- b\n").getMessage())
                .isEqualTo("tern.yaml:1:1: the configuration: expected a mapping (key: value), found a list");
    }

    @Test
    void badAddressesAndDomains() {
        assertThat(error("domains: [ example.test ]\naliases:\n  info@example.test: [ a@@b ]\n").getMessage())
                .startsWith("tern.yaml:3:24: aliases: bad address 'a@@b': ");
        assertThat(error("domains: [ example.test ]\nusers:\n  - { address: alice@other.test }\n").getMessage())
                .isEqualTo("tern.yaml:3:16: users: alice@other.test is not in a local domain (domains: example.test)");
        assertThat(error("domains: [ exa_mple..test ]\n").getMessage())
                .startsWith("tern.yaml:1:12: domains: bad domain name 'exa_mple..test': ");
        assertThat(error("domains: [ example.test ]\nusers:\n  - { address: a@example.test }\naliases:\n  A@Example.test: [ x@y.test ]\n")
                .getMessage()).isEqualTo("tern.yaml:5:3: A@Example.test is already defined at line 3; an address is one of user, alias, list or moved");
    }

    @Test
    void badCidrs() {
        assertThat(error("domains: [ example.test ]\nreject-clients: [ 203.0.113.0/33 ]\n").getMessage())
                .isEqualTo("tern.yaml:2:19: reject-clients: bad address block: prefix length /33 is longer than 32 bits");
        assertThat(error("domains: [ example.test ]\nreject-clients: [ 203.0.113.7/24 ]\n").getMessage())
                .isEqualTo("tern.yaml:2:19: reject-clients: bad address block: host bits set in 203.0.113.7/24 (did you mean 203.0.113.0/24?)");
        assertThat(error("domains: [ example.test ]\nreject-clients: [ spam.example ]\n").getMessage())
                .isEqualTo("tern.yaml:2:19: reject-clients: bad address block: not an IP address: spam.example");
    }

    @Test
    void badSizesDurationsAndListenAddresses() {
        assertThat(error("domains: [ example.test ]\nlimits: { min-free-disk: 100MiBs }\n").getMessage())
                .startsWith("tern.yaml:2:26: min-free-disk: unknown size unit 'MiBs'");
        assertThat(error("domains: [ example.test ]\nlimits: { idle-timeout: 5 minutes }\n").getMessage())
                .startsWith("tern.yaml:2:25: idle-timeout: not a duration: '5 minutes'");
        assertThat(error("domains: [ example.test ]\nlisten: [ \"mail.example:25\" ]\n").getMessage())
                .isEqualTo("tern.yaml:2:11: listen: listen on an IP address, not a host name: 'mail.example'");
        assertThat(error("domains: [ example.test ]\nlisten: [ \"127.0.0.1:99999\" ]\n").getMessage())
                .isEqualTo("tern.yaml:2:11: listen: port 99999 out of range 0-65535");
    }

    @Test
    void syntaxErrorsMissingDomainsAndDuplicateKeys() {
        ConfigException syntax = error("domains: [ example.test\nvrfy: true\n");
        assertThat(syntax.getMessage()).startsWith("tern.yaml:").contains("YAML syntax");
        assertThat(syntax.line()).isGreaterThanOrEqualTo(2);
        assertThat(error("vrfy: true\n").getMessage()).isEqualTo("tern.yaml:1:1: missing key 'domains': the local domains this server receives mail for");
        assertThat(error("").getMessage()).startsWith("tern.yaml:1:1: the file is empty");
        assertThat(error("domains: [ example.test ]\nvrfy: true\nvrfy: false\n").getMessage()).startsWith("tern.yaml:3:1: ");
    }

    @Test
    void unitsAndBlocks() throws Exception {
        assertThat(Units.parseSize("100MiB")).isEqualTo(104857600);
        assertThat(Units.parseSize("50MB")).isEqualTo(50_000_000);
        assertThat(Units.parseSize("1 GiB")).isEqualTo(1L << 30);
        assertThat(Units.parseSize("2048")).isEqualTo(2048);
        assertThat(Units.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Units.parseDuration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Units.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        Cidr net = Cidr.parse("203.0.113.0/24");
        assertThat(net.contains(InetAddress.getByName("203.0.113.200"))).isTrue();
        assertThat(net.contains(InetAddress.getByName("203.0.114.1"))).isFalse();
        assertThat(net.contains(InetAddress.getByName("::1"))).isFalse();
        assertThat(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8:1::5"))).isTrue();
        assertThat(ConfigLoader.parseListen("[::1]:25")).isEqualTo(new InetSocketAddress("::1", 25));
        assertThat(ConfigLoader.parseListen(":2526")).isEqualTo(new InetSocketAddress("127.0.0.1", 2526));
        assertThat(List.of(ConfigLoader.parseListen("0.0.0.0:25").getPort())).containsExactly(25);
    }
}
