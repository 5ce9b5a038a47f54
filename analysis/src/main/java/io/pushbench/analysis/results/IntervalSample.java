package io.pushbench.analysis.results;

/**
 * One second of a run as seen by the load generator (one element of {@code RunResult.timeline}).
 *
 * @param t                seconds from the load start to the end of this interval
 * @param phase            "ramp", "warmup", "steady" or "drain" (the phase at the end of the interval)
 * @param connections      connections open at the end of the interval
 * @param messagesPerSec   messages delivered in the interval, per second
 * @param bytesPerSec      payload bytes delivered in the interval, per second
 * @param p50Us            median latency of the interval, µs (0 when no message)
 * @param p99Us            99th percentile latency of the interval, µs
 * @param maxUs            largest latency of the interval, µs
 * @param lost             messages found missing (gaps) during the interval
 * @param duplicated       duplicate receipts during the interval
 * @param reconnects       reconnections completed during the interval
 * @param errors           failed connect attempts and stream errors during the interval
 * @param loadgenCpuCores  load-generator process CPU over the interval, in cores (1.0 = one core busy)
 */
public record IntervalSample(double t, String phase, long connections, double messagesPerSec, double bytesPerSec,
                             double p50Us, double p99Us, double maxUs, long lost, long duplicated, long reconnects,
                             long errors, double loadgenCpuCores) {
}
