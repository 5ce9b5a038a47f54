package io.pushbench.loadgen.driver;

import java.util.Locale;

/**
 * How a subscriber paces its reconnect attempts after its stream ended unexpectedly. The default, {@link #JITTER},
 * is one policy for both transports; the other two are named scenario cases.
 *
 * <pre>{@code
 * ReconnectPolicy p = ReconnectPolicy.parse("sync");
 * p.key();   // "sync"
 * }</pre>
 */
public enum ReconnectPolicy {
    /** Exponential backoff from the minimum, capped, with full jitter; reset by a stream that delivered. */
    JITTER,
    /** The minimum backoff every time, no jitter: every dropped subscriber retries at the same instants. */
    SYNC,
    /**
     * Each transport's default client behaviour: SSE waits the server's {@code retry:} value before every attempt, as
     * an {@code EventSource} does (no jitter; 3 s when the server sent none); WebSocket has no built-in reconnect,
     * so the usual hand-written {@code onclose} handler is modelled: reconnect at once, then the minimum backoff
     * without jitter while attempts fail.
     */
    NATIVE;

    /** Lower-case name, as in flags and results. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "jitter", "sync" or "native" (case-insensitive). */
    public static ReconnectPolicy parse(String s) {
        for (ReconnectPolicy p : values()) {
            if (p.key().equalsIgnoreCase(s == null ? "" : s.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown reconnect policy \"" + s + "\" (known: jitter, sync, native)");
    }
}
