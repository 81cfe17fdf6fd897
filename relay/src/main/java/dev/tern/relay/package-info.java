/** The durable outbound queue: routing, delivery, retries, DSNs, suppression list. */
package dev.tern.relay;
