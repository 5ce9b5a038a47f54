package io.pushbench.analysis.llm;

import java.util.Map;

/**
 * What the load generator cost itself over a step, filled by the load generator (the metrics do not measure the
 * client). Reported beside the latencies so that a client that shaped them is visible; an unknown figure is -1.
 *
 * <pre>{@code
 * new ClientOverhead(cpuUsPerEvent, cpuUtilization, LatencyFigures.of(sendLagHistogramUs), Map.of());
 * }</pre>
 *
 * @param cpuUsPerEvent  client process CPU over the window / events received in it, µs; -1 unknown
 * @param cpuUtilization client process CPU / the cores it may use, 0..1; -1 unknown
 * @param sendLagUs      per request, how late the client's scheduler started sending (its own lag, before any wait
 *                       for a connection or slot), µs; {@link LatencyFigures#EMPTY} when not measured
 * @param extra          further client figures (GC, threads...); readers ignore keys they do not know
 */
public record ClientOverhead(double cpuUsPerEvent, double cpuUtilization, LatencyFigures sendLagUs,
                             Map<String, Object> extra) {
    /** Nothing measured. */
    public static final ClientOverhead UNKNOWN = new ClientOverhead(-1, -1, LatencyFigures.EMPTY, Map.of());

    public ClientOverhead {
        sendLagUs = sendLagUs == null ? LatencyFigures.EMPTY : sendLagUs;
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }
}
