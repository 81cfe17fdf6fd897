package dev.tern.protocol.params;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the server offered in this session, which decides which MAIL/RCPT parameters are
 * acceptable: a parameter of an extension not enabled here, or an unknown one, is refused with
 * 555 5.5.4 (RFC 5321 §4.1.1.11 / §4.1.2).
 *
 * @param enabled        the extensions advertised in EHLO for this session
 * @param otherKeywords  further parameter keywords (upper case) the caller handles itself; they
 *                       are passed through untyped in {@code other()} instead of being refused
 * @param lenientPaths   accept {@code FROM:user@host} without angle brackets (off by default)
 */
public record MailOptionsContext(Set<Extension> enabled, Set<String> otherKeywords, boolean lenientPaths) {

    public MailOptionsContext {
        enabled = enabled.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enabled));
        otherKeywords = otherKeywords.stream().map(k -> k.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** Only these extensions, strict paths, no other keywords. */
    public static MailOptionsContext of(Extension... extensions) {
        return new MailOptionsContext(Set.of(extensions), Set.of(), false);
    }

    /** Every extension Tern knows, strict paths. */
    public static MailOptionsContext all() {
        return of(Extension.values());
    }

    /** No extension at all (a HELO session). */
    public static MailOptionsContext none() {
        return of();
    }

    public MailOptionsContext withOtherKeywords(String... keywords) {
        return new MailOptionsContext(enabled, Set.copyOf(Arrays.asList(keywords)), lenientPaths);
    }

    public MailOptionsContext withLenientPaths(boolean lenient) {
        return new MailOptionsContext(enabled, otherKeywords, lenient);
    }

    public boolean isEnabled(Extension extension) {
        return enabled.contains(extension);
    }

    public boolean acceptsOther(String upperCaseKeyword) {
        return otherKeywords.contains(upperCaseKeyword);
    }
}
