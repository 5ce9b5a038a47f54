package io.pushbench.loadgen.capacity;

import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.results.ServerFigures;
import io.pushbench.analysis.results.ServerSample;
import io.pushbench.analysis.results.Window;
import io.pushbench.loadgen.core.ReasonKeys;
import io.pushbench.loadgen.run.RunOrchestrator;
import io.pushbench.loadgen.run.ServerCpuWindow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an open connection that carries nothing costs the server, measured on a search's warm server with the publish
 * rate turned almost off: server CPU/s with N idle connections minus without any, over N (µs of CPU per second per
 * connection), and live heap with them minus without, over N (bytes per connection). This is the "idle cost
 * per open connection"; {@link IdleCost} (read from the loaded steps) is a different figure, the CPU of a connection
 * under load.
 *
 * <pre>{@code
 * IdleConnectionCost c = IdleConnectionCost.of(1_000, 0.01, 5, baselineWindow, idleRun);
 * if (c.measured()) {
 *     c.cpuMicrosPerSecond();       // 0.8: µs of server CPU per second per idle connection
 *     c.heapPerConnectionBytes();   // 3,150.0: NaN when the live heap was not read
 * } else {
 *     c.invalidReasons();           // ["ramp incomplete: 812 of 1000 connections open ..."]
 * }
 * }</pre>
 *
 * <p>Validity is its own, not a capacity step's: the idle run delivers nothing on purpose, so the run's
 * {@value ReasonKeys#NOTHING_DELIVERED} is expected and kept in {@link #setAside()} (never silently dropped); every
 * other reason of the run (load generator or pinned CPUs saturated, ramp incomplete, server unobserved, publisher
 * behind, ...) makes it not measured, as do a window without connections that still held some, fewer than N
 * connections open at the server during the window, or a server CPU that was not read.
 *
 * @param connections            idle connections held open, N >= 1
 * @param rate                   the server's publish rate during the measurement, msg/s
 * @param windowSeconds          the length of each window asked for, s
 * @param baselineCpuCores       server CPU with no connection, cores; NaN when not read
 * @param idleCpuCores           server CPU with the N idle connections, cores; NaN when not read
 * @param heapPerConnectionBytes live heap with the N connections minus without, over them; NaN when not read
 * @param cpuResolutionMicrosPerSecond what one step of the server's CPU clock in each window amounts to per
 *                               connection, µs/s: {@code step x (1 / idle span + 1 / empty span) / N}, the step being
 *                               the smallest rise of {@code process.cpuTimeNs} between consecutive polls that either
 *                               window saw; a
 *                               {@link #cpuMicrosPerSecond()} within it is not told apart from nothing; NaN unknown
 * @param deliveriesInWindow     messages the server wrote to subscribers inside the idle window (should be 0: the
 *                               rate is chosen so that none is due); -1 unknown
 * @param setAside               the run's reasons that an idle window is expected to trip, kept for the record
 * @param invalidReasons         why the measurement does not stand; empty when it does
 * @param heapNote               why the heap was not read while the CPU was; null otherwise
 * @param runId                  the idle run's id (its record is in {@code runs/}); null when none ran
 */
public record IdleConnectionCost(int connections, double rate, double windowSeconds, double baselineCpuCores,
                                 double idleCpuCores, double heapPerConnectionBytes,
                                 double cpuResolutionMicrosPerSecond, long deliveriesInWindow,
                                 List<String> setAside, List<String> invalidReasons, String heapNote, String runId) {
    public IdleConnectionCost {
        if (connections < 1) {
            throw new IllegalArgumentException("idle connections must be >= 1, was " + connections);
        }
        setAside = List.copyOf(setAside);
        invalidReasons = List.copyOf(invalidReasons);
    }

    /** Not measured at all, for {@code reason} (the warm server is gone, the user skipped it). */
    public static IdleConnectionCost notMeasured(int connections, double rate, double windowSeconds, String reason) {
        return new IdleConnectionCost(connections, rate, windowSeconds, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, -1, List.of(), List.of(reason), null, null);
    }

    /** Whether the CPU figure stands (no invalid reason). */
    public boolean measured() {
        return invalidReasons.isEmpty() && Double.isFinite(baselineCpuCores) && Double.isFinite(idleCpuCores);
    }

    /**
     * µs of server CPU per second per idle connection: (CPU with them - CPU without) x 1e6 / N; NaN when not
     * {@link #measured()}. Can come out slightly negative when the connections cost less than the two windows
     * resolve: reported as measured, not clamped.
     */
    public double cpuMicrosPerSecond() {
        return measured() ? (idleCpuCores - baselineCpuCores) * 1e6 / connections : Double.NaN;
    }

    /** Live heap per idle connection, bytes; NaN when not {@link #measured()} or the heap was not read. */
    public double heapBytes() {
        return measured() ? heapPerConnectionBytes : Double.NaN;
    }

    /**
     * The measurement from its two windows: {@code baseline}, the server's CPU with no connection (the same warm
     * server, the same rate), and {@code idleRun}, a run of N connections at that rate whose steady window is the
     * idle one; the heap is the run's own probe (live heap before its first connection and during its warm-up,
     * {@link RunOrchestrator#HEAP_FROM_GC}).
     */
    public static IdleConnectionCost of(int connections, double rate, double windowSeconds, ServerCpuWindow baseline,
                                        RunResult idleRun) {
        List<String> invalid = new ArrayList<>();
        List<String> setAside = new ArrayList<>();
        if (!baseline.observed()) {
            invalid.add("window without connections: " + baseline.failure());
        } else if (baseline.connectionsAtStart() != 0 || baseline.connectionsAtEnd() != 0) {
            invalid.add("the window without connections had " + Math.max(baseline.connectionsAtStart(),
                    baseline.connectionsAtEnd()) + " open (a previous run's not yet closed?)");
        }
        for (String reason : idleRun.invalidReasons()) {
            // nothing flows on purpose: the one rule an idle window trips by design
            (reason.contains(ReasonKeys.NOTHING_DELIVERED) ? setAside : invalid).add(reason);
        }
        Steady steady = steady(idleRun);
        if (steady == null) {
            invalid.add("idle window: server CPU not observed (fewer than two /metrics polls with process CPU inside"
                    + " the steady window)");
        } else if (steady.minConnections >= 0 && steady.minConnections < connections) {
            invalid.add("idle window: the server had " + steady.minConnections + " of " + connections
                    + " connections open");
        }
        ServerFigures s = idleRun.server();
        boolean fromGc = Boolean.TRUE.equals(idleRun.extensions().get(RunOrchestrator.HEAP_FROM_GC));
        double heap = s != null && s.available() && fromGc && s.heapPerConnectionBytes() >= 0
                ? s.heapPerConnectionBytes() : Double.NaN;
        String heapNote = Double.isNaN(heap) ? "heap not measured: the idle run did not read the live heap (two POST"
                + " /admin/gc readings)" : null;
        double resolution = Double.NaN;
        if (steady != null && baseline.observed()) {
            // one clock (the server process's): the smallest rise either window saw is the closest bound on its step
            long step = steady.cpuStepNs > 0 && baseline.cpuStepNs() > 0
                    ? Math.min(steady.cpuStepNs, baseline.cpuStepNs())
                    : Math.max(steady.cpuStepNs, baseline.cpuStepNs());
            resolution = step > 0 ? step / 1e3 * (1 / steady.seconds + 1 / baseline.seconds()) / connections
                    : Double.NaN;
        }
        return new IdleConnectionCost(connections, rate, windowSeconds, baseline.observed() ? baseline.cores()
                : Double.NaN, steady == null ? Double.NaN : steady.cores, heap, resolution,
                steady == null ? -1 : steady.deliveries, setAside, invalid, heapNote, idleRun.id());
    }

    /** What one step of the CPU clock in each window amounts to per connection; NaN when not measured. */
    public double cpuResolution() {
        return measured() ? cpuResolutionMicrosPerSecond : Double.NaN;
    }

    /**
     * The server's CPU, the span between the first and the last poll, the CPU clock's step, deliveries and fewest
     * connections over the run's steady window; null when not observed.
     */
    private record Steady(double cores, double seconds, long cpuStepNs, long deliveries, long minConnections) {
    }

    /**
     * From the run's own {@code /metrics} polls ({@code serverTimeline}) inside its steady window, first to last, as
     * the run's {@code server.cpuCores} is, but unrounded: a thousandth of a core is a µs/s per connection at 1,000.
     */
    private static Steady steady(RunResult run) {
        Window w = run.window();
        if (w == null || !(w.steadyToSec() > w.steadyFromSec())) {
            return null;
        }
        List<ServerSample> inside = run.serverTimeline().stream()
                .filter(p -> p.t() >= w.steadyFromSec() && p.t() <= w.steadyToSec() && p.cpuTimeNs() >= 0).toList();
        if (inside.size() < 2) {
            return null;
        }
        ServerSample from = inside.getFirst();
        ServerSample to = inside.getLast();
        long fromMs = Math.round(from.t() * 1000);
        long toMs = Math.round(to.t() * 1000);
        if (toMs <= fromMs || to.cpuTimeNs() < from.cpuTimeNs()) {
            return null;
        }
        long min = inside.stream().mapToLong(ServerSample::connections).min().orElse(-1);
        long deliveries = to.deliveries() >= 0 && from.deliveries() >= 0 ? to.deliveries() - from.deliveries() : -1;
        // the clock's step over every poll of the run, not only the window's: an idle window may rise once or never
        long step = ServerCpuWindow.smallestStep(run.serverTimeline().stream().mapToLong(ServerSample::cpuTimeNs)
                .toArray());
        return new Steady(ServerCpuWindow.cores(from.cpuTimeNs(), to.cpuTimeNs(), fromMs, toMs),
                (toMs - fromMs) / 1000.0, step, deliveries, min);
    }

    /**
     * The console's line: {@code "idle connections (1,000 open at 0.01 msg/s, 5 s windows): 2.0 µs/s of server CPU
     * per connection (± 4.5: one step of the CPU clock per window) and 3,150 B of live heap per connection (server
     * 0.0100 cores with them, 0.0080 without)"}, or {@code "idle connections: not measured: <reasons>"}.
     */
    public String describe() {
        if (!measured()) {
            return "idle connections: not measured: " + String.join("; ", invalidReasons);
        }
        String heap = Double.isNaN(heapBytes()) ? heapNote : CapacityRecord.group(heapBytes())
                + " B of live heap per connection";
        String resolution = Double.isNaN(cpuResolution()) ? "" : String.format(Locale.ROOT, " (± %.1f: one step of"
                + " the CPU clock per window)", cpuResolution());
        return String.format(Locale.ROOT, "idle connections (%s open at %s msg/s, %s s windows): %.1f µs/s of server"
                        + " CPU per connection%s and %s (server %.4f cores with them, %.4f without)",
                CapacityRecord.group(connections), rate, CapacityRecord.group(windowSeconds), cpuMicrosPerSecond(),
                resolution, heap, idleCpuCores, baselineCpuCores);
    }
}
