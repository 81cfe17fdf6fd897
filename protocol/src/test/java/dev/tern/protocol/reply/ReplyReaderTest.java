package dev.tern.protocol.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ReplyReaderTest {

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsOneReplyAtATimeAndNothingMore() throws Exception {
        InputStream in = bytes("220 mx.example ESMTP\r\n250-mx.example\r\n250 STARTTLS\r\n220 2.0.0 Ready\r\nTLS-BYTES");
        ReplyReader reader = new ReplyReader(in);
        assertThat(reader.read().reply()).isEqualTo(Reply.of(220, (EnhancedCode) null, "mx.example ESMTP"));
        assertThat(reader.read().reply().lines()).containsExactly("mx.example", "STARTTLS");
        ParsedReply ready = reader.read(true);
        assertThat(ready.reply()).isEqualTo(Reply.of(220, "2.0.0", "Ready"));
        assertThat(ready.isClean()).isTrue();
        // what follows the reply is untouched, byte for byte
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("TLS-BYTES");
    }

    @Test
    void endOfStreamBeforeAnyReply() {
        ReplyReader reader = new ReplyReader(bytes(""));
        assertThatThrownBy(reader::read).isInstanceOfSatisfying(ReplyParseException.class, e -> {
            assertThat(e.kind()).isEqualTo(ReplyParseException.Kind.END_OF_STREAM);
            assertThat(e.line()).isZero();
        });
    }

    @Test
    void customLimits() {
        ReplyParser.Limits small = new ReplyParser.Limits(600, 2, 2000);
        assertThatThrownBy(() -> new ReplyReader(bytes("250-a\r\n250-b\r\n250 c\r\n"), small).read())
                .isInstanceOfSatisfying(ReplyParseException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReplyParseException.Kind.TOO_MANY_LINES));
        assertThatThrownBy(() -> new ReplyReader(bytes("250 " + "a".repeat(600) + "\r\n"), small).read())
                .isInstanceOfSatisfying(ReplyParseException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReplyParseException.Kind.LINE_TOO_LONG));
        assertThatThrownBy(() -> new ReplyParser.Limits(100, 1, 1000)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Over a real loopback socket the reader stops at the reply's end and leaves the rest unread. */
    @Test
    void overALoopbackSocketItLeavesLaterBytesOnTheSocket() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch firstRead = new CountDownLatch(1);
            Thread peer = new Thread(() -> {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    // the reply arrives in pieces, as it may on a real network
                    out.write("250-mx.example\r\n250-PIPE".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(50);
                    out.write("LINING\r\n250 SMTPUTF8\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.write("220 2.0.0 Ready to start TLS\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    firstRead.await(5, TimeUnit.SECONDS);
                    out.write("\u0016\u0003\u0001".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    Thread.sleep(200);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            peer.setDaemon(true);
            peer.start();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                client.setSoTimeout(5000);
                ReplyReader reader = new ReplyReader(client.getInputStream());
                ParsedReply ehlo = reader.read();
                assertThat(ehlo.code()).isEqualTo(250);
                assertThat(ehlo.reply().lines()).containsExactly("mx.example", "PIPELINING", "SMTPUTF8");
                ParsedReply starttls = reader.read(true);
                assertThat(starttls.reply()).isEqualTo(Reply.of(220, "2.0.0", "Ready to start TLS"));
                firstRead.countDown();
                byte[] next = client.getInputStream().readNBytes(3);
                assertThat(next).containsExactly(0x16, 0x03, 0x01);
            }
            peer.join(5000);
        }
    }

    @Test
    void socketTimeoutSurfacesAsIoException() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            accepted.getOutputStream().write("250-partial\r\n".getBytes(StandardCharsets.US_ASCII));
            client.setSoTimeout(200);
            ReplyReader reader = new ReplyReader(client.getInputStream());
            assertThatThrownBy(reader::read).isInstanceOf(SocketTimeoutException.class);
        }
    }
}
