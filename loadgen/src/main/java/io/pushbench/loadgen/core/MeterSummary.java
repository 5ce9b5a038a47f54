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
 * @param latencyUs            steady-window latency
 * @param latencyAllUs         whole-run latency (ramp and warm-up included), for reference
 * @param throughput           steady-window delivered rate
 * @param connectUs            connect times (all attempts)
 * @param firstMessageUs       first message after the initial connect
 * @param fanoutUs             steady-window fan-out completion
 * @param reconnects           reconnections
 * @param loadgen              load-generator CPU/GC over the steady window
 * @param connectionsPeak      most connections open at an interval boundary
 * @param connectionsAtSteadyStart connections open when the steady window began
 * @param cutSeq               newest seq seen when the steady window ended
 * @param timeline             one sample per second
 * @param invalidReasons       reasons from the core's own rules
 * @param diagnostics          counters that explain anomalies (malformed, clamped, negative, fan-out drops)
 */
public record MeterSummary(double steadyFromSec, double steadyToSec, boolean steadyComplete, MessageCounts messages,
                           Percentiles latencyUs, Percentiles latencyAllUs, Throughput throughput,
                           Percentiles connectUs, Percentiles firstMessageUs, Percentiles fanoutUs,
                           Reconnects reconnects, LoadgenFigures loadgen, long connectionsPeak,
                           long connectionsAtSteadyStart, long cutSeq, List<IntervalSample> timeline,
                           List<String> invalidReasons, Map<String, Object> diagnostics) {
}
