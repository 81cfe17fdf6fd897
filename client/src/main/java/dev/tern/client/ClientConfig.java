package dev.tern.client;

import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * What an {@link SmtpClient} does on every connection. Immutable; build with {@link #builder()}.
 *
 * @param heloName          the name given in EHLO/HELO (RFC 5321 §4.1.1.1: the client's FQDN or an address literal)
 * @param timeouts          per-step timeouts
 * @param tlsMode           STARTTLS use
 * @param implicitTls       TLS from the first byte (port 465, RFC 8314) instead of STARTTLS
 * @param verifyCertificates check the server certificate's chain and host name; on by default,
 *                          switch off only for tests or known self-signed peers
 * @param sslContext        trust material for TLS; null for the JDK default trust store
 * @param credentials       AUTH credentials, or null for no AUTH
 * @param authWithoutTls    whether to send credentials over a connection without TLS
 * @param pipelining        use PIPELINING when the server offers it (RFC 2920)
 * @param chunking          use BDAT when the server offers CHUNKING (RFC 3030)
 * @param chunkSize         octets per BDAT chunk
 * @param mxPort            the port used for hosts found by MX lookup (25; other values for tests)
 * @param transcriptListener called with every transcript entry as it happens, or null
 */
public record ClientConfig(String heloName, Timeouts timeouts, TlsMode tlsMode, boolean implicitTls,
                           boolean verifyCertificates, SSLContext sslContext, Credentials credentials,
                           boolean authWithoutTls, boolean pipelining, boolean chunking, int chunkSize, int mxPort,
                           Consumer<TranscriptEntry> transcriptListener) {

    public ClientConfig {
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(tlsMode, "tlsMode");
        if (heloName.isBlank() || heloName.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
            throw new IllegalArgumentException("HELO name must be a domain or address literal: " + heloName);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive");
        }
        if (mxPort < 1 || mxPort > 65535) {
            throw new IllegalArgumentException("bad port " + mxPort);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.heloName = heloName;
        b.timeouts = timeouts;
        b.tlsMode = tlsMode;
        b.implicitTls = implicitTls;
        b.verifyCertificates = verifyCertificates;
        b.sslContext = sslContext;
        b.credentials = credentials;
        b.authWithoutTls = authWithoutTls;
        b.pipelining = pipelining;
        b.chunking = chunking;
        b.chunkSize = chunkSize;
        b.mxPort = mxPort;
        b.transcriptListener = transcriptListener;
        return b;
    }

    /** Builder with safe defaults: opportunistic STARTTLS, verification on, pipelining on, no BDAT. */
    public static final class Builder {
        private String heloName = DefaultHelo.NAME;
        private Timeouts timeouts = Timeouts.RFC_5321;
        private TlsMode tlsMode = TlsMode.OPPORTUNISTIC;
        private boolean implicitTls;
        private boolean verifyCertificates = true;
        private SSLContext sslContext;
        private Credentials credentials;
        private boolean authWithoutTls;
        private boolean pipelining = true;
        private boolean chunking;
        private int chunkSize = 64 * 1024;
        private int mxPort = 25;
        private Consumer<TranscriptEntry> transcriptListener;

        public Builder heloName(String v) {
            heloName = v;
            return this;
        }

        public Builder timeouts(Timeouts v) {
            timeouts = v;
            return this;
        }

        public Builder tlsMode(TlsMode v) {
            tlsMode = v;
            return this;
        }

        public Builder implicitTls(boolean v) {
            implicitTls = v;
            return this;
        }

        public Builder verifyCertificates(boolean v) {
            verifyCertificates = v;
            return this;
        }

        public Builder sslContext(SSLContext v) {
            sslContext = v;
            return this;
        }

        public Builder credentials(Credentials v) {
            credentials = v;
            return this;
        }

        public Builder authWithoutTls(boolean v) {
            authWithoutTls = v;
            return this;
        }

        public Builder pipelining(boolean v) {
            pipelining = v;
            return this;
        }

        public Builder chunking(boolean v) {
            chunking = v;
            return this;
        }

        public Builder chunkSize(int v) {
            chunkSize = v;
            return this;
        }

        public Builder mxPort(int v) {
            mxPort = v;
            return this;
        }

        public Builder transcriptListener(Consumer<TranscriptEntry> v) {
            transcriptListener = v;
            return this;
        }

        public ClientConfig build() {
            return new ClientConfig(heloName, timeouts, tlsMode, implicitTls, verifyCertificates, sslContext,
                    credentials, authWithoutTls, pipelining, chunking, chunkSize, mxPort, transcriptListener);
        }

    }

    /** Looked up once: the local name may need a reverse DNS query. */
    private static final class DefaultHelo {
        static final String NAME = defaultHeloName();

        /** The local host's name when it looks like a domain, else the address literal of loopback. */
        private static String defaultHeloName() {
            try {
                String name = java.net.InetAddress.getLocalHost().getCanonicalHostName();
                if (name.contains(".") && name.chars().allMatch(c -> c > ' ' && c < 127) && !name.contains(":")) {
                    return name;
                }
            } catch (java.io.IOException | RuntimeException e) {
                // fall through: no usable local name
            }
            return "[127.0.0.1]";
        }
    }
}
