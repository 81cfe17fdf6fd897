package dev.tern.knowledge;

import java.util.Locale;
import java.util.Optional;

/** The languages the knowledge base is written in. */
public enum Lang {
    EN, ZH, FR;

    /** The ISO 639-1 code: {@code en}, {@code zh} or {@code fr}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code en}, {@code zh}, {@code fr} (any case, region suffix ignored: {@code zh-CN}, {@code fr_FR}). */
    public static Optional<Lang> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        int cut = indexOfAny(t, "-_.@");
        if (cut >= 0) {
            t = t.substring(0, cut);
        }
        for (Lang l : values()) {
            if (l.code().equals(t)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /** The language of a locale, English when the locale's language is not one of ours. */
    public static Lang of(Locale locale) {
        return locale == null ? EN : parse(locale.getLanguage()).orElse(EN);
    }

    /** The language of the JVM's default locale (on Unix it follows LANG/LC_ALL), else English. */
    public static Lang fromDefaultLocale() {
        return of(Locale.getDefault());
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
