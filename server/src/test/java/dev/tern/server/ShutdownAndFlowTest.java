package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Graceful shutdown, backpressure of the message stream, and flushing of pipelined replies. */
@Timeout(60)
class ShutdownAndFlowTest {
    @TempDir
    Path dir;

    @Test
    void shutdownClosesIdleSessionsAndLetsTransactionsFinish() throws Exception {
        ServerFixture f = new ServerFixture(dir);
        try (RawClient idle = f.client(); RawClient busy = f.client()) {
            idle.command("EHLO idle.example");
            busy.command("EHLO busy.example");
            busy.command("MAIL FROM:<a@example.org>");
            busy.command("RCPT TO:<b@example.test>");
            busy.command("DATA");
            busy.send("Subject: in flight\r\n\r\nfirst half ");
            int port = f.port();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> f.server.shutdown(Duration.ofSeconds(20)));
            assertThat(idle.readRaw()).isEqualTo("421 4.3.2 mx.test.example Service shutting down, closing connection\r\n");
            assertThat(idle.closedByServer()).isTrue();
            assertThat(Eventually.holds(() -> {
                try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                    return false;
                } catch (IOException e) {
                    return true;
                }
            })).as("no longer accepting").isTrue();
            busy.send("second half\r\n.\r\n");
            assertThat(busy.readRaw()).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(busy.readRaw()).isEqualTo("421 4.3.2 mx.test.example Service shutting down, closing connection\r\n");
            assertThat(busy.closedByServer()).isTrue();
            stopping.get();
            assertThat(f.backend.delivered).hasSize(1);
            assertThat(f.backend.delivered.get(0).body()).isEqualTo("Subject: in flight\r\n\r\nfirst half second half\r\n");
            assertThatThrownBy(() -> new RawClient(port)).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void transactionsStillOpenAfterTheGracePeriodAreDroppedWhole() throws Exception {
        ServerFixture f = new ServerFixture(dir);
        try (RawClient busy = f.client()) {
            busy.command("EHLO busy.example");
            busy.command("MAIL FROM:<a@example.org>");
            busy.command("RCPT TO:<b@example.test>");
            busy.command("DATA");
            busy.send("Subject: never finished\r\n\r\nhalf");
            long start = System.nanoTime();
            f.server.shutdown(Duration.ofMillis(500));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            assertThat(busy.readRaw()).isEqualTo("421 4.3.2 mx.test.example Service shutting down, closing connection\r\n");
            assertThat(busy.closedByServer()).isTrue();
            assertThat(f.backend.delivered).isEmpty();
            assertThat(dir.resolve("new")).isEmptyDirectory();
            assertThat(dir.resolve("tmp")).isEmptyDirectory();
            assertThat(f.backend.logouts.get()).isEqualTo(1);
        }
    }

