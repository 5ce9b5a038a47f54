package io.pushbench.jmh.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What to run and how: an immutable, validated set of JMH settings for {@link JmhSuite}.
 *
 * <pre>{@code
 * JmhSettings s = JmhSettings.builder()          // defaults: 3 forks, 5 x 1 s warm-up, 5 x 2 s measured
 *         .quick()                               // or: 1 fork, 1 x 0.5 s warm-up, 2 x 0.5 s measured
 *         .include("FramingBenchmark")           // regular expressions, found anywhere in the benchmark name
 *         .param("payloadBytes", "256")          // restrict a @Param
 *         .outDir(Path.of("results/jmh"))        // jmh-results.json and jmh-console.log go here
 *         .build();
 * }</pre>
 *
 * Every setter's precondition fails with an {@link IllegalArgumentException} whose one-line message names the
 * flag of {@code pushbench jmh}, so the CLI can print it as is.
 */
public final class JmhSettings {
    private final int forks;
    private final int warmupIterations;
    private final Duration warmupTime;
    private final int measurementIterations;
    private final Duration measurementTime;
    private final List<String> includes;
    private final List<String> excludes;
    private final Map<String, List<String>> params;
    private final List<String> jvmArgs;
    private final Path outDir;
    private final boolean verbose;

    private JmhSettings(Builder b) {
        forks = b.forks;
        warmupIterations = b.warmupIterations;
        warmupTime = b.warmupTime;
        measurementIterations = b.measurementIterations;
        measurementTime = b.measurementTime;
        includes = List.copyOf(b.includes.isEmpty() ? List.of(".*") : b.includes);
        excludes = List.copyOf(b.excludes);
        Map<String, List<String>> p = new LinkedHashMap<>();
        b.params.forEach((k, v) -> p.put(k, List.copyOf(v)));
        params = java.util.Collections.unmodifiableMap(p);
        jvmArgs = List.copyOf(b.jvmArgs);
        outDir = b.outDir;
        verbose = b.verbose;
    }

    /** A builder holding the default (publishable) settings of {@link JmhDefaults}. */
    public static Builder builder() {
        return new Builder();
    }

    public int forks() {
        return forks;
    }

    public int warmupIterations() {
        return warmupIterations;
    }

    public Duration warmupTime() {
        return warmupTime;
    }

    public int measurementIterations() {
        return measurementIterations;
    }

    public Duration measurementTime() {
        return measurementTime;
    }

    /** Include patterns ({@code .*} when none was given). */
    public List<String> includes() {
        return includes;
    }

    public List<String> excludes() {
        return excludes;
    }

    /** {@code @Param} overrides, in the order given. */
    public Map<String, List<String>> params() {
        return params;
    }

    /** Extra JVM arguments for every fork, after the fixed heap. */
    public List<String> jvmArgs() {
        return jvmArgs;
    }

    public Path outDir() {
        return outDir;
    }

    /** Whether JMH's own progress output is echoed to the console (it always goes to the log file). */
    public boolean verbose() {
        return verbose;
    }

    /** Mutable builder; {@link #build()} copies. */
    public static final class Builder {
        private int forks = JmhDefaults.FORKS;
        private int warmupIterations = JmhDefaults.WARMUP_ITERATIONS;
        private Duration warmupTime = Duration.ofMillis(JmhDefaults.WARMUP_MILLIS);
        private int measurementIterations = JmhDefaults.MEASUREMENT_ITERATIONS;
        private Duration measurementTime = Duration.ofMillis(JmhDefaults.MEASUREMENT_MILLIS);
        private final List<String> includes = new ArrayList<>();
        private final List<String> excludes = new ArrayList<>();
        private final Map<String, List<String>> params = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private Path outDir = Path.of("jmh");
        private boolean verbose;

        private Builder() {
        }

        /** Smoke-run settings: 1 fork, 1 warm-up and 2 measured iterations of 0.5 s. Errors will be wide. */
        public Builder quick() {
            forks = JmhDefaults.QUICK_FORKS;
            warmupIterations = JmhDefaults.QUICK_WARMUP_ITERATIONS;
            warmupTime = Duration.ofMillis(JmhDefaults.QUICK_WARMUP_MILLIS);
            measurementIterations = JmhDefaults.QUICK_MEASUREMENT_ITERATIONS;
            measurementTime = Duration.ofMillis(JmhDefaults.QUICK_MEASUREMENT_MILLIS);
            return this;
        }

        public Builder forks(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("--forks must be >= 1, was " + n);
            }
            forks = n;
            return this;
        }

        public Builder warmup(int iterations, Duration time) {
            if (iterations < 0) {
                throw new IllegalArgumentException("--warmup-iterations must be >= 0, was " + iterations);
            }
            warmupIterations = iterations;
            warmupTime = positive(time, "--warmup-time");
            return this;
        }

        public Builder measurement(int iterations, Duration time) {
            if (iterations < 1) {
                throw new IllegalArgumentException("--iterations must be >= 1, was " + iterations);
            }
            measurementIterations = iterations;
            measurementTime = positive(time, "--time");
            return this;
        }

        /** Adds an include pattern (a Java regular expression searched in the benchmark's full name). */
        public Builder include(String regex) {
            includes.add(checkRegex(regex, "--include"));
            return this;
        }

        public Builder exclude(String regex) {
            excludes.add(checkRegex(regex, "--exclude"));
            return this;
        }

        /** Restricts {@code @Param name} to {@code values} (JMH's {@code -p name=v1,v2}). */
        public Builder param(String name, String... values) {
            if (name == null || name.isBlank() || !name.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
                throw new IllegalArgumentException("--param name must be a Java identifier, was '" + name + "'");
            }
            if (values.length == 0) {
                throw new IllegalArgumentException("--param " + name + " needs at least one value");
            }
            for (String v : values) {
                if (v == null || v.isBlank()) {
                    throw new IllegalArgumentException("--param " + name + " has an empty value");
                }
            }
            params.put(name, List.of(values));
            return this;
        }

        /** Parses {@code name=v1,v2,...} as given to {@code --param}. */
        public Builder param(String spec) {
            int eq = spec == null ? -1 : spec.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--param must be NAME=VALUE[,VALUE...], was '" + spec + "'");
            }
            return param(spec.substring(0, eq).strip(), spec.substring(eq + 1).split(",", -1));
        }

        public Builder jvmArg(String arg) {
            if (arg == null || arg.isBlank()) {
                throw new IllegalArgumentException("--jvm-arg must not be empty");
            }
            jvmArgs.add(arg);
            return this;
        }

        public Builder outDir(Path dir) {
            outDir = java.util.Objects.requireNonNull(dir, "outDir");
            return this;
        }

        public Builder verbose(boolean v) {
            verbose = v;
            return this;
        }

        public JmhSettings build() {
            return new JmhSettings(this);
        }

        private static Duration positive(Duration d, String flag) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(flag + " must be > 0, was " + d);
            }
            return d;
        }

        private static String checkRegex(String regex, String flag) {
            if (regex == null || regex.isEmpty()) {
                throw new IllegalArgumentException(flag + " must not be empty");
            }
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(flag + " '" + regex + "' is not a valid regular expression: "
                        + e.getDescription() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
            }
            return regex;
        }
    }
}
