package io.pushbench.loadgen.calibrate;

import io.pushbench.analysis.results.Calibration;
import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.Environment;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.loadgen.browser.ChromiumInstall;
import io.pushbench.loadgen.run.RunListener;
import io.pushbench.loadgen.run.RunOrchestrator;
import io.pushbench.loadgen.run.RunSpec;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Runs the whole calibration in one go, on this machine and this pinning, and returns it as one
 * {@link Calibration}: the clock read cost ({@link ClockCost}), the platform's hiccups ({@link HiccupMeter}), the
 * raw loopback floor ({@link LoopbackFloor}), the bare reader per transport against the real pushbench server at one
 * connection and the floor rate, then at the load's connections x rate ({@link BareReader}), the raw kernel fan-out
 * rate ({@link KernelFanout}), the browser driver's page clock when Chromium is installed and it is asked for
 * ({@link BrowserClockStep}; skipped with one log line otherwise, never a failure), and each requested driver
 * through {@link RunOrchestrator} at one connection and the floor rate (its latency floor) and, unless turned off,
 * at the load (its CPU per message against the bare reader's; not the browser driver, whose load would need a
 * browser per 6 to 100 subscribers).
 *
 * <pre>{@code
 * Launch launch = new Launch(java, cp, serverCommand, "0", "1", List.of("-Xms1g", "-Xmx1g"));
 * // compare's brief calibration, at its own load and payload (about 30 s, no driver runs):
 * Calibration c = new Calibrator(launch, dir.resolve("calibration"), console::println)
 *         .run(Calibrator.Settings.brief().withLoad(1000, 4).withPayload(256));
 * results = results.withCalibration(c.toMap());
 * // pushbench calibrate: the fuller default, with driver runs
 * Calibration full = new Calibrator(launch, out, log).run(Calibrator.Settings.defaults()
 *         .withDrivers(List.of(Driver.GATLING, Driver.JETTY)).withProtocols(List.of(Protocol.H1, Protocol.H2C)));
 * }</pre>
 *
 * <p>A step that fails is named in {@link Calibration#failures()} with its reason, in one line, and the others still
 * run; interrupting the calling thread stops the children and throws {@link InterruptedException}. A (driver,
 * protocol) the driver cannot speak ({@link Driver#supports}) is skipped and said so in the log. Run files of the
 * driver runs ({@code floor-<transport>-<protocol>-<driver>.json}, {@code load-...}) and their console.log go to
 * {@code outDir}.
 */
public final class Calibrator {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final long SERVER_START_TIMEOUT_MS = 60_000;
    /**
     * Shortest steady window of a driver run: the orchestrator polls the server's {@code /metrics} once a second and
     * a run needs two polls inside its window to be valid.
     */
    static final Duration MIN_DRIVER_WINDOW = Duration.ofSeconds(3);

    private final Launch launch;
    private final Path outDir;
    private final Consumer<String> log;

    /**
     * @param launch how the child JVMs start, and where they are pinned
     * @param outDir where the driver runs write their files
     * @param log    one line per step and per child output line
     */
    public Calibrator(Launch launch, Path outDir, Consumer<String> log) {
        this.launch = Objects.requireNonNull(launch, "launch");
        this.outDir = Objects.requireNonNull(outDir, "outDir");
        this.log = log == null ? line -> { } : log;
    }

    /**
     * What to calibrate and for how long.
     *
     * @param payloadBytes      message size of every step (the feed's), >= 16
     * @param floorRate         msg/s of the single-connection floors (loopback, bare reader, drivers)
     * @param floorWarmup       untimed start of each floor step
     * @param floorDuration     timed window of each floor step (a driver run's at least {@link #MIN_DRIVER_WINDOW})
     * @param loadConnections   connections of the bare reader's (and the drivers') CPU comparison
     * @param loadRate          msg/s of that comparison
     * @param loadWarmup        untimed start of each load step
     * @param loadDuration      timed window of each load step
     * @param fanoutConnections sockets of the kernel fan-out step
     * @param fanoutDuration    its length
     * @param hiccupDuration    how long the hiccup meter spins
     * @param stallThresholdUs  a spin-loop gap longer than this is a stall, µs
     * @param transports        transports of the bare reader and the driver runs
     * @param protocols         protocols of the driver runs (the bare reader speaks HTTP/1.1)
     * @param drivers           drivers to run through the orchestrator; empty: none
     * @param driverLoadRuns    whether each driver also runs at the load (CPU per message against the bare reader)
     * @param browserClock      whether to measure the browser driver's page clock ({@link BrowserClockStep}) when
     *                          Chromium is installed (without it the step is skipped with a note, never failed)
     * @param compileWarmupMessages messages of the {@link CompileWarmup} burst at {@link CompileWarmup#RATE} that
     *                          starts each single-connection floor step (loopback, bare reader x1), before its
     *                          warm-up; 0: none
     */
    public record Settings(int payloadBytes, double floorRate, Duration floorWarmup, Duration floorDuration,
                           int loadConnections, double loadRate, Duration loadWarmup, Duration loadDuration,
                           int fanoutConnections, Duration fanoutDuration, Duration hiccupDuration,
                           double stallThresholdUs, List<Transport> transports, List<Protocol> protocols,
                           List<Driver> drivers, boolean driverLoadRuns, boolean browserClock,
                           long compileWarmupMessages) {
        public Settings {
            if (compileWarmupMessages < 0) {
                throw new IllegalArgumentException("calibration compile warm-up must be >= 0 messages, was "
                        + compileWarmupMessages);
            }
            if (payloadBytes < LoopbackFloor.HEADER || payloadBytes > 1 << 20) {
                throw new IllegalArgumentException("calibration payload must be " + LoopbackFloor.HEADER
                        + "..1048576 bytes, was " + payloadBytes);
            }
            if (!(floorRate >= 1) || floorRate > 100_000 || !(loadRate > 0) || loadRate > 100_000) {
                throw new IllegalArgumentException("calibration rates must be 1..100000 msg/s (floor) and > 0 (load),"
                        + " were " + floorRate + " and " + loadRate);
            }
            transports = List.copyOf(transports);
            protocols = List.copyOf(protocols);
            drivers = List.copyOf(drivers);
            if (transports.isEmpty() || protocols.isEmpty()) {
                throw new IllegalArgumentException("calibration needs at least one transport and one protocol");
            }
        }

        /**
         * About 30 s on 2 CPUs, for {@code compare}: a 2 s compile warm-up burst + 0.5 s + 2 s per floor, 1 s + 1.5 s
         * per load step, 1 s of hiccups, 1 s of fan-out over 1,000 sockets, no driver runs (compare's own runs are the
         * drivers at the load).
         */
        public static Settings brief() {
            return new Settings(256, 100, Duration.ofMillis(500), Duration.ofSeconds(2), 1000, 4,
                    Duration.ofSeconds(1), Duration.ofMillis(1500), 1000, Duration.ofSeconds(1), Duration.ofSeconds(1),
                    20, List.of(Transport.SSE, Transport.WS), List.of(Protocol.H1), List.of(), false, false,
                    CompileWarmup.DEFAULT_MESSAGES);
        }

        /**
         * {@code pushbench calibrate}'s default (about six minutes on 2 CPUs): a 2 s burst + 5 s + 10 s per floor, 3 s + 10 s per
         * load step at 1,000 x 4 msg/s (the quick profile's load), 10 s of hiccups, 3 s of fan-out over 5,000
         * sockets, the Jetty driver (HTTP/1.1 and h2c) and the Gatling driver (HTTP/1.1) at both.
         */
        public static Settings defaults() {
            return new Settings(256, 100, Duration.ofSeconds(5), Duration.ofSeconds(10), 1000, 4,
                    Duration.ofSeconds(3), Duration.ofSeconds(10), 5000, Duration.ofSeconds(3), Duration.ofSeconds(10),
                    20, List.of(Transport.SSE, Transport.WS), List.of(Protocol.H1, Protocol.H2C),
                    List.of(Driver.JETTY, Driver.GATLING), true, true, CompileWarmup.DEFAULT_MESSAGES);
        }

        public Settings withPayload(int bytes) {
            return new Settings(bytes, floorRate, floorWarmup, floorDuration, loadConnections, loadRate, loadWarmup,
                    loadDuration, fanoutConnections, fanoutDuration, hiccupDuration, stallThresholdUs, transports,
                    protocols, drivers, driverLoadRuns, browserClock, compileWarmupMessages);
        }

        public Settings withLoad(int connections, double rate) {
            return new Settings(payloadBytes, floorRate, floorWarmup, floorDuration, connections, rate, loadWarmup,
                    loadDuration, fanoutConnections, fanoutDuration, hiccupDuration, stallThresholdUs, transports,
                    protocols, drivers, driverLoadRuns, browserClock, compileWarmupMessages);
        }

        public Settings withTransports(List<Transport> v) {
            return new Settings(payloadBytes, floorRate, floorWarmup, floorDuration, loadConnections, loadRate,
                    loadWarmup, loadDuration, fanoutConnections, fanoutDuration, hiccupDuration, stallThresholdUs, v,
                    protocols, drivers, driverLoadRuns, browserClock, compileWarmupMessages);
        }

        public Settings withProtocols(List<Protocol> v) {
            return new Settings(payloadBytes, floorRate, floorWarmup, floorDuration, loadConnections, loadRate,
                    loadWarmup, loadDuration, fanoutConnections, fanoutDuration, hiccupDuration, stallThresholdUs,
                    transports, v, drivers, driverLoadRuns, browserClock, compileWarmupMessages);
        }

        /** The drivers to run; {@code loadRuns}: also at the load, for their CPU per message. */
        public Settings withDrivers(List<Driver> v, boolean loadRuns) {
            return new Settings(payloadBytes, floorRate, floorWarmup, floorDuration, loadConnections, loadRate,
                    loadWarmup, loadDuration, fanoutConnections, fanoutDuration, hiccupDuration, stallThresholdUs,
                    transports, protocols, v, loadRuns, browserClock, compileWarmupMessages);
        }

        /** Whether to measure the browser clock (when Chromium is installed). */
        public Settings withBrowserClock(boolean v) {
            return new Settings(payloadBytes, floorRate, floorWarmup, floorDuration, loadConnections, loadRate,
                    loadWarmup, loadDuration, fanoutConnections, fanoutDuration, hiccupDuration, stallThresholdUs,
                    transports, protocols, drivers, driverLoadRuns, v, compileWarmupMessages);
        }

        /** Every timed and untimed window scaled by {@code factor} (tests shrink them). */
        public Settings withTimesScaled(double factor) {
            return new Settings(payloadBytes, floorRate, scale(floorWarmup, factor), scale(floorDuration, factor),
                    loadConnections, loadRate, scale(loadWarmup, factor), scale(loadDuration, factor),
                    fanoutConnections, scale(fanoutDuration, factor), scale(hiccupDuration, factor), stallThresholdUs,
                    transports, protocols, drivers, driverLoadRuns, browserClock,
                    Math.round(compileWarmupMessages * factor));
        }

        /** The settings as a results file's {@code config} records them (durations in seconds). */
        public java.util.Map<String, Object> toConfigMap() {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("payloadBytes", payloadBytes);
            m.put("floorRate", floorRate);
            m.put("floorWarmupSec", seconds(floorWarmup));
            m.put("floorDurationSec", seconds(floorDuration));
            m.put("loadConnections", loadConnections);
            m.put("loadRate", loadRate);
            m.put("loadWarmupSec", seconds(loadWarmup));
            m.put("loadDurationSec", seconds(loadDuration));
            m.put("fanoutConnections", fanoutConnections);
            m.put("fanoutDurationSec", seconds(fanoutDuration));
            m.put("hiccupDurationSec", seconds(hiccupDuration));
            m.put("stallThresholdUs", stallThresholdUs);
            m.put("transports", transports.stream().map(Transport::key).toList());
            m.put("protocols", protocols.stream().map(Protocol::key).toList());
            m.put("drivers", drivers.stream().map(Driver::key).toList());
            m.put("driverLoadRuns", driverLoadRuns);
            m.put("browserClock", browserClock);
            m.put("compileWarmupMessages", compileWarmupMessages);
            m.put("compileWarmupRate", CompileWarmup.RATE);
            return m;
        }

        private static double seconds(Duration d) {
            return d.toMillis() / 1000.0;
        }

        private static Duration scale(Duration d, double factor) {
            return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * factor)));
        }
    }

    /** Runs every step of {@code s}; see the class comment. */
    public Calibration run(Settings s) throws InterruptedException {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        List<String> failures = new ArrayList<>();
        log.accept("calibrate: " + (launch.pinned() ? "server side on CPU " + launch.serverCpus()
                + ", reader side on CPU " + launch.loadgenCpus() : "not pinned") + "; payload " + s.payloadBytes()
                + " B");

        Calibration.Clock clock = step("clock", failures, ClockCost::measure);
        Calibration.Hiccups hiccups = step("hiccups", failures, () -> {
            try (ChildRun c = ChildRun.start("hiccups", launch.jvm(Launch.Side.LOADGEN, HiccupMeter.class,
                    Double.toString(s.hiccupDuration().toMillis() / 1000.0), Double.toString(s.stallThresholdUs())),
                    log)) {
                return c.result(Calibration.Hiccups.class, s.hiccupDuration().toMillis() + 30_000);
            }
        });
        CompileWarmup burst = CompileWarmup.of(s.compileWarmupMessages());
        Calibration.LoopbackFloor loopback = step("loopback floor", failures, () -> LoopbackFloor.run(launch,
                s.floorRate(), burst, s.floorWarmup(), s.floorDuration(), s.payloadBytes(), log));
        List<Calibration.BareReader> bare = new ArrayList<>();
        bareReaders(s, 1, s.floorRate(), burst, s.floorWarmup(), s.floorDuration(), bare, failures);
        // thousands of connections warm the code within their own warm-up: no burst
        bareReaders(s, s.loadConnections(), s.loadRate(), CompileWarmup.NONE, s.loadWarmup(), s.loadDuration(), bare,
                failures);
        Calibration.KernelFanout fanout = step("kernel fan-out", failures, () -> KernelFanout.measure(
                s.fanoutConnections(), s.payloadBytes(), s.fanoutDuration()));

        Calibration.BrowserClock browserClock = s.browserClock() ? browserClock(s, failures) : null;

        Calibration c = new Calibration(null, null, clock, hiccups, loopback, bare, fanout, List.of(), List.of());
        List<Calibration.DriverFloor> floors = new ArrayList<>();
        for (Driver d : s.drivers()) {
            String noBrowser = d == Driver.BROWSER ? ChromiumInstall.detect().problem() : null;
            if (noBrowser != null) {
                // as the browser clock step: a machine without Chromium is not a failed calibration
                log.accept("calibrate: skipped the browser driver's runs: " + noBrowser);
                continue;
            }
            for (Protocol p : s.protocols()) {
                if (!d.supports(p)) {
                    log.accept("calibrate: skipped " + d.key() + " over " + p.key() + " (the " + d.label()
                            + " driver does not speak it)");
                    continue;
                }
                for (Transport t : s.transports()) {
                    driverRun(s, "floor", t, p, d, 1, s.floorRate(), s.floorWarmup(), s.floorDuration(), c, floors,
                            failures);
                    if (s.driverLoadRuns() && d == Driver.BROWSER) {
                        // the load's connections would need a browser per 6 to 100 subscribers: not a calibration
                        log.accept("calibrate: skipped browser load " + t.key() + " " + p.key() + " (each browser"
                                + " run records its own cost per subscriber)");
                    } else if (s.driverLoadRuns()) {
                        driverRun(s, "load", t, p, d, s.loadConnections(), s.loadRate(), s.loadWarmup(),
                                s.loadDuration(), c, floors, failures);
                    }
                }
            }
        }
        Environment env = Environment.detect(null);
        Calibration.Setup setup = new Calibration.Setup(env.cpuModel(), env.cores(), launch.pinned(),
                launch.pinned() ? launch.serverCpus() : null, launch.pinned() ? launch.loadgenCpus() : null,
                s.payloadBytes(), started.toString(), Math.round((System.nanoTime() - t0) / 1e6) / 1000.0);
        return new Calibration(null, setup, clock, hiccups, loopback, bare, fanout, floors, failures,
                browserClock);
    }

    /**
     * The browser clock step ({@link BrowserClockStep}, pinned like the load generator) against a pushbench server
     * started as the bare readers' is; null, with one log line and no failure, when Chromium is not installed.
     */
    private Calibration.BrowserClock browserClock(Settings s, List<String> failures) throws InterruptedException {
        String problem = ChromiumInstall.detect().problem();
        if (problem != null) {
            log.accept("calibrate: browser clock skipped: " + problem);
            return null;
        }
        String name = "browser clock";
        return step(name, failures, () -> {
            try (ChildRun server = ChildRun.start("server", launch.server(s.floorRate(), s.payloadBytes()), log)) {
                String url = server.awaitLine(LISTENING, SERVER_START_TIMEOUT_MS);
                try (ChildRun c = ChildRun.start(name, launch.jvm(Launch.Side.LOADGEN, BrowserClockStep.class, url,
                        Integer.toString(BrowserClockStep.ESTIMATES),
                        Double.toString(BrowserClockStep.WINDOW.toMillis() / 1000.0),
                        outDir.resolve("browser-clock.chromedriver.log").toAbsolutePath().toString()), log)) {
                    return c.result(Calibration.BrowserClock.class, BrowserClockStep.WINDOW.toMillis() + 90_000);
                }
            }
        });
    }

    /**
     * One server at {@code rate}, then the bare reader of each transport at {@code connections} against it, each
     * starting with {@code burst} (the server's rate raised through {@code /admin/rate} and set back).
     */
    private void bareReaders(Settings s, int connections, double rate, CompileWarmup burst, Duration warmup,
                             Duration duration, List<Calibration.BareReader> into, List<String> failures)
            throws InterruptedException {
        String what = "bare reader x" + connections + " at " + rate + " msg/s";
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try (ChildRun server = ChildRun.start("server", launch.server(rate, s.payloadBytes(), token), log)) {
            URI url = URI.create(server.awaitLine(LISTENING, SERVER_START_TIMEOUT_MS));
            for (Transport t : s.transports()) {
                Calibration.BareReader b = step(what + " " + t.key(), failures, () -> BareReader.run(launch, url,
                        token, t, connections, rate, burst, warmup, duration, log));
                if (b != null) {
                    into.add(b);
                    if (b.gaps() > 0 || b.duplicated() > 0) {
                        failures.add(what + " " + t.key() + ": " + b.gaps() + " seqs missing, " + b.duplicated()
                                + " duplicated");
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            failures.add(what + ": " + oneLine(e));
            log.accept("calibrate: " + failures.get(failures.size() - 1));
        }
    }

    private void driverRun(Settings s, String kind, Transport t, Protocol p, Driver d, int connections, double rate,
                           Duration warmup, Duration duration, Calibration bareSoFar,
                           List<Calibration.DriverFloor> into, List<String> failures) throws InterruptedException {
        String runId = kind + "-" + t.key() + "-" + p.key() + "-" + d.key();
        Calibration.DriverFloor f = step(d.key() + " " + kind + " " + t.key() + " " + p.key(), failures, () -> {
            RunSpec spec = RunSpec.builder().transport(t).protocol(p).driver(d).runId(runId)
                    .connections(connections).rate(rate).payloadBytes(s.payloadBytes())
                    .ramp(ramp(connections)).warmup(warmup)
                    .duration(duration.compareTo(MIN_DRIVER_WINDOW) < 0 ? MIN_DRIVER_WINDOW : duration)
                    .outDir(outDir).serverCommand(launch.serverCommand()).javaCommand(launch.javaCommand())
                    .classpath(launch.classpath()).serverCpus(launch.serverCpus()).loadgenCpus(launch.loadgenCpus())
                    .loadgenJvmArgs(launch.driverJvmArgs()).connectProbeRate(0).build();
            RunResult r = new RunOrchestrator().run(spec, new RunListener() {
                @Override
                public void onInterval(io.pushbench.analysis.results.IntervalSample sample) {
                    // progress lines are in the run's console.log
                }

                @Override
                public void onMessage(String line) {
                    log.accept(runId + ": " + line);
                }
            });
            return Calibration.DriverFloor.of(r, rate, bareSoFar);
        });
        if (f != null) {
            into.add(f);
            if (!f.valid()) {
                failures.add(d.key() + " " + kind + " " + t.key() + " " + p.key() + ": run " + runId
                        + " is invalid (see " + runId + ".json)");
            }
        }
    }

    /**
     * The ramp of a driver run: none for one connection; else 4 ms per connection, at least 2 s (1,000 connections
     * in 4 s: a Gatling ramp of 1,000 in 2 s was seen incomplete on a busy 2-vCPU machine).
     */
    static Duration ramp(int connections) {
        return connections == 1 ? Duration.ZERO : Duration.ofMillis(Math.max(2_000, 4L * connections));
    }

    private interface Step<T> {
        T run() throws IOException, InterruptedException;
    }

    /** Runs one step; its failure is named in {@code failures} (and the log) and gives null. */
    private <T> T step(String name, List<String> failures, Step<T> step) throws InterruptedException {
        long t0 = System.nanoTime();
        try {
            T result = step.run();
            log.accept(String.format(java.util.Locale.ROOT, "calibrate: %s (%.1f s)", name,
                    (System.nanoTime() - t0) / 1e9));
            return result;
        } catch (IOException | RuntimeException e) {
            failures.add(name + ": " + oneLine(e));
            log.accept("calibrate: " + name + " failed: " + oneLine(e));
            return null;
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(e.getClass().getSimpleName());
    }
}
