package dev.tern.protocol.params;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The typed parameters of RCPT TO. ({@code notifyOn}, because a record component cannot be
 * called {@code notify}: it would clash with {@link Object#notify()}.)
 *
 * @param notifyOn NOTIFY= (RFC 3461 §4.1): empty when not given, {@code {NEVER}}, or a non-empty
 *               subset of SUCCESS, FAILURE, DELAY
 * @param orcpt  ORCPT= (RFC 3461 §4.2), null when not given
 * @param other  further parameters the context accepted, upper-case keyword to value
 */
public record RcptParameters(Set<Notify> notifyOn, Orcpt orcpt, Map<String, String> other) {

    private static final Set<String> TYPED = Set.of("NOTIFY", "ORCPT");

    /** No parameters. */
    public static final RcptParameters NONE = new RcptParameters(Set.of(), null, Map.of());

    public RcptParameters {
        Objects.requireNonNull(notifyOn, "notifyOn");
        Objects.requireNonNull(other, "other");
        if (notifyOn.contains(Notify.NEVER) && notifyOn.size() > 1) {
            throw new IllegalArgumentException("NOTIFY=NEVER cannot be combined with other values");
        }
        notifyOn = notifyOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(notifyOn));
        other = MailParameters.checkOther(other, TYPED);
    }

    public RcptParameters withNotify(Set<Notify> newNotify) {
        return new RcptParameters(newNotify, orcpt, other);
    }

    public RcptParameters withOrcpt(Orcpt newOrcpt) {
        return new RcptParameters(notifyOn, newOrcpt, other);
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    /** As written after the path, e.g. {@code NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a+2Bb@example.org}. */
    public String toWire() {
        List<String> parts = new ArrayList<>();
        if (!notifyOn.isEmpty()) {
            // EnumSet order: NEVER, SUCCESS, FAILURE, DELAY
            parts.add("NOTIFY=" + EnumSet.copyOf(notifyOn).stream().map(Enum::name).collect(Collectors.joining(",")));
        }
        if (orcpt != null) {
            parts.add("ORCPT=" + orcpt.toWire());
        }
        other.forEach((k, v) -> parts.add(v == null ? k : k + "=" + v));
        return String.join(" ", parts);
    }
}
