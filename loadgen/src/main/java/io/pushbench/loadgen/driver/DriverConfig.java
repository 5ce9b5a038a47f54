package io.pushbench.loadgen.driver;

import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.Variant;
import io.pushbench.loadgen.core.Durations;
import io.pushbench.loadgen.core.LatencyBasis;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of one load-generator JVM (any {@link LoadDriver}), passed to it as {@code -Dpushbench.*} system
 * properties (plain properties reach a JVM forked by the gatling-maven-plugin; {@code -Dgatling.*} ones do not). The
 * properties are strings between the two JVMs only: {@link #fromSystemProperties()} parses them once, into the same
 * types.
 *
 * <pre>{@code
 * DriverConfig c = DriverConfig.builder().transport(Transport.WS).baseUrl("http://127.0.0.1:8080").connections(200)
 *         .rate(5).payloadBytes(256).ramp(Duration.ofSeconds(5)).duration(Duration.ofSeconds(10))
 *         .runId("ws-1").outDir(Path.of("results")).build();
 * List<String> jvmFlags = c.toSystemProperties();          // -Dpushbench.transport=ws ...
 * DriverConfig back = DriverConfig.fromSystemProperties();  // in the Gatling JVM
 * }</pre>
 *
 * @param driver          the load generator (default {@link Driver#GATLING})
 * @param protocol        the HTTP protocol (default {@link Protocol#H1}; h2c needs a driver that supports it)
 * @param streamsPerConnection h2c: subscribers per TCP connection (default 1)
 * @param transport       the transport under load
 * @param baseUrl         server base URL, http://host:port
 * @param connections     virtual users, one subscriber each
 * @param rate            the server's publish rate, msg/s (sizes the fan-out ring, sets the drain)
 * @param payloadBytes    the server's payload size (informational)
 * @param ramp            users start evenly over it
 * @param warmup          after the ramp, before the steady window
 * @param duration        the steady (measured) window
 * @param drain           after the steady window, in-flight messages still count
 * @param runId           run id (file names, hlog tag)
 * @param outDir          where {@code <runId>.hlog} and {@code <runId>.driver.json} go
 * @param basis           latency basis (MONO same host, EPOCH remote)
 * @param backoffMin      reconnect backoff, lower bound
 * @param backoffMax      reconnect backoff cap (exponential with full jitter in between)
 * @param variant         the named asymmetry (default {@link Variant#PLAIN})
 * @param repeat          repeat number
 * @param connectProbeRate connects per second of the {@link io.pushbench.loadgen.probe.ConnectProbe} that measures
 *                        {@code connectUs} for both transports (0 = no probe)
 * @param connectProbeTimeout per probe attempt (TCP connect plus response headers / 101)
 * @param behaviour       what the subscribers do besides reading (scenario: reconnect pacing, churn, slow readers)
 */
public record DriverConfig(Driver driver, Protocol protocol, int streamsPerConnection, Transport transport, String baseUrl, int connections, double rate, int payloadBytes,
                           Duration ramp, Duration warmup, Duration duration, Duration drain, String runId,
                           Path outDir, LatencyBasis basis, Duration backoffMin, Duration backoffMax, Variant variant,
                           int repeat, double connectProbeRate, Duration connectProbeTimeout,
                           ClientBehaviour behaviour) {
    /** Prefix of every system property. */
    public static final String PREFIX = "pushbench.";
    /** Default pace of the connect probe, connects/s. */
    public static final double DEFAULT_CONNECT_PROBE_RATE = 2.0;

    public DriverConfig {
        if (transport == null || driver == null || protocol == null) {
            throw new IllegalArgumentException("the load generator needs a driver, a protocol and a transport");
        }
        if (!driver.supports(protocol)) {
            throw new IllegalArgumentException("the " + driver.key() + " driver cannot carry " + protocol.key());
        }
        if (streamsPerConnection < 1 || (streamsPerConnection > 1 && protocol != Protocol.H2C)) {
            throw new IllegalArgumentException("streams per connection must be 1, or more over " + Protocol.H2C.key()
                    + ", was " + streamsPerConnection + " over " + protocol.key());
        }
        variant = variant == null ? Variant.PLAIN : variant;
        behaviour = behaviour == null ? ClientBehaviour.STEADY : behaviour;
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("server URL must start with http:// or https://, was " + baseUrl);
        }
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be >= 1, was " + connections);
        }
        if (connections > 19_000) {
            throw new IllegalArgumentException("connections must be <= 19000 per load-generator JVM (20,000 open files"
                    + " per process), was " + connections);
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be > 0, was " + rate);
        }
        if (payloadBytes < 0) {
            throw new IllegalArgumentException("payload must be >= 0, was " + payloadBytes);
        }
        if (ramp.isNegative() || warmup.isNegative() || drain.isNegative()) {
            throw new IllegalArgumentException("ramp, warmup and drain must be >= 0");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be > 0, was " + duration);
        }
        if (runId == null || !runId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("runId must be 1-100 characters [A-Za-z0-9._-], was " + runId);
        }
        Objects.requireNonNull(outDir, "outDir");
        if (backoffMin.isNegative() || backoffMax.compareTo(backoffMin) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= min <= max, was " + backoffMin + ".."
                    + backoffMax);
        }
        if (!(connectProbeRate >= 0) || connectProbeRate > 1000) {
            throw new IllegalArgumentException("connect probe rate must be 0..1000 connects/s (0 = off), was "
                    + connectProbeRate);
        }
        Objects.requireNonNull(connectProbeTimeout, "connectProbeTimeout");
        if (connectProbeTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("connect probe timeout must be >= 1 ms, was " + connectProbeTimeout);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** WebSocket base URL (ws:// or wss://). */
    public String wsBaseUrl() {
        return baseUrl.startsWith("https://") ? "wss://" + baseUrl.substring(8) : "ws://" + baseUrl.substring(7);
    }

    /** The configuration as {@code -Dpushbench.*=...} JVM flags. */
    public List<String> toSystemProperties() {
        List<String> out = new ArrayList<>();
        asMap().forEach((k, v) -> out.add("-D" + PREFIX + k + "=" + v));
        return out;
    }

    /** Key to value, as written to system properties. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("driver", driver.key());
        m.put("protocol", protocol.key());
        m.put("streamsPerConnection", Integer.toString(streamsPerConnection));
        m.put("transport", transport.key());
        m.put("url", baseUrl);
        m.put("connections", Integer.toString(connections));
        m.put("rate", Double.toString(rate));
        m.put("payload", Integer.toString(payloadBytes));
        m.put("ramp", ramp.toString());
        m.put("warmup", warmup.toString());
        m.put("duration", duration.toString());
        m.put("drain", drain.toString());
        m.put("runId", runId);
        m.put("outDir", outDir.toAbsolutePath().toString());
        m.put("basis", basis.name().toLowerCase(Locale.ROOT));
        m.put("backoffMin", backoffMin.toString());
        m.put("backoffMax", backoffMax.toString());
        m.put("variant", variant.name());
        m.put("repeat", Integer.toString(repeat));
        m.put("connectProbeRate", Double.toString(connectProbeRate));
        m.put("connectProbeTimeout", connectProbeTimeout.toString());
        m.put("scenario", behaviour.scenario());
        m.put("reconnectPolicy", behaviour.reconnect().key());
        m.put("churnPerSec", Double.toString(behaviour.churnPerSec()));
        m.put("slowShare", Double.toString(behaviour.slowShare()));
        m.put("slowReadDelay", behaviour.slowReadDelay().toString());
        return m;
    }

    /**
     * Reads {@code pushbench.*} system properties; missing ones take the builder's defaults. A bad value is an
     * IllegalArgumentException naming the property: {@code pushbench.transport: unknown transport "x" (known: sse, ws)}.
     */
    public static DriverConfig fromSystemProperties() {
        Builder b = builder();
        String v;
        if ((v = prop("driver")) != null) b.driver(parse("driver", v, Driver::parse));
        if ((v = prop("protocol")) != null) b.protocol(parse("protocol", v, Protocol::parse));
        if ((v = prop("streamsPerConnection")) != null) b.streamsPerConnection(Integer.parseInt(v));
        if ((v = prop("transport")) != null) b.transport(parse("transport", v, Transport::parse));
        if ((v = prop("url")) != null) b.baseUrl(v);
        if ((v = prop("connections")) != null) b.connections(Integer.parseInt(v));
        if ((v = prop("rate")) != null) b.rate(Double.parseDouble(v));
        if ((v = prop("payload")) != null) b.payloadBytes(Integer.parseInt(v));
        if ((v = prop("ramp")) != null) b.ramp(Durations.parse(v));
        if ((v = prop("warmup")) != null) b.warmup(Durations.parse(v));
        if ((v = prop("duration")) != null) b.duration(Durations.parse(v));
        if ((v = prop("drain")) != null) b.drain(Durations.parse(v));
        if ((v = prop("runId")) != null) b.runId(v);
        if ((v = prop("outDir")) != null) b.outDir(Path.of(v));
        if ((v = prop("basis")) != null) b.basis(LatencyBasis.valueOf(v.toUpperCase(Locale.ROOT)));
        if ((v = prop("backoffMin")) != null) b.backoffMin(Durations.parse(v));
        if ((v = prop("backoffMax")) != null) b.backoffMax(Durations.parse(v));
        if ((v = prop("variant")) != null) b.variant(parse("variant", v, Variant::of));
        if ((v = prop("repeat")) != null) b.repeat(Integer.parseInt(v));
        if ((v = prop("connectProbeRate")) != null) b.connectProbeRate(Double.parseDouble(v));
        if ((v = prop("connectProbeTimeout")) != null) b.connectProbeTimeout(Durations.parse(v));
        ClientBehaviour cb = ClientBehaviour.STEADY;
        if ((v = prop("scenario")) != null) cb = cb.named(v);
        if ((v = prop("reconnectPolicy")) != null) cb = cb.withReconnect(parse("reconnectPolicy", v,
                ReconnectPolicy::parse));
        if ((v = prop("churnPerSec")) != null) cb = cb.withChurn(Double.parseDouble(v));
        double share = (v = prop("slowShare")) != null ? Double.parseDouble(v) : 0;
        Duration delay = (v = prop("slowReadDelay")) != null ? Durations.parse(v) : Duration.ZERO;
        b.behaviour(cb.withSlow(share, delay));
        return b.build();
    }

    private static <T> T parse(String key, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + key + ": " + e.getMessage());
        }
    }

    private static String prop(String key) {
        String v = System.getProperty(PREFIX + key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** TCP connections the subscribers use: one each, or {@code ceil(connections / streamsPerConnection)} over h2c. */
    public int tcpConnections() {
        return (connections + streamsPerConnection - 1) / streamsPerConnection;
    }

    /** Validating builder; defaults: gatling, h1, sse, http://127.0.0.1:8080, 10 users, 5 msg/s, 5 s ramp, 10 s, MONO. */
    public static final class Builder {
        private Driver driver = Driver.GATLING;
        private Protocol protocol = Protocol.H1;
        private int streamsPerConnection = 1;
        private Transport transport = Transport.SSE;
        private String baseUrl = "http://127.0.0.1:8080";
        private int connections = 10;
        private double rate = 5;
        private int payloadBytes = 256;
        private Duration ramp = Duration.ofSeconds(5);
        private Duration warmup = Duration.ZERO;
        private Duration duration = Duration.ofSeconds(10);
        private Duration drain;
        private String runId = "run-1";
        private Path outDir = Path.of("target/pushbench");
        private LatencyBasis basis = LatencyBasis.MONO;
        private Duration backoffMin = Duration.ofMillis(100);
        private Duration backoffMax = Duration.ofSeconds(2);
        private Variant variant = Variant.PLAIN;
        private int repeat = 1;
        private double connectProbeRate = DEFAULT_CONNECT_PROBE_RATE;
        private Duration connectProbeTimeout = Duration.ofSeconds(5);
        private ClientBehaviour behaviour = ClientBehaviour.STEADY;

        public Builder driver(Driver v) { driver = v; return this; }
        public Builder protocol(Protocol v) { protocol = v; return this; }
        public Builder streamsPerConnection(int v) { streamsPerConnection = v; return this; }
        public Builder transport(Transport v) { transport = v; return this; }
        public Builder baseUrl(String v) { baseUrl = v; return this; }
        public Builder connections(int v) { connections = v; return this; }
        public Builder rate(double v) { rate = v; return this; }
        public Builder payloadBytes(int v) { payloadBytes = v; return this; }
        public Builder ramp(Duration v) { ramp = v; return this; }
        public Builder warmup(Duration v) { warmup = v; return this; }
        public Builder duration(Duration v) { duration = v; return this; }
        /** Default: 2 s plus two publish intervals. */
        public Builder drain(Duration v) { drain = v; return this; }
        public Builder runId(String v) { runId = v; return this; }
        public Builder outDir(Path v) { outDir = v; return this; }
        public Builder basis(LatencyBasis v) { basis = v; return this; }
        public Builder backoffMin(Duration v) { backoffMin = v; return this; }
        public Builder backoffMax(Duration v) { backoffMax = v; return this; }
        public Builder variant(Variant v) { variant = v; return this; }
        public Builder repeat(int v) { repeat = v; return this; }
        /** Connects per second of the connect probe; 0 turns it off. Default 2. */
        public Builder connectProbeRate(double v) { connectProbeRate = v; return this; }
        public Builder connectProbeTimeout(Duration v) { connectProbeTimeout = v; return this; }
        public Builder behaviour(ClientBehaviour v) { behaviour = v; return this; }

        public DriverConfig build() {
            Duration d = drain != null ? drain
                    : Duration.ofSeconds(2).plusNanos(rate > 0 ? (long) (2e9 / rate) : 0);
            return new DriverConfig(driver, protocol, streamsPerConnection, transport, baseUrl, connections, rate, payloadBytes, ramp, warmup, duration, d,
                    runId, outDir, basis, backoffMin, backoffMax, variant, repeat,
                    connectProbeRate, connectProbeTimeout, behaviour);
        }
    }
}
