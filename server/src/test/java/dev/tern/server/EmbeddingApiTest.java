package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.RcptParameters;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What an embedding application sees through the API. */
@Timeout(30)
class EmbeddingApiTest {
    @TempDir
    Path dir;

    @Test
    void connectionInfoIsLiveAndCallsComeInOrder() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Backend backend = connection -> {
            seen.add("connect " + connection.remoteAddress().getAddress().getHostAddress() + " -> "
                    + connection.localAddress().getPort() + " helo=" + connection.heloName().orElse("-"));
            return new Session() {
                @Override
                public void mail(ReversePath from, MailParameters params) {
                    seen.add("mail " + from + " helo=" + connection.heloName().orElse("-") + " esmtp=" + connection.esmtp()
                            + " size=" + params.size().orElse(-1) + " host=" + connection.serverHostname());
                }

                @Override
                public Reply rcpt(ForwardPath to, RcptParameters params) {
                    seen.add("rcpt " + to + " notify=" + params.notifyOn());
                    return null;
                }

                @Override
                public Reply data(String queueId, InputStream message) throws java.io.IOException {
                    seen.add("data " + new String(message.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).lines()
                            .filter(l -> l.startsWith("Subject")).findFirst().orElse("?"));
                    return Replies.DATA_STORED.format("custom-" + queueId.length());
                }

                @Override
                public void reset() {
                    seen.add("reset");
                }

                @Override
                public void logout() {
                    seen.add("logout");
                }
            };
        };
        try (SmtpServer s = SmtpServer.builder().hostname("api.example").port(0).backend(backend).start();
                RawClient c = RawClient.connect(s.port())) {
            assertThat(s.hostname()).isEqualTo("api.example");
            c.command("EHLO one.example");
            c.command("MAIL FROM:<a@example.org> SIZE=77");
            c.command("RCPT TO:<b@example.test> NOTIFY=FAILURE");
            assertThat(c.command("HELO two.example")).isEqualTo("250 api.example\r\n");
            c.command("MAIL FROM:<c@example.org>");
            c.command("RCPT TO:<d@example.test>");
            c.command("DATA");
            c.send("Subject: api\r\n\r\nx\r\n.\r\n");
            assertThat(c.readRaw()).isEqualTo("250 Ok: queued as custom-16\r\n");
            c.command("QUIT");
            assertThat(Eventually.holds(() -> seen.contains("logout"))).isTrue();
            assertThat(seen).containsExactly(
                    "connect 127.0.0.1 -> " + s.port() + " helo=-",
                    "mail <a@example.org> helo=one.example esmtp=true size=77 host=api.example",
                    "rcpt <b@example.test> notify=[FAILURE]",
                    "reset",
                    "mail <c@example.org> helo=two.example esmtp=false size=-1 host=api.example",
                    "rcpt <d@example.test> notify=[]",
                    "data Subject: api",
                    "reset",
                    "logout");
        }
    }

    @Test
    void listensOnEveryAddressGivenAndRefusesABusyPort() throws Exception {
        TestBackend backend = new TestBackend(dir);
        try (SmtpServer s = SmtpServer.builder().port(0).listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .backend(backend).start()) {
            assertThat(s.addresses()).hasSize(2);
            for (InetSocketAddress a : s.addresses()) {
                try (RawClient c = RawClient.connect(a.getPort())) {
                    assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 Ok\r\n");
                }
            }
            assertThatThrownBy(() -> SmtpServer.builder().port(s.port()).backend(backend).start())
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot listen on");
        }
    }

    @Test
    void builderNeedsABackend() {
        assertThatThrownBy(() -> SmtpServer.builder().port(0).start()).isInstanceOf(IllegalStateException.class)
                .hasMessage("a backend is required");
    }

    @Test
    void ehloListsOnlyEnabledFeatures() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, b -> b.disable(ServerFeature.CHUNKING, ServerFeature.DSN)
                .limits(ServerLimits.DEFAULTS.withMaxMessageSize(1234))); RawClient c = f.client()) {
            assertThat(c.command("EHLO client.example")).isEqualTo("250-mx.test.example greets client.example\r\n"
                    + "250-SIZE 1234\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-ENHANCEDSTATUSCODES\r\n250 HELP\r\n");
            assertThat(c.command("BDAT 1 LAST")).isEqualTo("500 5.5.2 Command unrecognized\r\n");
            c.command("MAIL FROM:<a@example.org>");
            assertThat(c.command("RCPT TO:<b@example.test> NOTIFY=NEVER")).isEqualTo("555 5.5.4 Unsupported parameter: NOTIFY\r\n");
        }
    }
}
