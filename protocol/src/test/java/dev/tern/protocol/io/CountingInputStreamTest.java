package dev.tern.protocol.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class CountingInputStreamTest {

    @Test
    void countsSingleOctetsBlocksAndTheRestButNotEndOfStream() throws IOException {
        CountingInputStream in = new CountingInputStream(new ByteArrayInputStream(new byte[20_000]));
        assertThat(in.read()).isZero();
        assertThat(in.read(new byte[100], 0, 100)).isEqualTo(100);
        assertThat(in.count()).isEqualTo(101);
        in.skipToEnd();
        assertThat(in.count()).isEqualTo(20_000);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
        assertThat(in.count()).isEqualTo(20_000);
    }
}
