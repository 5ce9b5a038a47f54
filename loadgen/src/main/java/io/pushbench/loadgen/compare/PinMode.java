package io.pushbench.loadgen.compare;

import java.util.Locale;

/** Whether the server and the load generator are pinned to separate CPUs with {@code taskset}. */
public enum PinMode {
    /** Pin when {@code taskset} exists and the machine has at least two CPUs; say so in the results either way. */
    AUTO,
    /** Pin, and refuse to start when {@code taskset} is missing or there is only one CPU. */
    ON,
    /** Never pin. */
    OFF;

    /** Parses {@code auto}, {@code on} or {@code off} (any case). */
    public static PinMode parse(String text) {
        if (text != null) {
            for (PinMode m : values()) {
                if (m.name().equalsIgnoreCase(text.trim())) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("pin must be one of auto, on, off, was '" + text + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
