package dev.tern.app.send;

import dev.tern.client.MessageSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A message that {@code tern send} writes itself: RFC 5322 header fields, then a text body from
 * the command line or streamed from a file (never read whole into memory).
 */
final class ComposedMessage implements MessageSource {

    private final byte[] header;
    private final byte[] inlineBody;
    private final Path bodyFile;
    private final long size;
    private final boolean eightBit;

    private ComposedMessage(byte[] header, byte[] inlineBody, Path bodyFile, long size, boolean eightBit) {
        this.header = header;
        this.inlineBody = inlineBody;
        this.bodyFile = bodyFile;
        this.size = size;
        this.eightBit = eightBit;
    }

    /**
     * @param from     the From address
     * @param to       the To addresses
     * @param subject  the subject, or null
     * @param extra    further header fields as {@code Name: value}
     * @param body     the body text, or null when {@code bodyFile} is given
     * @param bodyFile a file whose content is the body, or null
     * @param domain   the domain for the Message-ID
     */
    static ComposedMessage of(String from, List<String> to, String subject, List<String> extra, String body, Path bodyFile,
                              String domain) throws IOException {
        byte[] inline = bodyFile == null ? (body == null ? "This is a test message sent by tern send.\n" : body + "\n")
                .getBytes(StandardCharsets.UTF_8) : null;
        boolean bodyEightBit;
        long bodySize;
        if (bodyFile != null) {
            bodySize = Files.size(bodyFile);
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(bodyFile))) {
                bodyEightBit = hasEightBit(in);
            }
        } else {
            bodySize = inline.length;
            bodyEightBit = hasEightBit(new ByteArrayInputStream(inline));
        }
        StringBuilder h = new StringBuilder();
        h.append("From: ").append(from).append("\r\n");
        h.append("To: ").append(String.join(", ", to)).append("\r\n");
        if (subject != null) {
            h.append("Subject: ").append(encodeWord(subject)).append("\r\n");
        }
        h.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT).format(ZonedDateTime.now()))
                .append("\r\n");
        h.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(domain).append(">\r\n");
        boolean hasMime = extra.stream().anyMatch(x -> x.regionMatches(true, 0, "MIME-Version:", 0, 13));
        boolean hasType = extra.stream().anyMatch(x -> x.regionMatches(true, 0, "Content-Type:", 0, 13));
        if (!hasMime) {
            h.append("MIME-Version: 1.0\r\n");
        }
        if (!hasType) {
            h.append("Content-Type: text/plain; charset=UTF-8\r\n");
            h.append("Content-Transfer-Encoding: ").append(bodyEightBit ? "8bit" : "7bit").append("\r\n");
        }
        for (String x : extra) {
            int colon = x.indexOf(':');
            h.append(x, 0, colon).append(": ").append(encodeWord(x.substring(colon + 1).trim())).append("\r\n");
        }
        h.append("\r\n");
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        return new ComposedMessage(header, inline, bodyFile, header.length + bodySize, bodyEightBit);
    }

    /** RFC 2047 B-encoding for a header value with non-ASCII characters, so the header stays 7-bit. */
    static String encodeWord(String value) {
        if (value.chars().allMatch(c -> c < 128)) {
            return value;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private static boolean hasEightBit(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) >= 0) {
            if (b >= 0x80) {
                return true;
            }
        }
        return false;
    }

    @Override
    public InputStream open() throws IOException {
        InputStream body = bodyFile != null ? Files.newInputStream(bodyFile) : new ByteArrayInputStream(inlineBody);
        return new SequenceInputStream(new ByteArrayInputStream(header), body);
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.of(size);
    }

    @Override
    public boolean eightBit() {
        return eightBit;
    }

    @Override
    public boolean utf8Headers() {
        return false;
    }
}
