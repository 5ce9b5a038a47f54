package io.pushbench.loadgen.core;

/** How a message's latency is computed. */
public enum LatencyBasis {
    /**
     * Receive {@link NanoClock#nanoTime()} minus the message's scheduled {@code mono}: server and load generator on
     * one host (CLOCK_MONOTONIC is shared by every process of a Linux host). Nanosecond-precise.
     */
    MONO,
    /**
     * Receive wall clock minus the message's scheduled {@code ts} (epoch µs): a remote server. Only as accurate as
     * the two hosts' clock synchronisation (NTP: ~ms; PTP: ~µs).
     */
    EPOCH
}
