package dev.tern.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket SMTP server on 127.0.0.1 that answers what a test scripts. Each answer is the
 * full reply text without the final CRLF ({@code "250-a\r\n250 b"} for multi-line); {@code null}
 * closes the connection without a reply; {@link #HANG} says nothing until the client goes away.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    static final String HANG = "\u0000hang";

    /** What the server says; override what the test needs. Counters start at 0. */
    static class Script {
        String greeting(int connection) {
            return "220 scripted.test ESMTP";
        }

        String ehlo(int connection) {
            return "250-scripted.test\r\n250-ENHANCEDSTATUSCODES\r\n250 8BITMIME";
        }

        String mail(String argument, int transaction) {
            return "250 2.1.0 Ok";
        }

        String rcpt(String argument, int indexInTransaction, int transaction) {
            return "250 2.1.5 Ok";
        }

        String data(int transaction) {
            return "354 End data with <CR><LF>.<CR><LF>";
        }

        String endOfData(Received message, int transaction) {
            return "250 2.0.0 Ok: queued";
        }

        /** Any other command (AUTH, VRFY ...). */
        String other(String line) {
            return "502 5.5.1 Not implemented";
        }

        /** A server that answers every RCPT with {@code reply} and everything else normally. */
        static Script answeringEveryRcpt(String reply) {
            return new Script() {
                @Override
                String rcpt(String argument, int indexInTransaction, int transaction) {
                    return reply;
                }
            };
        }
    }

    /** A message the server answered 2xx to at the end of data. */
    record Received(String from, List<String> recipients, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket socket;
    private final Script script;
    private final Thread acceptor;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    final List<Received> accepted = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger transactions = new AtomicInteger();
    /** Every command line received, in order, over all connections. */
    final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    ScriptedSmtpServer(Script script) throws IOException {
        this.script = script;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "scripted-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = socket.accept();
                open.add(s);
                int n = connections.getAndIncrement();
                Thread t = new Thread(() -> serve(s, n), "scripted-smtp-" + n);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int connection) {
        try (s) {
            s.setSoTimeout(30_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            if (!say(out, in, script.greeting(connection))) {
                return;
            }
            String from = null;
            List<String> rcpts = new ArrayList<>();
            int tx = -1;
            for (int i = 0; i < 10_000; i++) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                commands.add(line);
                String upper = line.toUpperCase(Locale.ROOT);
                String reply;
                if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                    reply = script.ehlo(connection);
                } else if (upper.startsWith("MAIL FROM:")) {
                    tx = transactions.getAndIncrement();
                    from = line.substring(10);
                    rcpts = new ArrayList<>();
                    reply = script.mail(line.substring(10), tx);
                } else if (upper.startsWith("RCPT TO:")) {
                    reply = script.rcpt(line.substring(8), rcpts.size(), tx);
                    if (reply != null && reply.startsWith("2")) {
                        rcpts.add(line.substring(8));
                    } else if (reply != null) {
                        rcpts.add(null); // keeps the index counting every RCPT
                    }
                } else if (upper.equals("DATA")) {
                    reply = script.data(tx);
                    if (reply != null && reply.startsWith("354")) {
                        if (!say(out, in, reply)) {
                            return;
                        }
                        byte[] data = readData(in);
                        if (data == null) {
                            return;
                        }
                        Received r = new Received(from, rcpts.stream().filter(x -> x != null).toList(), data);
                        reply = script.endOfData(r, tx);
                        if (reply != null && reply.startsWith("2")) {
                            accepted.add(r);
                        }
                    }
                } else if (upper.equals("RSET")) {
                    from = null;
                    rcpts = new ArrayList<>();
                    reply = "250 2.0.0 Ok";
                } else if (upper.equals("NOOP")) {
                    reply = "250 2.0.0 Ok";
                } else if (upper.equals("QUIT")) {
                    say(out, in, "221 2.0.0 Bye");
                    return;
                } else {
                    reply = script.other(line);
                }
                if (!say(out, in, reply)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            open.remove(s);
        }
    }

    /** Sends a reply; false when the script says to close or hang. */
    private boolean say(OutputStream out, InputStream in, String reply) throws IOException {
        if (reply == null) {
            return false;
        }
        if (reply.equals(HANG)) {
            // read and drop until the client closes or the socket times out
            byte[] buf = new byte[1024];
            while (!closed && in.read(buf) >= 0) {
                // nothing
            }
            return false;
        }
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return !reply.startsWith("421");
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            b.write(c);
        }
        return null;
    }

    /** Reads DATA up to the lone dot, undoing dot-stuffing; null when the connection ends first. */
    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < 10_000_000; i++) {
            String line = readLine(in);
            if (line == null) {
                return null;
            }
            if (line.equals(".")) {
                return data.toByteArray();
            }
            if (line.startsWith(".")) {
                line = line.substring(1);
            }
            data.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
