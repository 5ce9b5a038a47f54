package io.pushbench.reports.model;

/**
 * SSE against WebSocket on one headline figure, for one protocol/driver/variant pairing.
 *
 * <p>The rule: a difference is called only when the two groups' 95% intervals across repeats do not overlap;
 * otherwise the outcome is {@code "no-difference"} ("no difference beyond noise"). With a single repeat on either
 * side there is no spread to test against, so the outcome is computed on the point figures and marked provisional.
 *
 * @param metric      {@link Metric#key()}
 * @param label       human label of the figure
 * @param unit        unit of the figures
 * @param sseGroup    key of the SSE group
 * @param wsGroup     key of the WebSocket group
 * @param sse         SSE spread
 * @param ws          WebSocket spread
 * @param ratio       SSE median / WebSocket median (NaN when the WebSocket median is 0)
 * @param outcome     "sse-better", "ws-better" or "no-difference"
 * @param provisional true when either side has fewer than two repeats
 * @param sentence    the verdict in words
 */
public record Comparison(String metric, String label, String unit, String sseGroup, String wsGroup, Spread sse,
                         Spread ws, double ratio, String outcome, boolean provisional, String sentence) {
}
