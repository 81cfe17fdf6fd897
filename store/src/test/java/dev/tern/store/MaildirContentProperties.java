package dev.tern.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever bytes arrive, the stored file is Return-Path plus exactly those bytes with CRLF turned into LF. */
class MaildirContentProperties {

    @Provide
    Arbitrary<byte[]> messages() {
        // bytes with many CR and LF, so that every pairing (CRLF, bare CR, bare LF, CR at a read boundary) occurs
        Arbitrary<Byte> b = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just((byte) '\r')),
                net.jqwik.api.Tuple.of(3, Arbitraries.just((byte) '\n')),
                net.jqwik.api.Tuple.of(6, Arbitraries.bytes()));
        return b.array(byte[].class).ofMaxSize(300_000).map(a -> a);
    }

    static byte[] crlfToLf(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
                continue;
            }
            out.write(in[i]);
        }
        return out.toByteArray();
    }

    @Property(tries = 60)
    void storedBytesAreTheInputWithCrlfAsLf(@ForAll("messages") byte[] message) throws Exception {
        Path root = Files.createTempDirectory("tern-maildir-prop");
        try {
            MaildirStore store = new MaildirStore(root, MaildirStore.Settings.defaults("h.test"));
            MaildirStore.Delivered d = store.deliver(List.of(Recipient.unlimited("a@h.test")), "s@x.test", new ByteArrayInputStream(message));
            byte[] stored = Files.readAllBytes(d.files().get(0));
            byte[] header = "Return-Path: <s@x.test>\n".getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.write(header);
            expected.write(crlfToLf(message));
            assertThat(stored).isEqualTo(expected.toByteArray());
            long lfs = 0;
            for (byte x : stored) {
                if (x == '\n') {
                    lfs++;
                }
            }
            String name = d.files().get(0).getFileName().toString();
            assertThat(name).endsWith(",S=" + stored.length + ",W=" + (stored.length + lfs));
        } finally {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
