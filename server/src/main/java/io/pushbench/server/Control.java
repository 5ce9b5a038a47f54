package io.pushbench.server;

import io.pushbench.wire.FeedContract;

/**
 * A queue item that is not a feed message: the SSE {@code retry:} line, the "subscribed" marker, the "messages
 * lost" signal, a heartbeat.
 * Each transport renders it in its own framing (see {@link SseConnection} and {@link WsConnection}).
 *
 * @param kind what it is
 * @param json for {@link Kind#LOST} and {@link Kind#SUBSCRIBED}, the JSON ({@link FeedContract#lostSignalJson},
 *             {@link FeedContract#subscribedJson}); otherwise null
 * @param millis for {@link Kind#RETRY}, the retry value
 */
record Control(Kind kind, byte[] json, long millis) {
    enum Kind { RETRY, SUBSCRIBED, LOST, HEARTBEAT }

    static final Control HEARTBEAT = new Control(Kind.HEARTBEAT, null, 0);

    static Control retry(long millis) {
        return new Control(Kind.RETRY, null, millis);
    }

    static Control subscribed(long next) {
        return new Control(Kind.SUBSCRIBED, FeedContract.subscribedJson(next), 0);
    }

    static Control lost(long from, long to) {
        return new Control(Kind.LOST, FeedContract.lostSignalJson(from, to), 0);
    }
}
