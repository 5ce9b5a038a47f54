package io.pushbench.analysis.llm;

import java.util.List;
import java.util.function.Function;

/**
 * A step's latency figures, each a {@link LatencyFigures} in µs, each defined once in {@link LlmMetrics}. Every figure
 * covers the step's completed requests, except {@code clientQueueUs}, which covers every request sent (a failed one's
 * wait counts as much). All start at the scheduled arrival except the transport delays.
 *
 * @param ttftUs           time to first token (first non-empty content event)
 * @param firstEventUs     time to first event, empty or not (vLLM's TTFT)
 * @param e2eUs            end-to-end (end marker)
 * @param itlPerChunkUs    gaps between successive content events, first excluded, one sample per gap
 * @param itlPerTokenUs    the same gaps divided across the later event's tokens, one sample per token; requests
 *                         whose events do not all state their tokens are left out (see its count)
 * @param tpotUs           time per output token, one sample per request with a known count of 2 or more tokens
 * @param clientQueueUs    sent − scheduled, every request sent
 * @param transportDelayUs received − scheduled emit, one sample per event with an emit time
 * @param ttftTransportUs  the first content event's transport delay, one sample per request
 * @param e2eTransportUs   the last event's transport delay, one sample per request
 */
public record LlmLatencies(LatencyFigures ttftUs, LatencyFigures firstEventUs, LatencyFigures e2eUs,
                           LatencyFigures itlPerChunkUs, LatencyFigures itlPerTokenUs, LatencyFigures tpotUs,
                           LatencyFigures clientQueueUs, LatencyFigures transportDelayUs, LatencyFigures ttftTransportUs,
                           LatencyFigures e2eTransportUs) {
    public LlmLatencies {
        ttftUs = orEmpty(ttftUs);
        firstEventUs = orEmpty(firstEventUs);
        e2eUs = orEmpty(e2eUs);
        itlPerChunkUs = orEmpty(itlPerChunkUs);
        itlPerTokenUs = orEmpty(itlPerTokenUs);
        tpotUs = orEmpty(tpotUs);
        clientQueueUs = orEmpty(clientQueueUs);
        transportDelayUs = orEmpty(transportDelayUs);
        ttftTransportUs = orEmpty(ttftTransportUs);
        e2eTransportUs = orEmpty(e2eTransportUs);
    }

    /** Every figure's values pooled over {@code parts} (hosts of one step, or repeats for a spectrum). */
    public static LlmLatencies merge(List<LlmLatencies> parts) {
        return new LlmLatencies(m(parts, LlmLatencies::ttftUs), m(parts, LlmLatencies::firstEventUs),
                m(parts, LlmLatencies::e2eUs), m(parts, LlmLatencies::itlPerChunkUs),
                m(parts, LlmLatencies::itlPerTokenUs), m(parts, LlmLatencies::tpotUs),
                m(parts, LlmLatencies::clientQueueUs), m(parts, LlmLatencies::transportDelayUs),
                m(parts, LlmLatencies::ttftTransportUs), m(parts, LlmLatencies::e2eTransportUs));
    }

    private static LatencyFigures m(List<LlmLatencies> parts, Function<LlmLatencies, LatencyFigures> f) {
        return LatencyFigures.merge(parts.stream().map(f).toList());
    }

    private static LatencyFigures orEmpty(LatencyFigures d) {
        return d == null ? LatencyFigures.EMPTY : d;
    }
}
