package io.pushbench.cli.compare;

import io.pushbench.analysis.results.Variant;
import io.pushbench.wire.Transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The effective settings of one comparison: a named profile ({@code quick}, {@code standard}, {@code ci}, or a
 * user's file) after every flag was applied. Immutable; built and validated by {@link Builder}.
 *
 * <pre>{@code
 * CompareProfile p = ProfileLoader.builtIn("quick").toBuilder().connections(2_000).build();
 * p.repeats();           // 5
 * p.transports();        // [SSE, WS]: parsed once, by the builder, from the flag or file values
 * p.toConfigMap();       // what results.json stores under "config"
 * }</pre>
 *
 * Every transport runs the same feed ({@code rate} messages per second, {@code payload} bytes) to the same number of
 * connections with the same phases: ramp, then warm-up, then the measured steady window.
 */
public record CompareProfile(String name, int repeats, List<Transport> transports, List<Variant> variants,
                             int connections, double rate, int payload, Duration ramp, Duration warmup,
                             Duration duration, PinMode pin, String serverCpus, String loadgenCpus,
                             List<String> serverJvmArgs, List<String> loadgenJvmArgs) {

    /** Transports a comparison can run. */
    public static final List<Transport> KNOWN_TRANSPORTS = List.of(Transport.values());
    /** Above this the server process runs out of file descriptors on the reference machine (20,000 per process). */
    public static final int MAX_CONNECTIONS = 19_000;

    public CompareProfile {
        transports = List.copyOf(transports);
        variants = List.copyOf(variants);
        serverJvmArgs = List.copyOf(serverJvmArgs);
        loadgenJvmArgs = List.copyOf(loadgenJvmArgs);
    }

    /** Whether this is an A/A comparison: one transport named twice, run as two arms named A and B. */
    public boolean isAa() {
        return transports.size() == 2 && transports.get(0) == transports.get(1);
    }

    /** The arm names in {@link #transports()} order: "A", "B" for an A/A comparison, else nulls. */
    public List<String> armNames() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < transports.size(); i++) {
            out.add(isAa() ? String.valueOf((char) ('A' + i)) : null);
        }
        return out;
    }

    /** The transports' keys in order, as in flags and files: ["sse", "ws"]. */
    public List<String> transportKeys() {
        return transports.stream().map(Transport::key).toList();
    }

    /** The variants' names in order, as in flags and files: ["plain"]. */
    public List<String> variantNames() {
        return variants.stream().map(Variant::name).toList();
    }

    /** Number of runs the comparison makes. */
    public int runCount() {
        return repeats * transports.size() * variants.size();
    }

    /** Ramp + warm-up + steady window of one run. */
    public Duration runWindow() {
        return ramp.plus(warmup).plus(duration);
    }

    /**
     * A rough wall-time estimate: each run's window plus about 10 s of JVM starts, drain and shutdown (measured on
     * the 2-core reference machine), used for the plan line and the progress line's ETA.
     */
    public Duration estimatedWallTime() {
        return runWindow().plusSeconds(10).multipliedBy(runCount());
    }

    /** The settings as stored under {@code config} in results.json, with the same keys as the profile files. */
    public Map<String, Object> toConfigMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", name);
        m.put("repeats", repeats);
        m.put("transports", transportKeys());
        m.put("variants", variantNames());
        m.put("connections", connections);
        m.put("rate", rate);
        m.put("payload", payload);
        m.put("ramp", DurationText.format(ramp));
        m.put("warmup", DurationText.format(warmup));
        m.put("duration", DurationText.format(duration));
        m.put("pin", pin.toString());
        m.put("server-cpus", serverCpus);
        m.put("loadgen-cpus", loadgenCpus);
        m.put("server-jvm-args", serverJvmArgs);
        m.put("loadgen-jvm-args", loadgenJvmArgs);
        return m;
    }

    public Builder toBuilder() {
        return new Builder().name(name).repeats(repeats).transports(transportKeys()).variants(variantNames())
                .connections(connections).rate(rate).payload(payload).ramp(ramp).warmup(warmup).duration(duration)
                .pin(pin).serverCpus(serverCpus).loadgenCpus(loadgenCpus).serverJvmArgs(serverJvmArgs)
                .loadgenJvmArgs(loadgenJvmArgs);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects settings as given in flags and profile files (transports and variants by name); {@link #build()}
     * parses and validates them all and reports the first problem in one line.
     */
    public static final class Builder {
        private String name = "custom";
        private Integer repeats;
        private List<String> transports = KNOWN_TRANSPORTS.stream().map(Transport::key).toList();
        private List<String> variants = List.of(Variant.PLAIN.name());
        private Integer connections;
        private Double rate;
        private Integer payload;
        private Duration ramp;
        private Duration warmup;
        private Duration duration;
        private PinMode pin = PinMode.AUTO;
        private String serverCpus;
        private String loadgenCpus;
        private List<String> serverJvmArgs = List.of();
        private List<String> loadgenJvmArgs = List.of();

        public Builder name(String v) { name = v; return this; }
        public Builder repeats(int v) { repeats = v; return this; }
        public Builder transports(List<String> v) { transports = v; return this; }
        public Builder variants(List<String> v) { variants = v; return this; }
        public Builder connections(int v) { connections = v; return this; }
        public Builder rate(double v) { rate = v; return this; }
        public Builder payload(int v) { payload = v; return this; }
        public Builder ramp(Duration v) { ramp = v; return this; }
        public Builder warmup(Duration v) { warmup = v; return this; }
        public Builder duration(Duration v) { duration = v; return this; }
        public Builder pin(PinMode v) { pin = v; return this; }
        public Builder serverCpus(String v) { serverCpus = blankToNull(v); return this; }
        public Builder loadgenCpus(String v) { loadgenCpus = blankToNull(v); return this; }
        public Builder serverJvmArgs(List<String> v) { serverJvmArgs = v; return this; }
        public Builder loadgenJvmArgs(List<String> v) { loadgenJvmArgs = v; return this; }

        public CompareProfile build() {
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,39}")) {
                throw new IllegalArgumentException("profile name must be 1-40 letters, digits, '.', '_' or '-', was '"
                        + name + "'");
            }
            require(repeats, "repeats");
            require(connections, "connections");
            require(rate, "rate");
            require(payload, "payload");
            require(ramp, "ramp");
            require(warmup, "warmup");
            require(duration, "duration");
            if (repeats < 1 || repeats > 50) {
                throw new IllegalArgumentException("repeats must be 1..50, was " + repeats);
            }
            if (connections < 1 || connections > MAX_CONNECTIONS) {
                throw new IllegalArgumentException("connections must be 1.." + MAX_CONNECTIONS + ", was " + connections);
            }
            if (!(rate > 0) || rate > 100_000 || Double.isNaN(rate)) {
                throw new IllegalArgumentException("rate must be > 0 and <= 100000 msg/s, was " + rate);
            }
            if (payload < 1 || payload > 1 << 20) {
                throw new IllegalArgumentException("payload must be 1..1048576 bytes, was " + payload);
            }
            if (ramp.isNegative()) {
                throw new IllegalArgumentException("ramp must be >= 0, was " + DurationText.format(ramp));
            }
            if (warmup.isNegative()) {
                throw new IllegalArgumentException("warmup must be >= 0, was " + DurationText.format(warmup));
            }
            if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("duration must be >= 1s, was " + DurationText.format(duration));
            }
            List<Transport> ts = aaOrDistinct(transports);
            List<Variant> vs = new ArrayList<>();
            for (String v : distinct("variants", variants)) {
                vs.add(Variants.require(v).variant());
            }
            if (pin == null) {
                throw new IllegalArgumentException("pin must be one of auto, on, off");
            }
            CpuList.validate("server-cpus", serverCpus);
            CpuList.validate("loadgen-cpus", loadgenCpus);
            return new CompareProfile(name, repeats, ts, vs, connections, rate, payload, ramp, warmup, duration, pin,
                    serverCpus, loadgenCpus, nonNull(serverJvmArgs), nonNull(loadgenJvmArgs));
        }

        /**
         * Distinct transports, or the same transport twice: an A/A comparison of one configuration against itself,
         * which measures this machine's noise (its two arms are named A and B). Names are parsed here, once.
         */
        private static List<Transport> aaOrDistinct(List<String> values) {
            String hint = " (name one transport exactly twice, e.g. sse,sse, for an A/A comparison)";
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException("transports must list at least one name" + hint);
            }
            List<Transport> ts = new ArrayList<>();
            for (String v : values) {
                String t = v == null ? "" : v.trim();
                if (t.isEmpty()) {
                    throw new IllegalArgumentException("transports has an empty name" + hint);
                }
                ts.add(transport(t));
            }
            if (ts.size() == 2 && ts.get(0) == ts.get(1)) {
                return ts;
            }
            LinkedHashSet<Transport> set = new LinkedHashSet<>();
            for (Transport t : ts) {
                if (!set.add(t)) {
                    throw new IllegalArgumentException("transports names '" + t.key() + "' twice" + hint);
                }
            }
            return ts;
        }

        /** The transport named {@code name}: "unknown transport 'grpc' (known: sse, ws)" when there is none. */
        private static Transport transport(String name) {
            try {
                return Transport.parse(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown transport '" + name + "' (known: " + String.join(", ",
                        KNOWN_TRANSPORTS.stream().map(Transport::key).toList()) + ")");
            }
        }

        private static void require(Object v, String key) {
            if (v == null) {
                throw new IllegalArgumentException(key + " is not set (the profile must give it)");
            }
        }

        private static List<String> distinct(String key, List<String> values) {
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException(key + " must list at least one name");
            }
            LinkedHashSet<String> set = new LinkedHashSet<>();
            for (String v : values) {
                String t = v == null ? "" : v.trim();
                if (t.isEmpty()) {
                    throw new IllegalArgumentException(key + " has an empty name");
                }
                if (!set.add(t)) {
                    throw new IllegalArgumentException(key + " names '" + t + "' twice");
                }
            }
            return new ArrayList<>(set);
        }

        private static List<String> nonNull(List<String> v) {
            return v == null ? List.of() : v;
        }

        private static String blankToNull(String v) {
            return v == null || v.isBlank() ? null : v.trim();
        }
    }
}
