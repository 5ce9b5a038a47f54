package io.pushbench.jmh.run;

import java.util.Map;

/**
 * One benchmark configuration's result as read back from JMH's JSON: what the summary table prints.
 *
 * @param benchmark       the full benchmark name ({@code io.pushbench.jmh.bench.FramingBenchmark.sseEvent})
 * @param mode            JMH mode ({@code avgt}, {@code thrpt}, ...)
 * @param params          {@code @Param} values, in JMH's order
 * @param score           primary score
 * @param error           half-width of the 99.9% confidence interval; NaN when JMH could not compute one
 * @param unit            score unit ({@code ns/op}, {@code us/op})
 * @param allocBytesPerOp the gc profiler's {@code gc.alloc.rate.norm}; NaN when the profiler did not run
 * @param samples         measured iterations over all forks
 */
public record ResultRow(String benchmark, String mode, Map<String, String> params, double score, double error,
                        String unit, double allocBytesPerOp, int samples) {

    public ResultRow {
        // keep JMH's parameter order (Map.copyOf would not)
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    /** {@code error / score}; NaN when either is unknown or the score is 0. */
    public double relativeError() {
        return score == 0 || Double.isNaN(error) ? Double.NaN : Math.abs(error / score);
    }

    /** Whether the error is known and within {@code limit} (a fraction: 0.05 = 5%). */
    public boolean withinError(double limit) {
        double r = relativeError();
        return !Double.isNaN(r) && r <= limit;
    }

    /** The benchmark name without the package: {@code FramingBenchmark.sseEvent}. */
    public String shortName() {
        int method = benchmark.lastIndexOf('.');
        int cls = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(cls + 1);
    }
}
