package dev.tern.server;

import dev.tern.protocol.reply.ParsedReply;
import dev.tern.protocol.reply.ReplyReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw socket SMTP client for exact-bytes tests; every read times out after 10 s. */
final class RawClient implements AutoCloseable {

    final Socket socket;
    final InputStream in;
    final OutputStream out;
    final ReplyReader reader;

    RawClient(int port) throws IOException {
        this(port, 10_000);
    }

    RawClient(int port, int timeoutMillis) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(timeoutMillis);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        reader = new ReplyReader(in);
    }

    /** Connects and reads the greeting. */
    static RawClient connect(int port) throws IOException {
        RawClient c = new RawClient(port);
        String greeting = c.readRaw();
        if (!greeting.startsWith("220 ")) {
            throw new IOException("unexpected greeting: " + greeting);
        }
        return c;
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next reply exactly as sent, CRLFs included. */
    String readRaw() throws IOException {
        try {
            return reader.read(true).raw();
        } catch (dev.tern.protocol.reply.ReplyParseException e) {
            throw new IOException(e);
        }
    }

    ParsedReply read() throws IOException {
        try {
            return reader.read(true);
        } catch (dev.tern.protocol.reply.ReplyParseException e) {
            throw new IOException(e);
        }
    }

    /** Sends a command line (CRLF added) and returns the raw reply. */
    String command(String line) throws IOException {
        send(line + "\r\n");
        return readRaw();
    }

    /** True when the server has closed the connection (reads end of stream within the timeout). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
