package io.pushbench.analysis.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;

import java.util.List;
import java.util.Map;

/**
 * The instrument's calibration: what this machine, this pinning and each driver can measure at best, taken in one
 * run ({@code pushbench calibrate}, or briefly by {@code compare}). Every results file may carry it in its free-form
 * {@link Results#calibration()} map; convert with {@link #toMap()} and {@link #fromMap(Map)}:
 *
 * <pre>{@code
 * Calibration c = new Calibrator(launch, dir, log).run(Calibrator.Settings.brief());
 * Results r = results.withCalibration(c.toMap());
 * Calibration back = Calibration.fromMap(r.calibration());            // null when the map holds none
 * Percentiles floor = back.floorFor(Transport.SSE, Protocol.H1, Driver.GATLING);
 * boolean noise = Calibration.withinNoise(armA.p50(), armB.p50(), floorA, floorB);
 * }</pre>
 *
 * <p>Latencies are in µs ({@link Percentiles}), CPU in ns per message; an unknown figure is -1 (never 0) and a step
 * that was not run is null (or an empty list). docs/method.md ("Calibration") states how each figure is measured.
 *
 * @param schema        {@value #SCHEMA}: tells a calibration from an older free-form map
 * @param setup         the machine and pinning the figures were taken on
 * @param clock         the cost of reading the clocks
 * @param hiccups       the platform's stalls, seen by a spin loop pinned like the load generator
 * @param loopbackFloor one-way loopback latency with no server: a plain writer and a plain blocking reader
 * @param bareReaders   a bare NIO reader against the real server, per transport (HTTP/1.1), at each load it ran
 * @param kernelFanout  the raw kernel fan-out rate: one writer thread, many loopback sockets
 * @param driverFloors  the drivers through the whole harness (server and orchestrator), at each load they ran
 * @param failures      one line per step that failed ("bare reader ws: ..."); empty when every step completed
 * @param browserClock  the browser driver's page clock against the load generator's, as the driver maps it; null
 *                      when not measured (no Chromium, or not asked for)
 */
