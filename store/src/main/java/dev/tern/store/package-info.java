/** Durable local storage: Maildir delivery and the spool of accepted messages. */
package dev.tern.store;
