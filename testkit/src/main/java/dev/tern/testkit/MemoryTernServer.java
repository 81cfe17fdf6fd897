package dev.tern.testkit;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.RcptParameters;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import dev.tern.server.ServerLimits;
import dev.tern.server.Session;
import dev.tern.server.SmtpException;
import dev.tern.server.SmtpServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tern's own server on 127.0.0.1 as the peer of client and CLI tests: local parts starting with
 * "unknown" get 550 5.1.1, "busy" 450 4.2.1, anything else is accepted and the message (as the
 * backend receives it, {@code Received:} header first) kept in memory. At most 3 recipients per
 * transaction, so tests see 452 4.5.3 from the fourth.
 */
public final class MemoryTernServer implements AutoCloseable {

    public final SmtpServer server;
    public final List<String> messages = new CopyOnWriteArrayList<>();

    public MemoryTernServer() {
        server = SmtpServer.builder().hostname("tern.test").port(0).limits(ServerLimits.DEFAULTS.withMaxRecipients(3))
                .backend(connection -> new Session() {
                    @Override
                    public void mail(ReversePath from, MailParameters params) {
                    }

                    @Override
                    public Reply rcpt(ForwardPath to, RcptParameters params) {
                        String local = to.mailbox().map(m -> m.localPart()).orElse("");
                        if (local.startsWith("unknown")) {
                            throw new SmtpException(Replies.RCPT_UNKNOWN_USER, to.address());
                        }
                        if (local.startsWith("busy")) {
                            throw new SmtpException(Replies.RCPT_MAILBOX_BUSY, to.address());
                        }
                        return null;
                    }

                    @Override
                    public Reply data(String queueId, InputStream message) throws IOException {
                        messages.add(new String(message.readAllBytes(), StandardCharsets.UTF_8));
                        return null;
                    }

                    @Override
                    public void reset() {
                    }

                    @Override
                    public void logout() {
                    }
                }).start();
    }

    public int port() {
        return server.port();
    }

    public String address() {
        return "127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.shutdown(Duration.ofSeconds(2));
    }
}
