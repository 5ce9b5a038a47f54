package io.pushbench.loadgen.compare;

import io.pushbench.loadgen.scenario.Scenario;
import io.pushbench.loadgen.scenario.Scenarios;
import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.Variant;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The effective settings of one comparison: a named profile ({@code quick}, {@code standard}, {@code ci}, or a
 * user's file) after every flag was applied. Immutable; built and validated by {@link Builder}.
 *
 * <pre>{@code
 * CompareProfile p = ProfileLoader.builtIn("quick").connections(2_000).build();
 * p.repeats();           // 5
 * p.transports();        // [SSE, WS]: parsed once, by the builder, from the flag or file values
 * p.groups();            // [h1/jetty/plain]: protocols x drivers x variants, less what a driver cannot carry
 * p.runCount();          // 10 = repeats x transports x groups
 * p.toConfigMap();       // what results.json stores under "config"
 * }</pre>
 *
 * Every transport runs the same feed ({@code rate} messages per second, {@code payload} bytes) to the same number of
 * connections with the same phases: ramp, then warm-up, then the measured steady window. The transports are the arms
 * being compared; protocols, drivers and variants are axes: each of their combinations is a {@link RunGroup} in
 * which every transport runs, and arms are compared only within a group.
 *
 * @param protocols            the HTTP protocols to run every transport on ({@code h1}, {@code h2c})
 * @param drivers              the load generators to drive every transport with ({@code gatling}, {@code jetty})
 * @param streamsPerConnection h2c only: subscribers multiplexed on one TCP connection (1 = a connection each);
 *                             h1 runs always carry one per connection
 * @param calibrate            whether the comparison's calibration step runs before the first run
 * @param scenarios            reconnection scenarios ({@link Scenarios#NAMES}), each an axis value like a variant:
 *                             each of its cases is a group of its own; ["steady"] by default
 */
public record CompareProfile(String name, int repeats, List<Transport> transports, List<Protocol> protocols,
                             List<Driver> drivers, List<Variant> variants, int connections, double rate, int payload,
                             Duration ramp, Duration warmup, Duration duration, PinMode pin, String serverCpus,
                             String loadgenCpus, List<String> serverJvmArgs, List<String> loadgenJvmArgs,
                             int streamsPerConnection, boolean calibrate, List<String> scenarios) {

    /** Transports a comparison can run. */
    public static final List<Transport> KNOWN_TRANSPORTS = List.of(Transport.values());
    /** Drivers a comparison can run ({@link Driver#IN_MEMORY} has no sockets: it runs in tests only). */
    public static final List<Driver> KNOWN_DRIVERS = List.of(Driver.GATLING, Driver.JETTY, Driver.BROWSER);
    /** The most subscribers one h2c connection may multiplex (the run orchestrator's limit). */
    public static final int MAX_STREAMS_PER_CONNECTION = 1024;
    /** Above this the server process runs out of file descriptors on the reference machine (20,000 per process). */
    public static final int MAX_CONNECTIONS = 19_000;

    public CompareProfile {
        transports = List.copyOf(transports);
        protocols = List.copyOf(protocols);
        drivers = List.copyOf(drivers);
        variants = List.copyOf(variants);
        serverJvmArgs = List.copyOf(serverJvmArgs);
        loadgenJvmArgs = List.copyOf(loadgenJvmArgs);
        scenarios = scenarios == null || scenarios.isEmpty() ? List.of("steady") : List.copyOf(scenarios);
    }

    /** The scenario cases of {@link #scenarios()}, timed for this profile's runs. */
    public List<Scenario> scenarioCases() {
        List<Scenario> out = new ArrayList<>();
        Scenarios.Shape shape = new Scenarios.Shape(duration, rate, connections);
        for (String s : scenarios) {
            out.addAll(Scenarios.cases(s, shape));
        }
        return out;
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

    /** The protocols' keys in order: ["h1", "h2c"]. */
    public List<String> protocolKeys() {
        return protocols.stream().map(Protocol::key).toList();
    }

    /** The drivers' keys in order: ["jetty"]. */
    public List<String> driverKeys() {
        return drivers.stream().map(Driver::key).toList();
    }

    /**
     * The comparable groups in plan order (protocols, then drivers, then variants, each in profile order), without
     * the protocol and driver combinations the driver cannot carry ({@link #skipped()}). Never empty.
     */
    public List<RunGroup> groups() {
        List<RunGroup> out = new ArrayList<>();
        List<Scenario> cases = scenarioCases();
        for (Protocol protocol : protocols) {
            for (Driver driver : drivers) {
                if (driver.supports(protocol)) {
                    for (Variant variant : variants) {
                        for (Scenario sc : cases) {
                            if (fits(sc, protocol, driver)) {
                                out.add(new RunGroup(protocol, driver, variant, sc));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static boolean fits(Scenario sc, Protocol protocol, Driver driver) {
        return sc.protocols().contains(protocol) && (!sc.jettyOnly() || driver == Driver.JETTY)
                && (!sc.browserOnly() || driver == Driver.BROWSER);
    }

    /** One line per driver and protocol combination left out of {@link #groups()} because the driver cannot carry it. */
    public List<String> skipped() {
        List<String> out = new ArrayList<>();
        for (Protocol protocol : protocols) {
            for (Driver driver : drivers) {
                if (!driver.supports(protocol)) {
                    out.add("skipped " + driver.key() + " x " + protocol.key() + ": the " + driver.label()
                            + " driver cannot carry " + protocol.key());
                }
            }
        }
        for (Scenario sc : scenarioCases()) {
            for (Protocol protocol : protocols) {
                for (Driver driver : drivers) {
                    if (driver.supports(protocol) && !fits(sc, protocol, driver)) {
                        out.add("skipped scenario " + sc.name() + " on " + protocol.key() + " x " + driver.key() + ": "
                                + (sc.protocols().contains(protocol) ? "it needs the "
                                + (sc.browserOnly() ? Driver.BROWSER : Driver.JETTY).key()
                                + " driver" : "it applies to " + sc.protocols().stream().map(Protocol::key).toList()
                                + " only (docs/scenarios.md)"));
                    }
                }
            }
        }
        return out;
    }

    /** Subscribers per TCP connection on {@code protocol}: {@link #streamsPerConnection()} on h2c, 1 on h1. */
    public int streamsPerConnection(Protocol protocol) {
        return protocol == Protocol.H2C ? streamsPerConnection : 1;
    }

    /** Number of runs the comparison plans: every transport, {@link #repeats()} times, in every group. */
    public int runCount() {
        return repeats * transports.size() * groups().size();
    }

    /** Ramp + warm-up + steady window of one run. */
    public Duration runWindow() {
        return ramp.plus(warmup).plus(duration);
    }

    /** Wall time of the brief calibration before the first run (26 s measured on the 2-core reference machine). */
    public static final Duration CALIBRATION_WALL_TIME = Duration.ofSeconds(25);

    /**
     * A rough wall-time estimate: each run's window plus about 8 s of JVM starts, drain and shutdown (measured with
     * the Jetty driver on the 2-core reference machine), and the brief calibration when it runs; used for the plan
     * line and the progress line's ETA.
     */
    public Duration estimatedWallTime() {
        return runWindow().plusSeconds(8).multipliedBy(runCount())
                .plus(calibrate ? CALIBRATION_WALL_TIME : Duration.ZERO);
    }

    /** The settings as stored under {@code config} in results.json, with the same keys as the profile files. */
    public Map<String, Object> toConfigMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", name);
        m.put("repeats", repeats);
        m.put("transports", transportKeys());
        m.put("protocols", protocolKeys());
        m.put("drivers", driverKeys());
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
        m.put("streams-per-connection", streamsPerConnection);
        m.put("calibrate", calibrate);
        m.put("scenarios", scenarios);
        return m;
    }

    public Builder toBuilder() {
        return new Builder().name(name).repeats(repeats).transports(transportKeys()).protocols(protocolKeys())
                .drivers(driverKeys()).variants(variantNames()).connections(connections).rate(rate).payload(payload)
                .ramp(ramp).warmup(warmup).duration(duration).pin(pin).serverCpus(serverCpus)
                .loadgenCpus(loadgenCpus).serverJvmArgs(serverJvmArgs).loadgenJvmArgs(loadgenJvmArgs)
                .streamsPerConnection(streamsPerConnection).calibrate(calibrate).scenarios(scenarios);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects settings as given in flags and profile files (transports, protocols, drivers and variants by name);
     * {@link #build()} parses and validates them all and reports the first problem in one line.
     */
    public static final class Builder {
        private String name = "custom";
        private Integer repeats;
        private List<String> transports = KNOWN_TRANSPORTS.stream().map(Transport::key).toList();
        private List<String> protocols = List.of(Protocol.H1.key());
        private List<String> drivers = List.of(Driver.JETTY.key());
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
        private int streamsPerConnection = 1;
        private boolean calibrate = true;
        private List<String> scenarios = List.of("steady");

        public Builder name(String v) { name = v; return this; }
        public Builder repeats(int v) { repeats = v; return this; }
        public Builder transports(List<String> v) { transports = v; return this; }
        public Builder protocols(List<String> v) { protocols = v; return this; }
        public Builder drivers(List<String> v) { drivers = v; return this; }
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
        public Builder streamsPerConnection(int v) { streamsPerConnection = v; return this; }
        public Builder calibrate(boolean v) { calibrate = v; return this; }
        public Builder scenarios(List<String> v) { scenarios = v; return this; }

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
            List<Protocol> ps = distinct("protocols", parsed("protocols", protocols, "", Builder::protocol),
                    Protocol::key, "");
            List<Driver> ds = distinct("drivers", parsed("drivers", drivers, "", Builder::driver), Driver::key, "");
            List<Variant> vs = distinct("variants", parsed("variants", variants, "",
                    v -> Variants.require(v).variant()), Variant::name, "");
            if (streamsPerConnection < 1 || streamsPerConnection > MAX_STREAMS_PER_CONNECTION) {
                throw new IllegalArgumentException("streams-per-connection must be 1.." + MAX_STREAMS_PER_CONNECTION
                        + ", was " + streamsPerConnection);
            }
            if (streamsPerConnection > 1 && !ps.contains(Protocol.H2C)) {
                throw new IllegalArgumentException("streams-per-connection " + streamsPerConnection + " needs h2 in "
                        + "protocols (HTTP/1.1 carries one stream per connection)");
            }
            if (pin == null) {
                throw new IllegalArgumentException("pin must be one of auto, on, off");
            }
            CpuList.validate("server-cpus", serverCpus);
            CpuList.validate("loadgen-cpus", loadgenCpus);
            CompareProfile p = new CompareProfile(name, repeats, ts, ps, ds, vs, connections, rate, payload, ramp,
                    warmup, duration, pin, serverCpus, loadgenCpus, nonNull(serverJvmArgs), nonNull(loadgenJvmArgs),
                    streamsPerConnection, calibrate, Scenarios.parse(scenarios == null ? List.of() : scenarios));
            if (p.groups().isEmpty()) {
                throw new IllegalArgumentException("nothing to run: " + String.join("; ", p.skipped()));
            }
            return p;
        }

        /**
         * Distinct transports, or the same transport twice: an A/A comparison of one configuration against itself,
         * which measures this machine's noise (its two arms are named A and B). Names are parsed here, once.
         */
        private static List<Transport> aaOrDistinct(List<String> values) {
            String hint = " (name one transport exactly twice, e.g. sse,sse, for an A/A comparison)";
            List<Transport> ts = parsed("transports", values, hint, Builder::transport);
            return ts.size() == 2 && ts.get(0) == ts.get(1) ? ts : distinct("transports", ts, Transport::key, hint);
        }

        /** The transport named {@code name}: "unknown transport 'grpc' (known: sse, ws)" when there is none. */
        private static Transport transport(String name) {
            return known("transport", name, Transport::parse, KNOWN_TRANSPORTS.stream().map(Transport::key).toList());
        }

        /** The protocol named {@code name}; "h2" is h2c, the only HTTP/2 pushbench speaks. */
        private static Protocol protocol(String name) {
            return known("protocol", name, Protocol::parse, List.of("h1", "h2"));
        }

        /** The driver named {@code name}, one a comparison can run (not the socket-less in-memory one). */
        private static Driver driver(String name) {
            List<String> keys = KNOWN_DRIVERS.stream().map(Driver::key).toList();
            Driver d = known("driver", name, Driver::parse, keys);
            if (!KNOWN_DRIVERS.contains(d)) {
                throw new IllegalArgumentException("the " + d.key() + " driver runs in tests only (known: "
                        + String.join(", ", keys) + ")");
            }
            return d;
        }

        /** {@code parse(name)}, or "unknown <kind> '<name>' (known: ...)" in the profile's quoting style. */
        private static <T> T known(String kind, String name, Function<String, T> parse, List<String> keys) {
            try {
                return parse.apply(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown " + kind + " '" + name + "' (known: "
                        + String.join(", ", keys) + ")");
            }
        }

        private static void require(Object v, String key) {
            if (v == null) {
                throw new IllegalArgumentException(key + " is not set (the profile must give it)");
            }
        }

        /** Each of {@code values} trimmed and parsed, in order; a missing or empty name is an error. */
        private static <T> List<T> parsed(String key, List<String> values, String hint, Function<String, T> parse) {
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException(key + " must list at least one name" + hint);
            }
            List<T> out = new ArrayList<>();
            for (String v : values) {
                String t = v == null ? "" : v.trim();
                if (t.isEmpty()) {
                    throw new IllegalArgumentException(key + " has an empty name" + hint);
                }
                out.add(parse.apply(t));
            }
            return out;
        }

        /** {@code values} when no value repeats (compared parsed: "h2" and "h2c" are the same protocol). */
        private static <T> List<T> distinct(String key, List<T> values, Function<T, String> name, String hint) {
            LinkedHashSet<T> set = new LinkedHashSet<>();
            for (T v : values) {
                if (!set.add(v)) {
                    throw new IllegalArgumentException(key + " names '" + name.apply(v) + "' twice" + hint);
                }
            }
            return values;
        }

        private static List<String> nonNull(List<String> v) {
            return v == null ? List.of() : v;
        }

        private static String blankToNull(String v) {
            return v == null || v.isBlank() ? null : v.trim();
        }
    }
}
