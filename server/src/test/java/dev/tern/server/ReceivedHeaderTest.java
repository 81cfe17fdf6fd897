package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ReceivedHeaderTest {

    @Test
    void protocolKeywordsOfRfc3848AndRfc6531() {
        assertThat(ReceivedHeader.protocol(false, false, false, false)).isEqualTo("SMTP");
        assertThat(ReceivedHeader.protocol(true, false, false, false)).isEqualTo("ESMTP");
        assertThat(ReceivedHeader.protocol(true, true, false, false)).isEqualTo("ESMTPS");
        assertThat(ReceivedHeader.protocol(true, false, true, false)).isEqualTo("ESMTPA");
        assertThat(ReceivedHeader.protocol(true, true, true, false)).isEqualTo("ESMTPSA");
        assertThat(ReceivedHeader.protocol(true, false, false, true)).isEqualTo("UTF8SMTP");
        assertThat(ReceivedHeader.protocol(true, true, true, true)).isEqualTo("UTF8SMTPSA");
    }

    @Test
    void addressLiterals() throws Exception {
        assertThat(ReceivedHeader.addressLiteral(InetAddress.getByName("192.0.2.7"))).isEqualTo("[192.0.2.7]");
        assertThat(ReceivedHeader.addressLiteral(InetAddress.getByName("2001:db8::1"))).isEqualTo("[IPv6:2001:db8:0:0:0:0:0:1]");
    }

    @Test
    void headerLinesAreFoldedAndEndWithCrlf() {
        ZonedDateTime when = ZonedDateTime.of(2026, 11, 3, 9, 5, 7, 0, ZoneOffset.ofHours(1));
        String h = new String(ReceivedHeader.build("client.example", "[192.0.2.7]", "mx.example.test", "ESMTP", "ID1", "<b@example.test>", when),
                StandardCharsets.UTF_8);
        assertThat(h).isEqualTo("Received: from client.example ([192.0.2.7])\r\n\tby mx.example.test (Tern) with ESMTP id ID1\r\n"
                + "\tfor <b@example.test>; Tue, 3 Nov 2026 09:05:07 +0100\r\n");
        String two = new String(ReceivedHeader.build("c", "[192.0.2.7]", "mx", "SMTP", "ID2", null, when), StandardCharsets.UTF_8);
        assertThat(two).isEqualTo("Received: from c ([192.0.2.7])\r\n\tby mx (Tern) with SMTP id ID2; Tue, 3 Nov 2026 09:05:07 +0100\r\n");
    }

    @Test
    void queueIdsAreUniqueSixteenCharactersOfBase32() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = QueueIds.next();
            assertThat(id).matches("[0-9A-HJKMNP-TV-Z]{16}");
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }
}
