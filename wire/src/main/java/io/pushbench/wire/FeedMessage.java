package io.pushbench.wire;

/**
 * One message of the feed, as the publisher scheduled it.
 *
 * <p>The contract every transport and every driver relies on:
 * <ul>
 *   <li>{@code seq} is gap-free and starts at 1;</li>
 *   <li>{@code ts} is the <em>scheduled</em> publish time in epoch microseconds (for cross-host latency);</li>
 *   <li>{@code mono} is the same scheduled instant as the server's {@link System#nanoTime()} (for same-host
 *       latency: on Linux it is CLOCK_MONOTONIC, comparable across JVMs of one host).</li>
 * </ul>
 * Both times are the schedule, never the actual send time: a publisher that falls behind shows its lag as
 * latency instead of hiding it (no coordinated omission).
 *
 * <pre>{@code
 * FeedMessage m = new FeedMessage(1, epochMicros, monoNanos);
 * byte[] json = FeedJson.encode(m, 256);      // exactly 256 bytes
 * }</pre>
 *
 * @param seq  sequence number, 1-based, gap-free
 * @param ts   scheduled publish time, epoch microseconds
 * @param mono scheduled publish time, server {@code System.nanoTime()}
 */
public record FeedMessage(long seq, long ts, long mono) {
    public FeedMessage {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1, was " + seq);
        }
    }
}
