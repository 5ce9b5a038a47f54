package io.pushbench.loadgen.core;

import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.LoadgenFigures;
import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.results.Reconnects;
import io.pushbench.analysis.results.Throughput;

import java.util.List;
import java.util.Map;

/**
 * Everything the measurement core concluded about one transport in one run; a driver turns it into a
 * {@code RunResult}.
 *
 * @param steadyFromSec        steady window start, s from the load start
 * @param steadyToSec          steady window end as measured (earlier when interrupted)
 * @param steadyComplete       whether the steady window ran to its configured end
 * @param messages             whole-run accounting against {@code cutSeq}
 * @param steadyMessages       accounting of the seqs scheduled in the steady window (lostSignalled, bytes: 0)
 * @param latencyUs            steady-window latency, first live deliveries only
 * @param latencyAllUs         whole-run latency (ramp and warm-up included), first live deliveries, for reference
 * @param replayLatencyUs      first deliveries replayed after a resume (scheduled before the reconnect started)
 * @param throughput           steady-window delivered rate
 * @param connectUs            connect times (all attempts)
 * @param firstMessageUs       first message after the initial connect
 * @param fanoutUs             steady-window fan-out completion
 * @param reconnects           reconnections
 * @param loadgen              load-generator CPU/GC over the steady window
 * @param connectionsPeak      most connections open at an interval boundary
 * @param connectionsAtSteadyStart connections open when the steady window began
 * @param cutSeq               newest seq seen when the steady window ended, or the last seq scheduled in it if later
 * @param timeline             one sample per second
 * @param invalidReasons       reasons from the core's own rules
 * @param diagnostics          counters that explain anomalies (malformed, clamped, negative, fan-out drops)
 */
public record MeterSummary(double steadyFromSec, double steadyToSec, boolean steadyComplete, MessageCounts messages,
                           MessageCounts steadyMessages, Percentiles latencyUs, Percentiles latencyAllUs,
                           Percentiles replayLatencyUs, Throughput throughput,
                           Percentiles connectUs, Percentiles firstMessageUs, Percentiles fanoutUs,
                           Reconnects reconnects, LoadgenFigures loadgen, long connectionsPeak,
                           long connectionsAtSteadyStart, long cutSeq, List<IntervalSample> timeline,
                           List<String> invalidReasons, Map<String, Object> diagnostics) {
}
