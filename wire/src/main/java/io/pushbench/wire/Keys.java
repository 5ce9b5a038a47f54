package io.pushbench.wire;

import java.util.Locale;
import java.util.function.Function;

/**
 * The one way a keyed type (transport, protocol, driver) is read from text: case-insensitive, surrounding blanks
 * ignored, and a one-line error that names every known key.
 *
 * <pre>{@code
 * Transport t = Keys.parse(Transport.values(), Transport::key, "transport", "WS");   // WS
 * }</pre>
 */
public final class Keys {
    private Keys() {
    }

    /**
     * The value of {@code values} whose key is {@code text}.
     *
     * @throws IllegalArgumentException {@code unknown <kind> "<text>" (known: k1, k2)}
     */
    public static <E> E parse(E[] values, Function<E, String> key, String kind, String text) {
        if (text != null) {
            String k = text.strip().toLowerCase(Locale.ROOT);
            for (E v : values) {
                if (key.apply(v).equals(k)) {
                    return v;
                }
            }
        }
        StringBuilder known = new StringBuilder();
        for (E v : values) {
            known.append(known.isEmpty() ? "" : ", ").append(key.apply(v));
        }
        throw new IllegalArgumentException("unknown " + kind + " \"" + text + "\" (known: " + known + ")");
    }
}