public record Calibration(String schema, Setup setup, Clock clock, Hiccups hiccups, LoopbackFloor loopbackFloor,
                          List<BareReader> bareReaders, KernelFanout kernelFanout, List<DriverFloor> driverFloors,
                          List<String> failures,
                          @JsonInclude(JsonInclude.Include.NON_NULL) BrowserClock browserClock) {
    /** The identifier {@link #toMap()} writes, so that a reader tells this shape from older free-form maps. */
    public static final String SCHEMA = "pushbench/calibration/v1";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    public Calibration {
        schema = schema == null ? SCHEMA : schema;
        bareReaders = bareReaders == null ? List.of() : List.copyOf(bareReaders);
        driverFloors = driverFloors == null ? List.of() : List.copyOf(driverFloors);
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    /** A calibration without the browser clock step (the shape before it existed). */
    public Calibration(String schema, Setup setup, Clock clock, Hiccups hiccups, LoopbackFloor loopbackFloor,
                       List<BareReader> bareReaders, KernelFanout kernelFanout, List<DriverFloor> driverFloors,
                       List<String> failures) {
        this(schema, setup, clock, hiccups, loopbackFloor, bareReaders, kernelFanout, driverFloors, failures, null);
    }

    /** Whether every step completed. */
    public boolean complete() {
        return failures.isEmpty();
    }

    /** This calibration as the free-form map {@link Results#calibration()} holds. */
    public Map<String, Object> toMap() {
        return ResultsIO.mapper().convertValue(this, MAP);
    }

    /**
     * The calibration a results file's map holds, or null when it holds none of this shape (empty, or a free-form
     * map written before {@value #SCHEMA}).
     *
     * @throws IllegalArgumentException with one line when the map claims {@value #SCHEMA} but does not match it
     */
    public static Calibration fromMap(Map<String, Object> map) {
        if (map == null || !SCHEMA.equals(map.get("schema"))) {
            return null;
        }
        try {
            return ResultsIO.mapper().convertValue(map, Calibration.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("calibration does not match " + SCHEMA + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("bad value"));
        }
    }

    /** A copy with {@code more} appended to the driver floors (the lead fills them from its own driver runs). */
    public Calibration withDriverFloors(List<DriverFloor> more) {
        List<DriverFloor> all = new java.util.ArrayList<>(driverFloors);
        all.addAll(more);
        return new Calibration(schema, setup, clock, hiccups, loopbackFloor, bareReaders, kernelFanout, all, failures,
                browserClock);
    }

    /** The bare reader of {@code transport} at exactly {@code connections} x {@code rate}, or null. */
    public BareReader bareReader(Transport transport, int connections, double rate) {
        for (BareReader b : bareReaders) {
            if (b.transport() == transport && b.connections() == connections && b.rate() == rate) {
                return b;
            }
        }
        return null;
    }

    /**
     * The floor a latency figure of a (transport, protocol, driver) arm is read against: the latency of that
     * driver's valid single-connection run when there is one, else the raw loopback floor; null when neither was
     * measured.
     */
    public Percentiles floorFor(Transport transport, Protocol protocol, Driver driver) {
        for (DriverFloor f : driverFloors) {
            if (f.valid() && f.connections() == 1 && f.transport() == transport && f.protocol() == protocol
                    && f.driver() == driver && f.latencyUs() != null && f.latencyUs().count() > 0) {
                return f.latencyUs();
            }
        }
        return loopbackFloor != null && loopbackFloor.latencyUs() != null && loopbackFloor.latencyUs().count() > 0
                ? loopbackFloor.latencyUs() : null;
    }

    /** Which floor {@link #floorFor} picks, in words: "Gatling floor" or "raw loopback floor"; null when none. */
    public String floorName(Transport transport, Protocol protocol, Driver driver) {
        Percentiles f = floorFor(transport, protocol, driver);
        if (f == null) {
            return null;
        }
        return loopbackFloor != null && f == loopbackFloor.latencyUs() ? "raw loopback floor"
                : driver.label() + " floor";
    }

    /** A floor's noise: the spread between its p50 and its p99, µs (the one definition; docs/method.md). */
    public static double noiseUs(Percentiles floor) {
        return Math.max(0, floor.p99() - floor.p50());
    }

    /**
     * Whether two latency figures (µs) are within the floor's noise: their difference is smaller than the larger
     * noise ({@link #noiseUs}) of the two floors they are read against. Reading one figure against its floor
     * (is it at the floor?) passes the floor's p50 as {@code bUs} and the same floor twice.
     */
    public static boolean withinNoise(double aUs, double bUs, Percentiles floorA, Percentiles floorB) {
        return Math.abs(aUs - bUs) < Math.max(noiseUs(floorA), noiseUs(floorB));
    }

    /** A ratio of two figures rounded to 3 decimals; -1 when either is unknown (not positive). */
    public static double ratio(double value, double floor) {
        return value > 0 && floor > 0 ? Math.round(value / floor * 1000.0) / 1000.0 : -1;
    }

    /**
     * Where the figures were taken.
     *
     * @param cpuModel     CPU model name, null unknown
     * @param cores        online processors
     * @param pinned       whether the child JVMs were started under {@code taskset}
     * @param serverCpus   the server side's CPU list (server, loopback writer), null when not pinned
     * @param loadgenCpus  the reader side's CPU list (readers, hiccup meter, drivers), null when not pinned
     * @param payloadBytes message size every step used, bytes
     * @param startedAt    ISO-8601 instant the calibration started
     * @param wallSeconds  how long it took, s
     */
    public record Setup(String cpuModel, int cores, boolean pinned, String serverCpus, String loadgenCpus,
                        int payloadBytes, String startedAt, double wallSeconds) {
    }

    /**
     * The cost of one clock read, in a JIT-warmed loop, ns.
     *
     * @param nanoTimeNs ns per {@link System#nanoTime()}
     * @param epochNs    ns per epoch read ({@code Instant.now()}, what the epoch latency basis reads)
     */
    public record Clock(double nanoTimeNs, double epochNs) {
    }

    /**
     * A spin loop's stalls (jHiccup-style): the loop reads {@link System#nanoTime()} back to back for
     * {@code spunSeconds}; each gap between two reads is how long the thread was kept from running.
     *
     * @param spunSeconds     how long it spun, s
     * @param thresholdUs     a gap longer than this is a stall, µs
     * @param stalls          gaps longer than the threshold
     * @param stallsOver1ms   gaps longer than 1 ms
     * @param maxUs           the longest gap, µs
     * @param p99Us           time-weighted 99th percentile of the gaps: 99% of the spun time lay in gaps no longer
     *                        than this, µs (what an event at a random instant would wait at most, 99 times in 100)
     * @param p999Us          the same at 99.9%, µs
     * @param timeLostPercent the stalls' total length over the spun time, %
     */
    public record Hiccups(double spunSeconds, double thresholdUs, long stalls, long stallsOver1ms, double maxUs,
                          double p99Us, double p999Us, double timeLostPercent) {
    }

    /**
     * One-way loopback latency with no server: a writer JVM (pinned like the server) writes each message at its
     * scheduled time, a reader JVM (pinned like the load generator) reads it with blocking reads; latency = the
     * reader's {@code nanoTime} after the read − the scheduled time.
     *
     * @param rate       messages per second
     * @param sent       messages written (warm-up included)
     * @param lost       seqs never read (must be 0)
     * @param duplicated seqs read twice or out of order (must be 0)
     * @param valid      whether every seq was read exactly once, in order
     * @param latencyUs  latency of the messages after the warm-up, µs
     */
    public record LoopbackFloor(double rate, long sent, long lost, long duplicated, boolean valid,
                                Percentiles latencyUs) {
    }

    /**
     * A bare reader: one thread, one NIO selector, raw HTTP/1.1 (SSE: {@code GET /sse}; WebSocket: the RFC 6455
     * upgrade), a minimal boundary scan, per message the seq and {@code mono} fields and one histogram record.
     *
     * @param transport       the transport
     * @param connections     connections it held
     * @param rate            the feed's rate, msg/s
     * @param delivered       messages it received in the measured window
     * @param gaps            seqs missing between consecutive messages of a connection (must be 0)
     * @param duplicated      seqs at or below the previous one of their connection (must be 0)
     * @param windowSeconds   the measured window (after the warm-up), s
     * @param cpuNsPerMessage process CPU over the window / messages received in it, ns; -1 unknown
     * @param latencyUs       latency (receipt − {@code mono}) of the window's messages, µs
     */
    public record BareReader(Transport transport, int connections, double rate, long delivered, long gaps,
                             long duplicated, double windowSeconds, double cpuNsPerMessage, Percentiles latencyUs) {
    }

    /**
     * The raw kernel fan-out rate: one writer thread writes one message to each of N loopback sockets in turn, one
     * reader thread drains them with a selector.
     *
     * @param connections  sockets written to
     * @param payloadBytes bytes per write
     * @param seconds      how long it wrote, s
     * @param writes       writes completed
     * @param writesPerSec writes per second
     * @param nsPerWrite   wall-clock ns per write (1e9 / writesPerSec)
     */
    public record KernelFanout(int connections, int payloadBytes, double seconds, long writes, double writesPerSec,
                               double nsPerWrite) {
    }

    /**
     * A driver through the whole harness ({@code RunOrchestrator}: the pushbench server, the driver's JVM): at one
     * connection and a low rate its latency is the floor the driver can measure; at the bare reader's load its CPU
     * per message is set against the bare reader's.
     *
     * @param transport       the transport
     * @param protocol        the HTTP protocol
     * @param driver          the driver
     * @param connections     connections
     * @param rate            msg/s
     * @param runId           the run's id (its files are in the calibration's directory)
     * @param valid           whether the run was valid
     * @param latencyUs       its steady-window latency, µs
     * @param cpuNsPerMessage the driver JVM's process CPU per delivered message, ns; -1 unknown
     * @param p50RatioToBare  latency p50 / the bare reader's p50 at the same transport, connections and rate; -1
     *                        when there is no such bare reader
     * @param cpuRatioToBare  CPU per message / the bare reader's at the same transport, connections and rate; -1 when
     *                        there is none
     */
    public record DriverFloor(Transport transport, Protocol protocol, Driver driver, int connections, double rate,
                              String runId, boolean valid, Percentiles latencyUs, double cpuNsPerMessage,
                              double p50RatioToBare, double cpuRatioToBare) {
        /**
         * The floor of {@code run} (driven at {@code rate} msg/s), with its ratios to the matching bare reader of
         * {@code c} (-1 without one).
         */
        public static DriverFloor of(RunResult run, double rate, Calibration c) {
            BareReader bare = c == null ? null : c.bareReader(run.transport(), run.connections(), rate);
            double cpu = run.loadgen() == null ? -1 : run.loadgen().cpuNsPerMessage();
            Percentiles lat = run.latencyUs() == null ? Percentiles.EMPTY : run.latencyUs();
            return new DriverFloor(run.transport(), run.protocol(), run.driver(), run.connections(), rate,
                    run.id(), run.valid(), lat, cpu, bare == null ? -1 : ratio(lat.p50(), bare.latencyUs().p50()),
                    bare == null ? -1 : ratio(cpu, bare.cpuNsPerMessage()));
        }
    }

    /**
     * The browser driver's clock mapping, measured as the driver makes it: one headless Chromium started as the
     * driver starts it (pinned like the load generator), the subscriber page loaded from the pushbench server, the
     * driver's own page calibration, then {@code estimates} estimates of {@code roundTripsPerEstimate} DevTools round
     * trips each (the driver's count per page), spread evenly over {@code windowSeconds}. Each round trip's offset is
     * taken at its middle ({@code before + RTT/2 - page}); each estimate is the driver's
     * ({@code ClockOffsetEstimator}: the middle of the intersection of its round trips' intervals, the error bound
     * half its width). docs/method.md ("The browser driver") states the mapping.
     *
     * @param userAgent             the browser's {@code navigator.userAgent}
     * @param crossOriginIsolated   whether the page was cross-origin isolated (its clock then steps by 5 µs)
     * @param stepUs                the page clock's step, as the page measured it, µs
     * @param estimates             estimates taken
     * @param roundTripsPerEstimate round trips per estimate (the driver's per page)
     * @param windowSeconds         from the first estimate's middle to the last's, s
     * @param minRttUs              the smallest round trip of all, µs
     * @param medianRttUs           the median round trip, µs
     * @param errorBoundUs          the largest error bound of the estimates: what a run's page clock can be wrong by
     *                              on this machine, µs
     * @param roundTripSpreadUs     max − min of the round trips' own offsets (each RTT/2 + step uncertain), µs
     * @param estimateSpreadUs      max − min of the estimates' offsets, µs
     * @param driftUs               the last estimate's offset − the first's (signed), µs
     * @param withinBound           whether every two estimates agree within their error bounds
     *                              ({@code |a − b| <= boundA + boundB}): the bound holds over the window
     */
    public record BrowserClock(String userAgent, boolean crossOriginIsolated, double stepUs, int estimates,
                               int roundTripsPerEstimate, double windowSeconds, double minRttUs, double medianRttUs,
                               double errorBoundUs, double roundTripSpreadUs, double estimateSpreadUs,
                               double driftUs, boolean withinBound) {
    }
}
