package io.pushbench.wire;

/**
 * Names of the feed contract shared by the server, the drivers and any third-party server that wants to be
 * measured by pushbench. The README's "feed contract" section is the prose version of this class.
 */
public final class FeedContract {
    /** SSE endpoint path. */
    public static final String SSE_PATH = "/sse";
    /** WebSocket endpoint path. */
    public static final String WS_PATH = "/ws";
    /** Health endpoint path. */
    public static final String HEALTH_PATH = "/health";
    /** Server metrics (JSON) endpoint path. */
    public static final String METRICS_PATH = "/metrics";
    /** Admin drop endpoint path. */
    public static final String ADMIN_DROP_PATH = "/admin/drop";
    /** Admin heap endpoint path: collects garbage and answers the heap in use (for heap per connection). */
    public static final String ADMIN_GC_PATH = "/admin/gc";
    /** {@code POST /admin/rate?perSec=R} (admin token): changes the publish rate of a running server. */
    public static final String ADMIN_RATE_PATH = "/admin/rate";

    /** The standard SSE resume header. */
    public static final String LAST_EVENT_ID_HEADER = "Last-Event-ID";
    /** Query parameter twin of {@link #LAST_EVENT_ID_HEADER}, for SSE clients that cannot set headers and for WebSocket. */
    public static final String LAST_EVENT_ID_PARAM = "lastEventId";

    /** SSE {@code event:} name of the "messages lost" signal; WebSocket sends the same JSON as a text frame. */
    public static final String LOST_EVENT = "lost";

    /**
     * SSE {@code event:} name of the "subscribed" marker, the first thing an accepted subscription gets (before any
     * message, the lost signal and the replay); WebSocket sends the same JSON as a text frame.
     */
    public static final String SUBSCRIBED_EVENT = "subscribed";

    /** Longest accepted resume id, in characters (a long has at most 19 digits). */
    public static final int MAX_EVENT_ID_LENGTH = 19;

    private FeedContract() {
    }

    /**
     * The "messages lost" signal, sent before a replay whose resume point is older than the server's ring:
     * messages {@code from..to} (inclusive) can no longer be delivered. Both transports carry these bytes;
     * feed messages never contain an {@code "event"} key, so a client tells them apart with one look-up.
     */
    public static byte[] lostSignalJson(long from, long to) {
        if (from < 1 || to < from) {
            throw new IllegalArgumentException("lost range must satisfy 1 <= from <= to, was " + from + ".." + to);
        }
        return ("{\"event\":\"" + LOST_EVENT + "\",\"from\":" + from + ",\"to\":" + to + "}")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * The "subscribed" marker, sent once per accepted subscription (initial or resume), atomically with the
     * subscribe and before anything else of the feed: {@code {"event":"subscribed","next":N}}, where {@code N} is
     * the seq of the first message the server will deliver <em>live</em> (its newest published seq + 1 at that
     * instant). A resumed subscription's replay holds the seqs below {@code N}. A client owes itself every seq
     * from {@code N} on (from its resume point + 1 on a resume), so a subscriber that then receives nothing is
     * counted as losing everything published while it was subscribed. Like the lost signal it has an
     * {@code "event"} key, which a feed message never has.
     *
     * <pre>{@code
     * byte[] json = FeedContract.subscribedJson(ring.lastSeq() + 1);   // {"event":"subscribed","next":43}
     * }</pre>
     */
    public static byte[] subscribedJson(long next) {
        if (next < 1) {
            throw new IllegalArgumentException("next seq must be >= 1, was " + next);
        }
        return ("{\"event\":\"" + SUBSCRIBED_EVENT + "\",\"next\":" + next + "}")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Parses a resume id as sent in {@code Last-Event-ID} or {@code lastEventId}.
     *
     * @return the id, or 0 when {@code raw} is null or blank (no resume)
     * @throws IllegalArgumentException with a one-line reason when the id is malformed, negative or too long
     */
    public static long parseEventId(String raw) {
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        String s = raw.strip();
        if (s.length() > MAX_EVENT_ID_LENGTH) {
            throw new IllegalArgumentException("event id longer than " + MAX_EVENT_ID_LENGTH + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("event id must be a non-negative decimal integer");
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("event id out of range");
        }
    }
}
