package io.pushbench.analysis.llm;

/**
 * Hand-built request timelines for the metric tests: instants in ms from an arbitrary origin (the client's and the
 * server's {@code System.nanoTime()} share it, as on one host).
 */
final class Timelines {
    static final long ORIGIN = 5_000_000_000L;

    private Timelines() {
    }

    /** {@code ms} after the origin, ns. */
    static long at(double ms) {
        return ORIGIN + Math.round(ms * 1_000_000);
    }

    /** ns in {@code ms}. */
    static long ms(double ms) {
        return Math.round(ms * 1_000_000);
    }

    /**
     * The reference request: scheduled at 0, sent at 2 ms; an empty role chunk at 50 ms, then content of 2, 3 and
     * 1 tokens at 100, 130 and 160 ms, an empty event at 161 ms (a server may send an empty delta last), usage
     * 12 prompt, 6 completion, and the end marker at 162 ms. Each event was scheduled for emission 1 ms before
     * receipt, except the first content one (2 ms) and the last (0.5 ms).
     */
    static RequestTimeline reference(long id) {
        RequestTimeline t = new RequestTimeline(id, at(0));
        t.sent(at(2));
        t.started(at(40));
        t.chunk(at(50), 0, false, at(49));
        t.chunk(at(100), 2, true, at(98));
        t.chunk(at(130), 3, true, at(129));
        t.chunk(at(160), 1, true, at(159));
        t.chunk(at(161), 0, false, at(160.5));
        t.usage(12, 6);
        t.completed(at(162));
        return t;
    }

    /** A completed request scheduled at {@code startMs}: content events at the given offsets of 1 token each. */
    static RequestTimeline oneTokenChunks(long id, double startMs, double... contentMs) {
        RequestTimeline t = new RequestTimeline(id, at(startMs));
        t.sent(at(startMs));
        for (double c : contentMs) {
            t.chunk(at(startMs + c), 1, true, RequestTimeline.NO_EMIT);
        }
        t.completed(at(startMs + contentMs[contentMs.length - 1] + 1));
        return t;
    }
}
