/**
 * TLS for the server: Netty {@code SslContext}s from PEM certificate and key files (TLS 1.2 and
 * 1.3 only), a self-signed certificate made on first start when none is configured, and reload
 * when the files change (certificate renewal without a restart).
 */
package dev.tern.server.tls;
