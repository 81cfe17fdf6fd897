package dev.tern.server;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Received:} trace header the server puts before each message (RFC 5321 §4.4):
 *
 * <pre>
 * Received: from client.example (client.example [192.0.2.1])
 *         by mx.example.test (Tern) with ESMTPS id 0F3K...
 *         for &lt;bob@example.test&gt;; Mon, 23 Nov 2026 10:34:53 +0000
 * </pre>
 *
 * The protocol after {@code with} follows RFC 3848 (SMTP, ESMTP, ESMTPA, ESMTPS, ESMTPSA) and
 * RFC 6531 §3.7.3 (UTF8SMTP, UTF8SMTPA, UTF8SMTPS, UTF8SMTPSA when the transaction used
 * SMTPUTF8). The client is named by its HELO argument and its IP address as an address literal;
 * no DNS lookup is made, so nothing here blocks. {@code for} is given only for a single
 * recipient, so a Bcc list is not disclosed.
 */
final class ReceivedHeader {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private ReceivedHeader() {
    }

    /** The protocol keyword for {@code with} (RFC 3848, RFC 6531). */
    static String protocol(boolean esmtp, boolean tls, boolean authenticated, boolean smtputf8) {
        if (!esmtp) {
            return "SMTP";
        }
        String base = smtputf8 ? "UTF8SMTP" : "ESMTP";
        return base + (tls ? "S" : "") + (authenticated ? "A" : "");
    }

    static byte[] build(String helo, String clientLiteral, String serverHostname, String protocol, String queueId,
            String singleRecipient, ZonedDateTime when) {
        StringBuilder h = new StringBuilder(200);
        h.append("Received: from ").append(helo).append(" (").append(clientLiteral).append(")\r\n");
        h.append("\tby ").append(serverHostname).append(" (Tern) with ").append(protocol).append(" id ").append(queueId);
        if (singleRecipient != null) {
            h.append("\r\n\tfor ").append(singleRecipient);
        }
        h.append("; ").append(DATE.format(when)).append("\r\n");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code \r\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)} after the client's address
     * when TLS is on (the comment form Postfix and Sendmail use; RFC 3848 only names ESMTPS), else
     * nothing.
     */
    static String tlsComment(java.util.Optional<String> protocol, java.util.Optional<String> cipher) {
        if (protocol.isEmpty()) {
            return "";
        }
        return ")\r\n\t(using " + protocol.get() + cipher.map(c -> " with cipher " + c).orElse("");
    }

    /** {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]} (RFC 5321 §4.1.3). */
    static String addressLiteral(java.net.InetAddress address) {
        if (address instanceof java.net.Inet6Address) {
            String s = address.getHostAddress();
            int scope = s.indexOf('%');
            return "[IPv6:" + (scope < 0 ? s : s.substring(0, scope)) + "]";
        }
        return "[" + address.getHostAddress() + "]";
    }
}
