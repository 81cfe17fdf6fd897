package dev.tern.app.delivery;

import dev.tern.app.config.TernConfig;
import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.address.Mailbox;
import dev.tern.protocol.address.PathParser;
import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;
import dev.tern.protocol.reply.ReplyException;
import dev.tern.server.SmtpException;
import dev.tern.store.Recipient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The address book of {@code tern serve}: which addresses are local, what each one stands for,
 * and the answers to RCPT, VRFY and EXPN that follow from the configuration.
 *
 * <p>Order of lookup for an address of a local domain: moved (551 5.1.6), user (disabled: 550
 * 5.2.1), alias, list, the domain's postmaster (always accepted, RFC 5321 §4.5.1), catch-all,
 * else unknown (550 5.1.1). Aliases and lists expand recursively, at most {@link #MAX_DEPTH}
 * levels, each address once.
 */
public final class Directory {

    static final int MAX_DEPTH = 10;

    private final TernConfig config;

    public Directory(TernConfig config) {
        this.config = config;
    }

    public TernConfig config() {
        return config;
    }

    /** What RCPT TO answers for {@code to}, and where the mail goes; throws the refusal. */
    public Resolution resolve(ForwardPath to) {
        Mailbox m = to.mailbox().orElseGet(this::postmaster);
        if (!config.isLocalDomain(m)) {
            throw new SmtpException(Replies.RCPT_RELAY_DENIED, m.toString());
        }
        List<Recipient> local = new ArrayList<>();
        List<Mailbox> remote = new ArrayList<>();
        expand(m, local, remote, new LinkedHashSet<>(), 0, true);
        if (local.isEmpty() && remote.isEmpty()) {
            throw new SmtpException(Replies.RCPT_UNKNOWN_USER, m.toString());
        }
        Reply reply = local.isEmpty()
                ? Replies.RCPT_WILL_FORWARD.format(remote.get(0).toString())
                : Replies.RCPT_OK.format(to.address());
        return new Resolution(local, remote, reply);
    }

    private Mailbox postmaster() {
        return new Mailbox("postmaster", config.domains().iterator().next());
    }

    private void expand(Mailbox m, List<Recipient> local, List<Mailbox> remote, Set<String> seen, int depth, boolean asked) {
        String key = TernConfig.key(m);
        if (!seen.add(key)) {
            return;
        }
        if (!config.isLocalDomain(m)) {
            remote.add(m);
            return;
        }
        Mailbox movedTo = config.moved().get(key);
        if (movedTo != null) {
            if (asked) {
                throw new SmtpException(Replies.RCPT_MOVED, movedTo.toString());
            }
            remote.add(movedTo); // an alias pointing at a moved address follows the move
            return;
        }
        TernConfig.User user = config.users().get(key);
        if (user != null) {
            if (user.disabled()) {
                if (asked) {
                    throw new SmtpException(Replies.RCPT_MAILBOX_DISABLED, m.toString());
                }
                return; // a disabled member of a list or alias gets nothing
            }
            local.add(new Recipient(TernConfig.key(user.address()), user.quota()));
            return;
        }
        List<Mailbox> targets = config.aliases().get(key);
        if (targets == null) {
            targets = config.lists().get(key);
        }
        if (targets != null) {
            if (depth >= MAX_DEPTH) {
                throw new SmtpException(Replies.RCPT_LOOKUP_FAILED, m.toString());
            }
            for (Mailbox t : targets) {
                expand(t, local, remote, seen, depth + 1, false);
            }
            return;
        }
        if (config.catchAll() || m.localPart().toLowerCase(Locale.ROOT).equals("postmaster")) {
            local.add(Recipient.unlimited(key));
        }
    }

    /** VRFY when enabled (RFC 5321 §3.5.1): 250, 251, 550, 551 or 553 (spec §2). */
    public Reply verify(String argument) {
        String arg = argument.trim();
        if (arg.startsWith("<") && arg.endsWith(">")) {
            arg = arg.substring(1, arg.length() - 1);
        }
        Mailbox m;
        if (arg.indexOf('@') < 0) {
            m = byLocalPart(arg);
        } else {
            try {
                m = PathParser.parseMailbox(arg, true);
            } catch (ReplyException e) {
                throw new SmtpException(Replies.RCPT_BAD_ADDRESS.reply(), e);
            }
        }
        if (!config.isLocalDomain(m)) {
            throw new SmtpException(Replies.VRFY_UNKNOWN, m.toString());
        }
        String key = TernConfig.key(m);
        Mailbox movedTo = config.moved().get(key);
        if (movedTo != null) {
            throw new SmtpException(Replies.RCPT_MOVED, movedTo.toString());
        }
        Resolution r;
        try {
            r = resolve(ForwardPath.of(m));
        } catch (SmtpException e) {
            if (Replies.RCPT_MAILBOX_DISABLED.enhanced().equals(e.reply().enhanced())) {
                throw e;
            }
            throw new SmtpException(Replies.VRFY_UNKNOWN, m.toString());
        }
        if (r.local().isEmpty()) {
            return Replies.VRFY_WILL_FORWARD.format(r.remote().get(0).toString());
        }
        TernConfig.User user = config.users().get(key);
        return Replies.VRFY_OK.format(user != null ? user.address().toString() : m.toString());
    }

    /** A bare user name: the one user of that name in any local domain, else 550 or 553 (ambiguous). */
    private Mailbox byLocalPart(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        List<Mailbox> found = new ArrayList<>();
        for (TernConfig.User u : config.users().values()) {
            if (u.address().localPart().toLowerCase(Locale.ROOT).equals(lower)) {
                found.add(u.address());
            }
        }
        if (found.isEmpty()) {
            throw new SmtpException(Replies.VRFY_UNKNOWN, name);
        }
        if (found.size() > 1) {
            throw new SmtpException(Replies.VRFY_AMBIGUOUS, name);
        }
        return found.get(0);
    }

    /** EXPN when enabled (RFC 5321 §3.5.2): the members of a list, one per line, or 550. */
    public Reply expand(String argument) {
        String arg = argument.trim();
        if (arg.startsWith("<") && arg.endsWith(">")) {
            arg = arg.substring(1, arg.length() - 1);
        }
        String key = null;
        if (arg.indexOf('@') >= 0) {
            try {
                key = TernConfig.key(PathParser.parseMailbox(arg, true));
            } catch (ReplyException e) {
                throw new SmtpException(Replies.EXPN_NOT_A_LIST, arg);
            }
        } else {
            Map<String, List<Mailbox>> byName = new LinkedHashMap<>();
            for (String k : config.lists().keySet()) {
                if (k.substring(0, k.lastIndexOf('@')).equals(arg.toLowerCase(Locale.ROOT))) {
                    byName.put(k, config.lists().get(k));
                }
            }
            if (byName.size() == 1) {
                key = byName.keySet().iterator().next();
            }
        }
        List<Mailbox> members = key == null ? null : config.lists().get(key);
        if (members == null) {
            throw new SmtpException(Replies.EXPN_NOT_A_LIST, arg);
        }
        List<String> lines = new ArrayList<>();
        for (Mailbox member : members) {
            lines.add(Replies.EXPN_OK.format(member.toString()).text());
        }
        return Replies.EXPN_OK.reply().withLines(lines);
    }
}