    /**
     * A session's worker may still be busy (here in VRFY, then QUIT pipelined behind it) after
     * its client has gone; shutdown must let that work end while the event loops still run, or
     * the close it asks for lands on a terminated loop (Netty: "Failed to submit a listener
     * notification task. Event loop shut down?").
     */
    @Test
    void sessionWorkLeftWhenTheClientIsGoneEndsBeforeTheEventLoops() throws Exception {
        java.util.concurrent.CountDownLatch inVerify = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean verifyReturned = new java.util.concurrent.atomic.AtomicBoolean();
        TestBackend base = new TestBackend(dir);
        Backend slowVrfy = connection -> {
            Session s = base.newSession(connection);
            return new Session() {
                public void mail(dev.tern.protocol.address.ReversePath from, dev.tern.protocol.params.MailParameters p) {
                    s.mail(from, p);
                }

                public dev.tern.protocol.reply.Reply rcpt(dev.tern.protocol.address.ForwardPath to,
                        dev.tern.protocol.params.RcptParameters p) {
                    return s.rcpt(to, p);
                }

                public dev.tern.protocol.reply.Reply data(String queueId, java.io.InputStream message) throws IOException {
                    return s.data(queueId, message);
                }

                public void reset() {
                    s.reset();
                }

                public void logout() {
                    s.logout();
                }

                public dev.tern.protocol.reply.Reply verify(String argument) {
                    inVerify.countDown();
                    try {
                        release.await(20, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    verifyReturned.set(true);
                    return s.verify(argument);
                }
            };
        };
        SmtpServer server = SmtpServer.builder().hostname(ServerFixture.HOST).port(0).backend(slowVrfy).start();
        java.io.PrintStream originalErr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        try {
            try (RawClient c = RawClient.connect(server.port())) {
                c.command("EHLO client.example");
                c.send("VRFY someone\r\nQUIT\r\n");
                assertThat(inVerify.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
            assertThat(Eventually.holds(() -> server.connectionCount() == 0)).as("the server saw the client go").isTrue();
            // the log goes to System.err (slf4j-simple); keep a copy of what this shutdown writes
            System.setErr(new java.io.PrintStream(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    originalErr.write(b);
                    synchronized (captured) {
                        captured.write(b);
                    }
                }
            }, true));
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(5)));
            Thread.sleep(300);
            assertThat(stopping).as("shutdown waits for the session's work").isNotDone();
            release.countDown();
            stopping.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(verifyReturned).isTrue();
        } finally {
            release.countDown();
            System.setErr(originalErr);
            server.shutdown(Duration.ofSeconds(1));
        }
        String log;
        synchronized (captured) {
            log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(log).doesNotContain("RejectedExecutionException").doesNotContain("Event loop shut down");
    }

    @Test
    void pipelinedGroupIsAnsweredInOneFlush() throws Exception {
        try (ServerFixture f = new ServerFixture(dir); RawClient c = f.client()) {
            c.command("EHLO client.example");
            Thread.sleep(100);
            long before = f.server.replyFlushCount();
            c.send("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.test>\r\nRCPT TO:<c@example.test>\r\n"
                    + "RCPT TO:<unknown@example.test>\r\nNOOP\r\n");
            for (int i = 0; i < 5; i++) {
                c.readRaw();
            }
            assertThat(f.server.replyFlushCount() - before).isEqualTo(1);
        }
    }

    @Test
    void largeMessageIsStreamedIntactThroughABoundedBuffer() throws Exception {
        try (ServerFixture f = new ServerFixture(dir); RawClient c = f.client()) {
            c.command("EHLO client.example");
            c.command("MAIL FROM:<a@example.org> SIZE=20000000");
            c.command("RCPT TO:<b@example.test>");
            c.command("DATA");
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            StringBuilder block = new StringBuilder();
            for (int i = 0; i < 2000; i++) {
                String l = (i % 7 == 0 ? "." : "") + ("L" + i + "-").repeat(30).substring(0, 70) + "\r\n";
                block.append(l);
            }
            String chunk = block.toString();
            String unstuffed = chunk.replace("\r\n.", "\r\n");
            unstuffed = unstuffed.startsWith(".") ? unstuffed.substring(1) : unstuffed;
            for (int i = 0; i < 100; i++) {
                c.send(chunk);
                sent.update(unstuffed.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            c.send(".\r\n");
            assertThat(c.readRaw()).startsWith("250 2.0.0 Ok: queued as ");
            String text = f.backend.delivered.get(0).text();
            String body = text.substring(text.indexOf("\r\n", text.indexOf("; ")) + 2);
            MessageDigest got = MessageDigest.getInstance("SHA-256");
            got.update(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(HexFormat.of().formatHex(got.digest())).isEqualTo(HexFormat.of().formatHex(sent.digest()));
        }
    }

    @Test
    void pipeStopsTheWriterWhenFullAndRestartsItWhenDrained() throws Exception {
        AtomicInteger pauses = new AtomicInteger();
        AtomicInteger resumes = new AtomicInteger();
        MessagePipe pipe = new MessagePipe(Long.MAX_VALUE, BareLineEndings.REJECT, new FlowControl() {
            @Override
            public void pause() {
                pauses.incrementAndGet();
            }

            @Override
            public void resume() {
                resumes.incrementAndGet();
            }
        });
        byte[] block = new byte[16 * 1024];
        int written = 0;
        while (pauses.get() == 0 && written < 100) {
            pipe.write(block, 0, block.length);
            written++;
        }
        assertThat(pauses.get()).isEqualTo(1);
        assertThat((long) pipe.available()).isLessThanOrEqualTo(MessagePipe.HIGH_WATER + block.length);
        byte[] buf = new byte[8192];
        long read = 0;
        while (resumes.get() == 0 && read < (long) written * block.length) {
            read += pipe.read(buf, 0, buf.length);
        }
        assertThat(resumes.get()).isEqualTo(1);
        assertThat((long) pipe.available()).isLessThan(MessagePipe.LOW_WATER);
        pipe.end();
        long rest = pipe.transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(read + rest).isEqualTo((long) written * block.length);
    }

    @Test
    void pipeFailsWithTheReplyWhenTooBigOrBare() throws Exception {
        MessagePipe pipe = new MessagePipe(10, BareLineEndings.REJECT, new FlowControl() {
            @Override
            public void pause() {
            }

            @Override
            public void resume() {
            }
        });
        pipe.write(new byte[11], 0, 11);
        assertThatThrownBy(() -> pipe.read(new byte[4], 0, 4)).isInstanceOf(MessageAbortedException.class)
                .satisfies(e -> assertThat(((MessageAbortedException) e).reply().orElseThrow().toString())
                        .isEqualTo("552 5.3.4 Message size exceeds the fixed limit of 10 bytes"));
        MessagePipe bare = new MessagePipe(1000, BareLineEndings.REJECT, new FlowControl() {
            @Override
            public void pause() {
            }

            @Override
            public void resume() {
            }
        });
        bare.write(new byte[] {'a', '\n'}, 0, 2);
        bare.bareLineEnding();
        bare.end();
        assertThatThrownBy(() -> bare.read(new byte[4], 0, 4)).isInstanceOf(MessageAbortedException.class)
                .hasMessage("bare CR or LF in data");
    }

    @Test
    void clientThatDoesNotReadRepliesIsNotReadEither() throws Exception {
        try (ServerFixture f = new ServerFixture(dir); java.net.Socket socket = new java.net.Socket()) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), f.port()));
            socket.setSoTimeout(10_000);
            int commands = 1_000_000;
            // each 8-octet VRFY earns a 76-octet reply that this client does not read; the writer
            // blocks once the server stops reading, so it runs apart and is stopped by closing
            byte[] block = "VRFY x\r\n".repeat(10_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < commands / 10_000; i++) {
                        socket.getOutputStream().write(block);
                        written.addAndGet(block.length);
                    }
                } catch (IOException e) {
                    // the socket was closed under a blocked write: expected
                }
            });
            // Wait until the server has answered some commands and then neither it nor the writer
            // moves for a whole second: a state, not a time, decides (a loaded machine may take
            // long to get there, so the bound is generous: 45 s, 180 looks)
            int stableLooks = 0;
            long lastVerifies = -1;
            long lastWritten = -1;
            long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
            for (int i = 0; i < 180 && stableLooks < 4 && System.nanoTime() < deadline; i++) {
                Thread.sleep(250);
                long v = f.backend.verifies.get();
                long w = written.get();
                stableLooks = v > 0 && v == lastVerifies && w == lastWritten ? stableLooks + 1 : 0;
                lastVerifies = v;
                lastWritten = w;
            }
            assertThat(stableLooks).as("the server stopped taking commands (verifies=%d, written=%d)", lastVerifies,
                    lastWritten).isEqualTo(4);
            int stalledAt = f.backend.verifies.get();
            // it stopped once the unread replies filled the socket buffers, far from all of them
            assertThat(stalledAt).isPositive().isLessThan(commands / 2);
            // and it stopped for this client's sake: reading replies makes it take commands again
            java.io.InputStream in = socket.getInputStream();
            byte[] buf = new byte[64 * 1024];
            for (int i = 0; i < 2_000 && f.backend.verifies.get() <= stalledAt; i++) {
                assertThat(in.read(buf)).isPositive();
            }
            assertThat(f.backend.verifies.get()).isGreaterThan(stalledAt);
            socket.close();
            writer.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
