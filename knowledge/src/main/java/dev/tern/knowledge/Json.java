package dev.tern.knowledge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON writer for the documented output of {@code tern explain --json} and
 * {@code tern classify --json}; keys keep their insertion order.
 */
public final class Json {

    private Json() {
    }

    public static Obj object() {
        return new Obj();
    }

    /** A JSON array of already-written JSON values. */
    public static String array(Collection<String> rawValues) {
        return "[" + String.join(",", rawValues) + "]";
    }

    /** An object under construction. */
    public static final class Obj {
        private final List<String> members = new ArrayList<>();

        public Obj put(String key, Object value) {
            members.add(quote(key) + ":" + value(value));
            return this;
        }

        /** Puts a value that is already JSON text (an object or array written elsewhere). */
        public Obj putRaw(String key, String json) {
            members.add(quote(key) + ":" + json);
            return this;
        }

        @Override
        public String toString() {
            return "{" + String.join(",", members) + "}";
        }
    }

    static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Obj o) {
            return o.toString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Collection<?> c) {
            List<String> parts = new ArrayList<>();
            for (Object o : c) {
                parts.add(value(o));
            }
            return "[" + String.join(",", parts) + "]";
        }
        if (v instanceof Map<?, ?> m) {
            Obj o = new Obj();
            m.forEach((k, x) -> o.put(String.valueOf(k), x));
            return o.toString();
        }
        return quote(v.toString());
    }

    /** A JSON string literal (RFC 8259 §7), non-ASCII kept as is. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
