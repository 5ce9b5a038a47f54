package io.pushbench.loadgen.run;

import io.pushbench.loadgen.scenario.FaultPlan;
import io.pushbench.loadgen.scenario.Scenario;
import io.pushbench.loadgen.scenario.Scenarios;
import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.Variant;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything one run needs, immutable; built with {@link #builder()} which validates with one-line messages.
 *
 * <pre>{@code
 * RunSpec spec = RunSpec.builder().transport(Transport.SSE).connections(200).rate(5).payloadBytes(256)
 *         .ramp(Duration.ofSeconds(5)).duration(Duration.ofSeconds(20)).outDir(Path.of("results/x"))
 *         .serverCommand(List.of("java", "-cp", cp, "io.pushbench.cli.Main", "server"))
 *         .javaCommand("java").classpath(cp).build();
 * RunResult r = new RunOrchestrator().run(spec, RunListener.NONE);
 * }</pre>
 *
 * @param transport       the transport (default SSE)
 * @param protocol        the HTTP protocol (default {@link Protocol#H1}); {@link Protocol#H2C} needs a driver that
 *                        {@link Driver#supports supports} it (the Jetty driver)
 * @param driver          the load generator (default {@link Driver#GATLING}); never {@link Driver#IN_MEMORY}
 * @param variant         the named asymmetry (default {@link Variant#PLAIN}: none between transports)
 * @param repeat          1-based repeat number
 * @param runId           file-name-safe id; default {@code <transport>-<connections>c-<rate>r-<repeat>}
 * @param connections     subscribers, 1..19,000 (one Gatling JVM holds below the 20,000 open-file limit)
 * @param rate            publish rate, msg/s
 * @param payloadBytes    payload size, bytes
 * @param ramp            users start evenly over it
 * @param warmup          measured apart, before the steady window
 * @param duration        steady window
 * @param drain           after the steady window (null: 2 s + two publish intervals)
 * @param serverUrl       target server; null starts {@code serverCommand} on a free loopback port
 * @param allowRemote     allow a non-loopback {@code serverUrl} (latency then uses epoch time)
 * @param outDir          run directory
 * @param serverCommand   command that starts {@code pushbench server}; the orchestrator appends its flags
 * @param serverArgs      extra flags appended to the server command (e.g. "--ws-deflate")
 * @param javaCommand     java executable for the Gatling JVM
 * @param classpath       class path for the Gatling JVM (must hold pushbench-loadgen and Gatling)
 * @param serverCpus      taskset CPU list for the server, or null
 * @param loadgenCpus     taskset CPU list for the Gatling JVM, or null
 * @param serverJvmArgs   informational (already part of serverCommand when the CLI builds it)
 * @param loadgenJvmArgs  extra JVM flags for the Gatling JVM (default -Xmx1g -XX:+UseParallelGC is NOT implied)
 * @param adminToken      token for the server's admin endpoint (null: generated)
 * @param connectProbeRate connects/s of the connect probe that measures {@code connectUs} for both transports
 *                        (default 2; 0 = no probe: SSE then reports the loaders' own figure, WebSocket none)
 * @param allowUnobservedServer waive the "server unobserved" rule (a server without {@code /metrics}, or no poll in
 *                        the steady window): the run is then judged without the server-side rules it could not
 *                        apply, and the waived reasons are kept in {@code extensions.waivedRules} (CLI flag
 *                        {@code --allow-unobserved-server}; default false: an unobserved server is invalid)
 * @param streamsPerConnection h2 only: subscribers multiplexed on one TCP connection (default 1; connections are
 *                        then {@code ceil(connections / streamsPerConnection)})
 * @param scenario        the reconnection scenario case (default {@link Scenarios#STEADY}: no fault); a fault or a
 *                        restart needs the server this run starts (no {@code serverUrl}), and client behaviour
 *                        beyond the default needs the Jetty driver
 */
public record RunSpec(Transport transport, Protocol protocol, Driver driver, Variant variant, int repeat, String runId,
                      int connections, double rate, int payloadBytes, Duration ramp, Duration warmup,
                      Duration duration, Duration drain, String serverUrl, boolean allowRemote, Path outDir,
                      List<String> serverCommand, List<String> serverArgs, String javaCommand, String classpath,
                      String serverCpus, String loadgenCpus, List<String> serverJvmArgs,
                      List<String> loadgenJvmArgs, String adminToken, double connectProbeRate,
                      boolean allowUnobservedServer, int streamsPerConnection, Scenario scenario) {
    /** Most connections one load-generator JVM may hold (20,000 open files per process, minus headroom). */
    public static final int MAX_CONNECTIONS = 19_000;

    public RunSpec {
        if (transport == null || protocol == null || driver == null) {
            throw new IllegalArgumentException("a run needs a transport, a protocol and a driver");
        }
        if (driver == Driver.IN_MEMORY) {
            throw new IllegalArgumentException("the " + driver.key() + " driver runs in tests only, never against a"
                    + " server");
        }
        if (!driver.supports(protocol)) {
            throw new IllegalArgumentException("the " + driver.key() + " driver speaks " + Protocol.H1.key()
                    + " only, was " + protocol.key());
        }
        if (streamsPerConnection < 1 || streamsPerConnection > 1024) {
            throw new IllegalArgumentException("streams per connection must be 1..1024, was " + streamsPerConnection);
        }
        if (streamsPerConnection > 1 && protocol != Protocol.H2C) {
            throw new IllegalArgumentException("streams per connection > 1 needs " + Protocol.H2C.key()
                    + " (HTTP/1.1 carries one stream per connection), was " + streamsPerConnection);
        }
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be >= 1, was " + repeat);
        }
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections must be 1.." + MAX_CONNECTIONS + ", was " + connections);
        }
        if (!(rate > 0) || rate > 100_000) {
            throw new IllegalArgumentException("rate must be > 0 and <= 100000 msg/s, was " + rate);
        }
        if (payloadBytes < 0 || payloadBytes > 1 << 20) {
            throw new IllegalArgumentException("payload must be 0..1048576 bytes, was " + payloadBytes);
        }
        Objects.requireNonNull(ramp, "ramp");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(duration, "duration");
        if (ramp.isNegative()) {
            throw new IllegalArgumentException("ramp must be >= 0, was " + ramp);
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup must be >= 0, was " + warmup);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be > 0, was " + duration);
        }
        if (drain != null && drain.isNegative()) {
            throw new IllegalArgumentException("drain must be >= 0, was " + drain);
        }
        if (runId == null || !runId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("runId must be 1-100 characters of [A-Za-z0-9._-], was " + runId);
        }
        Objects.requireNonNull(outDir, "outDir");
        if (serverUrl == null && (serverCommand == null || serverCommand.isEmpty())) {
            throw new IllegalArgumentException("either a server URL or a server command is needed");
        }
        if (!(connectProbeRate >= 0) || connectProbeRate > 1000) {
            throw new IllegalArgumentException("connect probe rate must be 0..1000 connects/s (0 = off), was "
                    + connectProbeRate);
        }
        if (classpath == null || classpath.isBlank()) {
            throw new IllegalArgumentException("classpath for the Gatling JVM is required");
        }
        serverCommand = serverCommand == null ? List.of() : List.copyOf(serverCommand);
        serverArgs = serverArgs == null ? List.of() : List.copyOf(serverArgs);
        serverJvmArgs = serverJvmArgs == null ? List.of() : List.copyOf(serverJvmArgs);
        loadgenJvmArgs = loadgenJvmArgs == null ? List.of() : List.copyOf(loadgenJvmArgs);
        if (javaCommand == null || javaCommand.isBlank()) {
            javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
        variant = variant == null ? Variant.PLAIN : variant;
        scenario = scenario == null ? Scenarios.STEADY : scenario;
        if (scenario.fault().kind() != FaultPlan.Kind.NONE && serverUrl != null) {
            throw new IllegalArgumentException("scenario " + scenario.name() + " injects faults into the server this"
                    + " run starts; it cannot target --server " + serverUrl);
        }
        if (scenario.jettyOnly() && driver != Driver.JETTY) {
            throw new IllegalArgumentException("scenario " + scenario.name() + " needs the " + Driver.JETTY.key()
                    + " driver (its subscribers' behaviour), was " + driver.key());
        }
        if (scenario.browserOnly() && driver != Driver.BROWSER) {
            throw new IllegalArgumentException("scenario " + scenario.name() + " needs the " + Driver.BROWSER.key()
                    + " driver (a browser's connection limit), was " + driver.key());
        }
        if (!scenario.protocols().contains(protocol)) {
            throw new IllegalArgumentException("scenario " + scenario.name() + " applies to "
                    + scenario.protocols().stream().map(Protocol::key).toList() + " only, was " + protocol.key());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Drain actually used. */
    public Duration effectiveDrain() {
        return drain != null ? drain : Duration.ofSeconds(2).plusNanos((long) (2e9 / rate));
    }

    /** Validating builder; see the record components for meanings and defaults. */
    public static final class Builder {
        private Transport transport = Transport.SSE;
        private Protocol protocol = Protocol.H1;
        private Driver driver = Driver.GATLING;
        private Variant variant = Variant.PLAIN;
        private int repeat = 1;
        private String runId;
        private int connections = 100;
        private double rate = 5;
        private int payloadBytes = 256;
        private Duration ramp = Duration.ofSeconds(5);
        private Duration warmup = Duration.ZERO;
        private Duration duration = Duration.ofSeconds(20);
        private Duration drain;
        private String serverUrl;
        private boolean allowRemote;
        private Path outDir = Path.of("results");
        private List<String> serverCommand;
        private List<String> serverArgs;
        private String javaCommand;
        private String classpath = System.getProperty("java.class.path");
        private String serverCpus;
        private String loadgenCpus;
        private List<String> serverJvmArgs;
        private List<String> loadgenJvmArgs;
        private String adminToken;
        private double connectProbeRate = 2.0;
        private boolean allowUnobservedServer;
        private int streamsPerConnection = 1;
        private Scenario scenario = Scenarios.STEADY;

        public Builder transport(Transport v) { transport = v; return this; }
        public Builder protocol(Protocol v) { protocol = v; return this; }
        public Builder driver(Driver v) { driver = v; return this; }
        public Builder variant(Variant v) { variant = v; return this; }
        public Builder repeat(int v) { repeat = v; return this; }
        public Builder runId(String v) { runId = v; return this; }
        public Builder connections(int v) { connections = v; return this; }
        public Builder rate(double v) { rate = v; return this; }
        public Builder payloadBytes(int v) { payloadBytes = v; return this; }
        public Builder ramp(Duration v) { ramp = v; return this; }
        public Builder warmup(Duration v) { warmup = v; return this; }
        public Builder duration(Duration v) { duration = v; return this; }
        public Builder drain(Duration v) { drain = v; return this; }
        public Builder serverUrl(String v) { serverUrl = v; return this; }
        public Builder allowRemote(boolean v) { allowRemote = v; return this; }
        public Builder outDir(Path v) { outDir = v; return this; }
        public Builder serverCommand(List<String> v) { serverCommand = v; return this; }
        public Builder serverArgs(List<String> v) { serverArgs = v; return this; }
        public Builder javaCommand(String v) { javaCommand = v; return this; }
        public Builder classpath(String v) { classpath = v; return this; }
        public Builder serverCpus(String v) { serverCpus = v; return this; }
        public Builder loadgenCpus(String v) { loadgenCpus = v; return this; }
        public Builder serverJvmArgs(List<String> v) { serverJvmArgs = v; return this; }
        public Builder loadgenJvmArgs(List<String> v) { loadgenJvmArgs = v; return this; }
        public Builder adminToken(String v) { adminToken = v; return this; }
        public Builder connectProbeRate(double v) { connectProbeRate = v; return this; }
        public Builder allowUnobservedServer(boolean v) { allowUnobservedServer = v; return this; }
        public Builder streamsPerConnection(int v) { streamsPerConnection = v; return this; }
        public Builder scenario(Scenario v) { scenario = v; return this; }

        public RunSpec build() {
            String id = runId != null ? runId : (transport == null ? "run" : transport.key()) + "-" + connections + "c-"
                    + (rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate)) + "r-" + repeat;
            return new RunSpec(transport, protocol, driver, variant, repeat, id, connections, rate, payloadBytes, ramp,
                    warmup, duration, drain, serverUrl, allowRemote, outDir, serverCommand, serverArgs, javaCommand,
                    classpath, serverCpus, loadgenCpus, serverJvmArgs, loadgenJvmArgs, adminToken, connectProbeRate,
                    allowUnobservedServer, streamsPerConnection, scenario);
        }
    }
}
