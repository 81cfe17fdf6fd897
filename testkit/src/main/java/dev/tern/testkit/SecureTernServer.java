package dev.tern.testkit;

import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.ReversePath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.RcptParameters;
import dev.tern.protocol.reply.Reply;
import dev.tern.server.ListenerRole;
import dev.tern.server.Session;
import dev.tern.server.SmtpServer;
import dev.tern.server.auth.PasswordHasher;
import dev.tern.server.auth.UserRecord;
import dev.tern.server.auth.UserStore;
import dev.tern.server.auth.UserStoreAuthenticator;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Tern's server on 127.0.0.1 with TLS and AUTH, as the peer of client and CLI tests: an
 * {@code mx} listener offering STARTTLS (its port is {@link #port()}) and an implicit-TLS
 * {@code submissions} listener ({@link #implicitTlsPort()}); one user, {@link #USER} with
 * {@link #PASSWORD}, who has SCRAM-SHA-256 and CRAM-MD5 secrets so every mechanism is offered.
 * Every message is accepted, read and dropped.
 */
public final class SecureTernServer implements AutoCloseable {

    public static final String USER = "bob";
    public static final String PASSWORD = "correct horse";

    private final SmtpServer server;

    public SecureTernServer(SslContext tls) {
        // cheap Argon2 parameters: the tests are about the protocol, not the hash's cost
        UserRecord user = UserRecord.create(USER, PASSWORD, new PasswordHasher(1024, 1, 1), true);
        UserStore users = new UserStore() {
            @Override
            public Optional<UserRecord> find(String name) {
                return name.equalsIgnoreCase(USER) ? Optional.of(user) : Optional.empty();
            }

            @Override
            public boolean anyScramSha256() {
                return true;
            }

            @Override
            public boolean anyCramMd5() {
                return true;
            }
        };
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server = SmtpServer.builder().hostname("localhost")
                .listen(new InetSocketAddress(loopback, 0), ListenerRole.MX)
                .listen(new InetSocketAddress(loopback, 0), ListenerRole.SUBMISSIONS)
                .tls(() -> tls).authenticator(new UserStoreAuthenticator(users))
                .backend(connection -> new Session() {
                    @Override
                    public void mail(ReversePath from, MailParameters params) {
                    }

                    @Override
                    public Reply rcpt(ForwardPath to, RcptParameters params) {
                        return null;
                    }

                    @Override
                    public Reply data(String queueId, InputStream message) throws IOException {
                        message.readAllBytes();
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

    /** The {@code mx} listener: plain text, STARTTLS offered. */
    public int port() {
        return server.addresses().get(0).getPort();
    }

    /** The {@code submissions} listener: TLS from the first byte (RFC 8314). */
    public int implicitTlsPort() {
        return server.addresses().get(1).getPort();
    }

    @Override
    public void close() {
        server.shutdown(Duration.ofSeconds(2));
    }
}
