package io.pushbench.analysis.results;

/**
 * Message accounting of one run, summed over its connections. Every <em>expected</em> message is exactly one of
 * delivered or lost: {@code expected == delivered + lost} always holds.
 *
 * <ul>
 *   <li>{@code expected}: for each connection, the messages published while it was subscribed, from the moment
 *       its subscription was accepted (the server's "subscribed" marker; else its first received seq; else the
 *       first seq scheduled after its acceptance), through resumes, to the run's cut seq, or further if it
 *       received later ones. {@code RunResult.messages} is the whole run; {@code RunResult.steadyMessages} the
 *       same counts restricted to the seqs scheduled in the steady window.</li>
 *   <li>{@code delivered}: distinct expected seqs received (reordered ones included, duplicates not).</li>
 *   <li>{@code lost}: expected but never received ({@code expected - delivered}).</li>
 *   <li>{@code duplicated}: receipts of a seq already received (not counted in delivered).</li>
 *   <li>{@code reordered}: seqs received after a higher seq on the same connection (counted in delivered).</li>
 *   <li>{@code lostSignalled}: seqs the server declared lost with its "lost" signal (a subset of lost).</li>
 *   <li>{@code bytes}: payload bytes (the JSON text) of delivered and duplicated messages.</li>
 * </ul>
 */
public record MessageCounts(long expected, long delivered, long lost, long duplicated, long reordered,
                            long lostSignalled, long bytes) {
    /** Nothing measured. */
    public static final MessageCounts ZERO = new MessageCounts(0, 0, 0, 0, 0, 0, 0);

    public MessageCounts {
        if (expected != delivered + lost) {
            throw new IllegalArgumentException("expected must equal delivered + lost, was " + expected + " != "
                    + delivered + " + " + lost);
        }
    }

    /** Element-wise sum (for merging transports or hosts). */
    public MessageCounts plus(MessageCounts o) {
        return new MessageCounts(expected + o.expected, delivered + o.delivered, lost + o.lost,
                duplicated + o.duplicated, reordered + o.reordered, lostSignalled + o.lostSignalled, bytes + o.bytes);
    }
}
