package io.pushbench.loadgen.capacity;

import io.pushbench.wire.Keys;

/**
 * What a capacity search raises, one at a time, the other held fixed: messages per second at fixed connections, or
 * connections at a fixed rate. The key is the name in flags and JSON.
 *
 * <pre>{@code
 * Axis.parse("connections").unit();   // "connections"
 * Axis.CONNECTIONS.integral();        // true: a step's load is rounded to a whole connection
 * }</pre>
 */
public enum Axis {
    /** Offered messages per second, at fixed connections. */
    RATE("rate", "msg/s", false),
    /** Open connections, at a fixed rate per connection. */
    CONNECTIONS("connections", "connections", true);

    private final String key;
    private final String unit;
    private final boolean integral;

    Axis(String key, String unit, boolean integral) {
        this.key = key;
        this.unit = unit;
        this.integral = integral;
    }

    /** The name in flags and JSON: "rate", "connections". */
    public String key() {
        return key;
    }

    /** The unit of a load on this axis: "msg/s", "connections". */
    public String unit() {
        return unit;
    }

    /** Whether a load on this axis is a whole number (connections are; a rate need not be). */
    public boolean integral() {
        return integral;
    }

    /** The axis named {@code key} (case-insensitive); IllegalArgumentException naming the known ones. */
    public static Axis parse(String key) {
        return Keys.parse(values(), Axis::key, "axis", key);
    }
}
