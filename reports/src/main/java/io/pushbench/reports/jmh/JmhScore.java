package io.pushbench.reports.jmh;

import java.util.Map;

/**
 * One benchmark result from JMH's JSON output.
 *
 * @param benchmark       fully qualified benchmark method
 * @param mode            JMH mode ("thrpt", "avgt", "sample", "ss")
 * @param params          benchmark parameters, sorted by name
 * @param score           primary score
 * @param error           99.9% error half-width as JMH reports it (NaN with a single iteration)
 * @param unit            score unit, e.g. "ns/op" or "ops/s"
 * @param allocBytesPerOp {@code gc.alloc.rate.norm} from the gc profiler, null when not profiled
 */
public record JmhScore(String benchmark, String mode, Map<String, String> params, double score, double error,
                       String unit, Double allocBytesPerOp) {

    /** True when a higher score is better (throughput units such as ops/s), false for time per operation. */
    public boolean higherIsBetter() {
        return unit.startsWith("ops/") || mode.equals("thrpt");
    }

    /** A stable key: benchmark plus its parameters, e.g. {@code a.B.m[payloadBytes=256]}. */
    public String key() {
        if (params.isEmpty()) {
            return benchmark;
        }
        StringBuilder sb = new StringBuilder(benchmark).append('[');
        new java.util.TreeMap<>(params).forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '[' ? "" : ",").append(k).append('=')
                .append(v));
        return sb.append(']').toString();
    }
}
