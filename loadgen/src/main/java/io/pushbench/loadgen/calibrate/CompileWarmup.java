package io.pushbench.loadgen.calibrate;

import java.time.Duration;

/**
 * A burst of {@code messages} at {@code rate} msg/s that starts a single-connection floor step, before its ordinary
 * warm-up: the raw loopback floor's writer and reader, and the pushbench server with the bare reader, alike. It is
 * there so that the code on both sides of the socket runs JIT-compiled when the timed window opens.
 *
 * <pre>{@code
 * CompileWarmup w = CompileWarmup.of(20_000);   // at RATE: 2 s
 * w.duration();                                  // PT2S
 * }</pre>
 *
 * <p>Why: the floors run at 100 msg/s, so a 5 s warm-up is 500 messages, far below the thousands of invocations
 * after which HotSpot compiles a method with C2; the window then timed interpreted and C1-compiled code, and charged
 * it to the server. Measured on the 2-vCPU VM (one connection at 100 msg/s, Jetty driver, pinned, 10 s window):
 * p50 170-174 µs after a 5 s warm-up against 113-114 µs after a 60 s one. A burst warms the same code in seconds.
 * Nothing in the burst is timed; every message of it is still accounted (seqs, gaps, duplicates).
 *
 * @param messages messages in the burst, >= 0 (0: none)
 * @param rate     their rate, msg/s, > 0
 */
public record CompileWarmup(long messages, double rate) {
    /** The burst's rate: fast enough to be short, slow enough for one connection to take without a backlog. */
    public static final double RATE = 10_000;
    /** Messages in the default burst: several times C2's invocation thresholds (Tier4InvocationThreshold 5,000). */
    public static final long DEFAULT_MESSAGES = 20_000;
    /** No burst. */
    public static final CompileWarmup NONE = new CompileWarmup(0, RATE);

    public CompileWarmup {
        if (messages < 0) {
            throw new IllegalArgumentException("compile warm-up messages must be >= 0, was " + messages);
        }
        if (!(rate > 0) || rate > 100_000) {
            throw new IllegalArgumentException("compile warm-up rate must be in (0, 100000] msg/s, was " + rate);
        }
    }

    /** {@code messages} at {@link #RATE}. */
    public static CompileWarmup of(long messages) {
        return new CompileWarmup(messages, RATE);
    }

    /** How long the burst takes at its rate. */
    public Duration duration() {
        return Duration.ofNanos(Math.round(messages * 1e9 / rate));
    }

    /** Whether there is a burst at all. */
    public boolean any() {
        return messages > 0;
    }
}
