package io.pushbench.loadgen.driver;

import io.pushbench.loadgen.core.ConnectionProbe;
import io.pushbench.wire.FeedContract;
import io.pushbench.wire.FeedJson;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Interprets one feed event's JSON (an SSE event's {@code data}, a WebSocket text frame) for a subscriber's probe:
 * a feed message ({@code seq} >= 1), the "subscribed" marker, or the "lost" signal; the one place every driver
 * reads the feed contract's JSON.
 *
 * <pre>{@code
 * long recv = clock.nanoTime();                          // read first, at arrival
 * FeedEvents.deliver(probe, json, json.length(), recv);
 * }</pre>
 */
public final class FeedEvents {
    private static final String LOST_MARKER = "\"event\":\"" + FeedContract.LOST_EVENT + "\"";
    private static final String SUBSCRIBED_MARKER = "\"event\":\"" + FeedContract.SUBSCRIBED_EVENT + "\"";
    private static final String NEXT_FIELD = "\"next\":";
    private static final String FROM_FIELD = "\"from\":";
    private static final String TO_FIELD = "\"to\":";

    /** What {@link #deliver} found. */
    public enum Kind { MESSAGE, SUBSCRIBED, LOST, OTHER }

    private FeedEvents() {
    }

    /**
     * Reports {@code json}, received at {@code recvNanos}, on {@code probe}.
     *
     * @param size the payload size to account (the event's data or frame length)
     */
    public static Kind deliver(ConnectionProbe probe, CharSequence json, int size, long recvNanos) {
        long seq = FeedJson.longField(json, FeedJson.SEQ);
        if (seq > 0) {
            probe.onMessage(seq, FeedJson.longField(json, FeedJson.MONO), FeedJson.longField(json, FeedJson.TS), size,
                    recvNanos);
            return Kind.MESSAGE;
        }
        return control(probe, json.toString(), recvNanos);
    }

    /**
     * {@link #deliver(ConnectionProbe, CharSequence, int, long)} for an event still in its UTF-8 bytes (from the
     * buffer's position to its limit, which are left as they were): a feed message's fields are read from the bytes,
     * and only the rare control events (marker, lost signal) are decoded to a String. Why: a client that reads raw
     * frames would otherwise make a String of every message just to find two numbers in it (the bare reader does
     * not, and the lean client's CPU per message is set against it).
     */
    public static Kind deliver(ConnectionProbe probe, ByteBuffer utf8, long recvNanos) {
        long seq = FeedJson.longField(utf8, FeedJson.SEQ);
        if (seq > 0) {
            probe.onMessage(seq, FeedJson.longField(utf8, FeedJson.MONO), FeedJson.longField(utf8, FeedJson.TS),
                    utf8.remaining(), recvNanos);
            return Kind.MESSAGE;
        }
        return control(probe, StandardCharsets.UTF_8.decode(utf8.duplicate()).toString(), recvNanos);
    }

    private static Kind control(ConnectionProbe probe, String s, long recvNanos) {
        if (s.contains(SUBSCRIBED_MARKER)) {
            probe.onSubscribed(FeedJson.longField(s, NEXT_FIELD), recvNanos);
            return Kind.SUBSCRIBED;
        }
        if (s.contains(LOST_MARKER)) {
            probe.onLost(FeedJson.longField(s, FROM_FIELD), FeedJson.longField(s, TO_FIELD));
            return Kind.LOST;
        }
        return Kind.OTHER;
    }
}
