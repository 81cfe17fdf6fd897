package dev.tern.server;

/** Where a session is in the SMTP dialogue (RFC 5321 §4.1.4). */
enum SessionState {
    /** Greeted, waiting for HELO or EHLO. */
    CONNECTED,
    /** HELO or EHLO done, no transaction open. */
    READY,
    /** MAIL accepted; recipients may follow. */
    MAIL,
    /** DATA accepted (354 sent); message octets are being read. */
    DATA,
    /** BDAT chunks are being read (RFC 3030); more BDAT commands may follow. */
    CHUNKING,
    /** Greeted with 554 (client refused): only QUIT is served (RFC 5321 §3.1). */
    REFUSED,
    /** The server is closing the connection; input is ignored. */
    CLOSING
}
