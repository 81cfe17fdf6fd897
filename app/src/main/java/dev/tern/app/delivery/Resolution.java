package dev.tern.app.delivery;

import dev.tern.protocol.address.Mailbox;
import dev.tern.protocol.reply.Reply;
import dev.tern.store.Recipient;
import java.util.List;

/**
 * Where mail for one address goes: local mailboxes and addresses on other hosts, and the reply
 * that accepts it (250, or 251 when every target is on another host).
 */
public record Resolution(List<Recipient> local, List<Mailbox> remote, Reply reply) {
    public Resolution {
        local = List.copyOf(local);
        remote = List.copyOf(remote);
    }
}
