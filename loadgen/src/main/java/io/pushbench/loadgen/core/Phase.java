package io.pushbench.loadgen.core;

/** The phases of a run, in order. Headline figures use {@link #STEADY} only. */
public enum Phase {
    /** Users are being started. */
    RAMP,
    /** Every user started; JIT and caches settle; measured but not in the headline. */
    WARMUP,
    /** The measured window. */
    STEADY,
    /** After the steady window: in-flight messages still count, users close. */
    DRAIN;

    /** Lower-case name, as written in results files. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
