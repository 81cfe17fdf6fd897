package dev.tern.client;

/** Where in the delivery a recipient's fate was decided. */
public enum Stage {
    /** Before any network traffic: a check of the message against what the server offers, or a bad envelope. */
    PRECHECK,
    /** MX / address lookup. */
    ROUTE,
    /** TCP connect or the greeting. */
    CONNECT,
    /** EHLO or HELO. */
    HELLO,
    /** STARTTLS or the TLS handshake. */
    TLS,
    /** AUTH. */
    AUTH,
    /** RSET between transactions. */
    RSET,
    /** MAIL FROM. */
    MAIL,
    /** RCPT TO. */
    RCPT,
    /** DATA (the 354) or a BDAT chunk before the last. */
    DATA,
    /** The reply after the end of data, or to BDAT LAST. */
    END_OF_DATA
}
