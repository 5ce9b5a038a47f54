package io.pushbench.analysis.results;

/**
 * Delivered throughput over the steady window, summed over all connections.
 *
 * @param messagesPerSec delivered messages per second
 * @param bytesPerSec    delivered payload bytes per second (JSON text, without transport framing)
 */
public record Throughput(double messagesPerSec, double bytesPerSec) {
    /** Nothing delivered. */
    public static final Throughput ZERO = new Throughput(0, 0);
}
