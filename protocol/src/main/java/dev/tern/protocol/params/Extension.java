package dev.tern.protocol.params;

/** The SMTP service extensions that define MAIL and RCPT parameters Tern understands. */
public enum Extension {
    /** SIZE= on MAIL (RFC 1870). */
    SIZE,
    /** BODY=7BIT / BODY=8BITMIME on MAIL (RFC 6152). */
    EIGHTBITMIME,
    /** BODY=BINARYMIME on MAIL; needs CHUNKING (RFC 3030). */
    BINARYMIME,
    /** SMTPUTF8 on MAIL (RFC 6531). */
    SMTPUTF8,
    /** RET= and ENVID= on MAIL, NOTIFY= and ORCPT= on RCPT (RFC 3461). */
    DSN,
    /** AUTH= on MAIL (RFC 4954 §5). */
    AUTH
}
