package dev.tern.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A live server on 127.0.0.1, port 0, with a {@link TestBackend}; close it after the test. */
final class ServerFixture implements AutoCloseable {
    static final String HOST = "mx.test.example";

    final TestBackend backend;
    final SmtpServer server;

    ServerFixture(Path dir) throws Exception {
        this(dir, b -> b);
    }

    ServerFixture(Path dir, UnaryOperator<SmtpServer.Builder> options) throws Exception {
        backend = new TestBackend(dir);
        server = options.apply(SmtpServer.builder().hostname(HOST).port(0).backend(backend)).start();
    }

    int port() {
        return server.port();
    }

    RawClient client() throws Exception {
        return RawClient.connect(port());
    }

    @Override
    public void close() {
        server.shutdown(Duration.ofSeconds(5));
    }
}
