package dev.tern.relay.route;

import dev.tern.protocol.reply.Reply;
import java.util.List;

/** Where mail for one domain goes: hops to try in order, or a reply that says why not. */
public sealed interface Route {

    /** Servers to try, best first; the next is tried when one cannot be reached or answers 4xx at greeting. */
    record Hops(List<Hop> hops) implements Route {
        public Hops {
            hops = List.copyOf(hops);
        }
    }

    /** No hop: a transient (4xx: DNS timeout) or permanent (5xx: no such domain, null MX) failure. */
    record Unroutable(Reply reply) implements Route {
    }
}
