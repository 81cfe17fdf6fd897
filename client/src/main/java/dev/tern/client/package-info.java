/** The SMTP client library: connect, MX lookup, EHLO, STARTTLS, AUTH, pipelining, per-recipient results. */
package dev.tern.client;
