package dev.tern.client;

import dev.tern.protocol.io.CountingInputStream;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The message (headers and body, RFC 5322) to send. It can be opened more than once: a message
 * whose recipients need a second transaction (452 4.5.3) is streamed again. Line ends may be LF
 * or CRLF; the client writes CRLF and dot-stuffs on the way out.
 */
public interface MessageSource {

    /** A fresh stream over the whole message. */
    InputStream open() throws IOException;

    /** The size in octets, when known; used for the SIZE parameter and the SIZE check (RFC 1870). */
    OptionalLong size();

    /** Whether the message has octets above 127, so it needs BODY=8BITMIME (RFC 6152). */
    boolean eightBit();

    /** Whether the header has octets above 127 (UTF-8 headers, RFC 6532), so it needs SMTPUTF8. */
    boolean utf8Headers();

    static MessageSource of(String message) {
        return of(message.getBytes(StandardCharsets.UTF_8));
    }

    /** A message held in memory (small messages, tests). */
    static MessageSource of(byte[] message) {
        byte[] copy = message.clone();
        Scan scan;
        try {
            scan = Scan.of(new ByteArrayInputStream(copy));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Fixed(() -> new ByteArrayInputStream(copy), copy.length, scan);
    }

    /** A message in a file; it is read once now to see whether it is 8-bit, and streamed on each send. */
    static MessageSource of(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        Scan scan;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            scan = Scan.of(in);
        }
        return new Fixed(() -> Files.newInputStream(file), Files.size(file), scan);
    }

    /**
     * A message from any re-openable source (a queue file, a blob store): it is read once now
     * to learn its size and whether it is 8-bit, and streamed again on each send.
     */
    static MessageSource scanned(Opener opener) throws IOException {
        Objects.requireNonNull(opener, "opener");
        Scan scan;
        long size;
        try (CountingInputStream in = new CountingInputStream(new BufferedInputStream(opener.open(), 64 * 1024))) {
            scan = Scan.of(in);
            in.skipToEnd();
            size = in.count();
        }
        return new Fixed(opener, size, scan);
    }

    /** How to open a stream. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /** A source whose properties were determined once. */
    record Fixed(Opener opener, long length, Scan scan) implements MessageSource {
        @Override
        public InputStream open() throws IOException {
            return opener.open();
        }

        @Override
        public OptionalLong size() {
            return OptionalLong.of(length);
        }

        @Override
        public boolean eightBit() {
            return scan.eightBit();
        }

        @Override
        public boolean utf8Headers() {
            return scan.utf8Headers();
        }
    }

    /** What one pass over a message found: 8-bit octets anywhere, and in the header section. */
    record Scan(boolean eightBit, boolean utf8Headers) {
        /** Reads until it knows both answers (the first 8-bit octet in the header, or the end). */
        public static Scan of(InputStream in) throws IOException {
            boolean eightBit = false;
            boolean headerEightBit = false;
            boolean inHeader = true;
            int lineLength = 0;
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    if (lineLength == 0) {
                        inHeader = false;
                    }
                    lineLength = 0;
                } else if (b != '\r') {
                    lineLength++;
                }
                if (b >= 0x80) {
                    eightBit = true;
                    if (inHeader) {
                        headerEightBit = true;
                        break;
                    }
                }
            }
            return new Scan(eightBit, headerEightBit);
        }
    }
}
