package dev.tern.app.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes ({@code 100MiB}, {@code 50MB}, {@code 1024}) and durations ({@code 5m}, {@code 30s}) in the configuration. */
public final class Units {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([A-Za-z]*)");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private Units() {
    }

    /** Octets: a plain number, or a number with B, kB/KB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024). */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "' (examples: 1048576, 100MiB, 50MB)");
        }
        long factor = switch (m.group(2)) {
            case "", "B" -> 1L;
            case "kB", "KB", "k", "K" -> 1000L;
            case "MB", "M" -> 1000L * 1000;
            case "GB", "G" -> 1000L * 1000 * 1000;
            case "KiB" -> 1024L;
            case "MiB" -> 1024L * 1024;
            case "GiB" -> 1024L * 1024 * 1024;
            default -> throw new IllegalArgumentException("unknown size unit '" + m.group(2) + "' in '" + text
                    + "' (use B, KB, MB, GB, KiB, MiB or GiB)");
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), factor);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("size too large: " + text);
        }
    }

    /** A duration: a number of seconds, or a number with ms, s, m, h or d. */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (examples: 30s, 5m, 2h)");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("duration too large: " + text);
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
