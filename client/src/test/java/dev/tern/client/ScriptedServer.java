package dev.tern.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A raw-socket SMTP peer for tests, on 127.0.0.1: every connection runs a {@link Script} that
 * reads command lines and writes whatever bytes the test wants, including replies no well-behaved
 * server sends. Each connection has a 20-second read timeout so that no test hangs.
 */
final class ScriptedServer implements AutoCloseable {

    /** What the server does on one connection. */
    @FunctionalInterface
    interface Script {
        void run(Conversation c) throws IOException;
    }

    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    final List<String> commands = new CopyOnWriteArrayList<>();
    final List<String> messages = new CopyOnWriteArrayList<>();
    volatile int connections;

    ScriptedServer(Script script) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    connections++;
                    Thread t = new Thread(() -> {
                        try (s) {
                            s.setSoTimeout(20_000);
                            script.run(new Conversation(s));
                        } catch (SocketException e) {
                            // the client went away: normal at the end of many scripts
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }, "scripted-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "scripted-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    List<Throwable> failures() {
        return failures;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    /** One connection: line reads, raw writes, the DATA reader. */
    final class Conversation {
        Socket socket;
        InputStream in;
        OutputStream out;

        Conversation(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** Turns the connection into a TLS server connection (after a 220 to STARTTLS, or at once for implicit TLS). */
        void startTls(javax.net.ssl.SSLContext context) throws IOException {
            javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                    .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
            ssl.setUseClientMode(false);
            socket = ssl;
            in = new BufferedInputStream(ssl.getInputStream());
            out = ssl.getOutputStream();
            ssl.startHandshake();
        }

        /** Writes each line with CRLF. */
        void reply(String... lines) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (String l : lines) {
                sb.append(l).append("\r\n");
            }
            raw(sb.toString());
        }

        void raw(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** One command line without CRLF, or null at end of stream; recorded in {@link #commands}. */
        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    byte[] bytes = b.toByteArray();
                    int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    String l = new String(bytes, 0, len, StandardCharsets.UTF_8);
                    commands.add(l);
                    return l;
                }
                b.write(c);
            }
            return null;
        }

        /** Reads a command and checks its start (case-insensitive). */
        String expect(String prefix) throws IOException {
            String l = line();
            if (l == null || !l.regionMatches(true, 0, prefix, 0, prefix.length())) {
                throw new AssertionError("expected " + prefix + " but got " + l);
            }
            return l;
        }

        /** Reads DATA content up to CRLF.CRLF, removes dot-stuffing, records it in {@link #messages}. */
        String data() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                String l = rawLine();
                if (l == null) {
                    throw new IOException("end of stream in DATA");
                }
                if (l.equals(".")) {
                    break;
                }
                sb.append(l.startsWith(".") ? l.substring(1) : l).append("\r\n");
            }
            messages.add(sb.toString());
            return sb.toString();
        }

        /** Reads exactly n octets (BDAT). */
        byte[] octets(int n) throws IOException {
            return in.readNBytes(n);
        }

        private String rawLine() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    byte[] bytes = b.toByteArray();
                    if (bytes.length == 0 || bytes[bytes.length - 1] != '\r') {
                        throw new AssertionError("bare LF in the data stream");
                    }
                    return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
                }
                b.write(c);
            }
            return null;
        }

        /** Greeting and EHLO with the given extension lines. */
        void greetAndEhlo(String... extensions) throws IOException {
            reply("220 scripted.test ESMTP");
            expect("EHLO ");
            String[] lines = new String[extensions.length + 1];
            lines[0] = (extensions.length == 0 ? "250 " : "250-") + "scripted.test";
            for (int i = 0; i < extensions.length; i++) {
                lines[i + 1] = (i == extensions.length - 1 ? "250 " : "250-") + extensions[i];
            }
            reply(lines);
        }

        /** Accepts one message with one recipient: MAIL, RCPT, DATA, the data, each answered with success. */
        void acceptOneMessage() throws IOException {
            expect("MAIL");
            reply("250 ok");
            expect("RCPT");
            reply("250 ok");
            expect("DATA");
            reply("354 go");
            data();
            reply("250 ok");
        }

        /** Reads QUIT (or end of stream) and answers 221. */
        void quit() throws IOException {
            String l = line();
            if (l != null && l.equalsIgnoreCase("QUIT")) {
                reply("221 2.0.0 bye");
            }
        }
    }
}
