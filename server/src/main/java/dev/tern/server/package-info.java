/** The SMTP server: Netty codec, session state machine, Backend/Session extension API. */
package dev.tern.server;
