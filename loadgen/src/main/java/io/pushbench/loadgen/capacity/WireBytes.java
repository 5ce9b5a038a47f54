package io.pushbench.loadgen.capacity;

import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.results.ServerSample;
import io.pushbench.analysis.results.Window;

import java.util.List;

/**
 * Bytes on the wire per delivered message: what the server wrote to its subscribers (its {@code /metrics}
 * {@code bytes} counters: payload plus the transport's framing, before TCP/IP headers) divided by the messages it
 * delivered, both differenced between the first and the last {@code /metrics} poll inside the run's steady window,
 * as the run's other server figures are.
 *
 * <pre>{@code
 * double b = WireBytes.perDelivery(run);   // 291.0 for 256-byte payloads over SSE; NaN when not observed
 * }</pre>
 *
 * <p>Why the server's counters and not the client's: the clients count the payload they parse (the JSON text), not
 * the event-stream or WebSocket framing around it, which is the difference between the transports.
 */
public final class WireBytes {
    private WireBytes() {
    }

    /**
     * Server bytes over server deliveries within {@code run}'s steady window; NaN when the window holds fewer than two
     * polls that carry the bytes counter (runs recorded before it was kept), or no delivery between them.
     */
    public static double perDelivery(RunResult run) {
        Window w = run.window();
        if (w == null || !(w.steadyToSec() > w.steadyFromSec())) {
            return Double.NaN;
        }
        List<ServerSample> inside = run.serverTimeline().stream()
                .filter(s -> s.t() >= w.steadyFromSec() && s.t() <= w.steadyToSec() && s.bytes() >= 0
                        && s.deliveries() >= 0)
                .toList();
        if (inside.size() < 2) {
            return Double.NaN;
        }
        ServerSample from = inside.getFirst();
        ServerSample to = inside.getLast();
        long deliveries = to.deliveries() - from.deliveries();
        long bytes = to.bytes() - from.bytes();
        // a counter that went backwards is a restarted server: the difference means nothing
        return deliveries > 0 && bytes >= 0 ? (double) bytes / deliveries : Double.NaN;
    }
}
