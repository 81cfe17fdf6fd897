package dev.tern.server;

/**
 * Asked at MAIL whether there is room for a message of the given size (0 when the client gave no
 * SIZE); {@code false} gives {@code 452 4.3.1} (RFC 1870 §6, spec §4). May block briefly.
 */
@FunctionalInterface
public interface StorageCheck {

    StorageCheck ALWAYS = octets -> true;

    boolean hasRoomFor(long octets);
}
