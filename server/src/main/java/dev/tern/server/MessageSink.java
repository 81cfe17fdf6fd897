package dev.tern.server;

/** Where the inbound decoder puts message octets (dot-unstuffed DATA or BDAT chunks). Event-loop side. */
interface MessageSink {

    /** Takes octets; they are copied, so the caller may reuse the array. */
    void write(byte[] b, int off, int len);

    /** A bare CR or bare LF was seen in DATA (spec §4). */
    void bareLineEnding();

    /** A DATA text line passed 1000 octets with its CRLF (RFC 5321 §4.5.3.1.6). */
    default void lineTooLong() {
    }

    /** Throws everything away (a refused BDAT chunk). */
    MessageSink DISCARD = new MessageSink() {
        @Override
        public void write(byte[] b, int off, int len) {
        }

        @Override
        public void bareLineEnding() {
        }
    };
}
