package dev.tern.client;

import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import java.util.List;
import java.util.Objects;

/**
 * Where mail for a domain goes, as DNS says (RFC 5321 §5.1).
 *
 * @param domain the domain looked up
 * @param kind   what the lookup found
 * @param hosts  the hosts to try in order (MX preference, equal preferences shuffled); empty
 *               unless {@code kind} is {@link Kind#MX} or {@link Kind#IMPLICIT}
 * @param detail what DNS said, for messages
 */
public record Route(String domain, Kind kind, List<MxHost> hosts, String detail) {

    /** The outcome of the lookup. */
    public enum Kind {
        /** MX records. */
        MX,
        /** No MX records but an address record: the domain itself is the host (implicit MX). */
        IMPLICIT,
        /** A null MX (RFC 7505): the domain accepts no mail. */
        NULL_MX,
        /** The domain does not exist (NXDOMAIN). */
        NO_SUCH_DOMAIN,
        /** The domain exists but has neither MX nor address records. */
        NO_MAIL_HOST,
        /** DNS failed for now (SERVFAIL, timeout). */
        TEMPORARY_FAILURE
    }

    public Route {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(kind, "kind");
        hosts = List.copyOf(hosts);
        detail = detail == null ? "" : detail;
    }

    /** Whether there is any host to try. */
    public boolean deliverable() {
        return kind == Kind.MX || kind == Kind.IMPLICIT;
    }

    /**
     * The reply every recipient gets when the route is not deliverable: 556 5.1.10 for a null MX,
     * 550 5.1.2 for a domain that does not exist or has neither MX nor address records, 451 4.4.3
     * for a DNS failure; null when deliverable.
     */
    public Reply failure() {
        return switch (kind) {
            case NULL_MX -> Replies.CLIENT_NULL_MX.format(domain);
            case NO_SUCH_DOMAIN -> Replies.CLIENT_NO_SUCH_DOMAIN.format(domain);
            case NO_MAIL_HOST -> Replies.CLIENT_NO_MAIL_HOST.format(domain);
            case TEMPORARY_FAILURE -> Replies.CLIENT_DNS_FAILURE.format(domain, detail);
            case MX, IMPLICIT -> null;
        };
    }
}
