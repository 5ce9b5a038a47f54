package io.pushbench.jmh.run;

/**
 * The run settings of the suite, in one place: the benchmark annotations (for {@code java -jar benchmarks.jar})
 * and {@code pushbench jmh} both use them. docs/jmh.md explains the choice; in short, 3 forks x 5 measured
 * iterations of 2 s give JMH's 99.9% confidence half-width ({@code t(0.9995, 14) = 4.14}) times the standard
 * error of 15 samples, i.e. about 1.07 x the iteration-to-iteration coefficient of variation, so the error stays
 * within 5% of the score as long as iterations scatter by less than about 4.5%, which 2 s iterations achieve on
 * a quiet 2-core machine; 3 forks also sample JIT and heap-layout differences between JVMs, the largest source of
 * run-to-run variance in nanosecond benchmarks.
 */
public final class JmhDefaults {
    /** Forked JVMs per benchmark configuration. */
    public static final int FORKS = 3;
    /** Warm-up iterations per fork. */
    public static final int WARMUP_ITERATIONS = 5;
    /** Warm-up iteration length, ms. */
    public static final int WARMUP_MILLIS = 1000;
    /** Measured iterations per fork. */
    public static final int MEASUREMENT_ITERATIONS = 5;
    /** Measured iteration length, ms. */
    public static final int MEASUREMENT_MILLIS = 2000;

    /** {@code --quick}: one fork, one warm-up and two measured iterations, for smoke runs (errors will be wide). */
    public static final int QUICK_FORKS = 1;
    public static final int QUICK_WARMUP_ITERATIONS = 1;
    public static final int QUICK_WARMUP_MILLIS = 500;
    public static final int QUICK_MEASUREMENT_ITERATIONS = 2;
    public static final int QUICK_MEASUREMENT_MILLIS = 500;

    /**
     * Fixed heap for every fork: the same heap size on every machine keeps GC frequency (and so the GC share of
     * allocation-heavy benchmarks such as per-connection fan-out) comparable between runs and baselines.
     */
    public static final String HEAP_MIN = "-Xms1g";
    public static final String HEAP_MAX = "-Xmx1g";

    /** File name of JMH's JSON result in the output directory (the results-directory layout's jmh/ entry). */
    public static final String RESULT_FILE = "jmh-results.json";
    /** File name of JMH's human-readable log in the output directory. */
    public static final String CONSOLE_LOG = "jmh-console.log";

    /** Target upper bound of error / score; results above it are flagged in the table. */
    public static final double MAX_RELATIVE_ERROR = 0.05;

    /** Name of the gc profiler's normalised allocation metric (bytes per operation) in JMH's JSON. */
    public static final String ALLOC_NORM = "gc.alloc.rate.norm";

    private JmhDefaults() {
    }
}
