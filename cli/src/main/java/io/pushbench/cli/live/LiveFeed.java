package io.pushbench.cli.live;

import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.verdict.Comparison;
import io.pushbench.loadgen.compare.CompareListener;
import io.pushbench.loadgen.compare.ComparePlan;
import io.pushbench.loadgen.compare.CompareProfile;
import io.pushbench.loadgen.compare.CompareRunner;
import io.pushbench.loadgen.compare.CpuPinning;
import io.pushbench.loadgen.compare.PlannedRun;
import io.pushbench.loadgen.run.RunListener;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Turns a run's or a comparison's life-cycle events into the live page's events ({@link LiveEvents}): the plan,
 * each run's start (which run of how many, transport, protocol, driver), its per-second samples as the load
 * generator reports them, the orchestrator's lines, each run's outcome and the end. Nothing is computed here that
 * the events do not carry: a sample's msg/s and p99 are the load generator's own per-second figures
 * ({@link IntervalSample}), stamped with the seconds since this feed started so that every run shares one time axis.
 *
 * <pre>{@code
 * LiveFeed feed = new LiveFeed(events, "run");
 * feed.runStarting(LiveRun.of(spec));
 * new RunOrchestrator().run(spec, feed);          // feed.onInterval(...) every second
 * feed.runFinished(result);
 * feed.finished(result.valid(), "valid");
 * }</pre>
 *
 * <p>Safe to call from any thread. Never throws: the page is a view, and a run must not fail for it (an event that
 * cannot be made is dropped).
 */
public final class LiveFeed implements RunListener, CompareListener {
    private final LiveEvents events;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private volatile CompareProfile profile;
    private volatile LiveRun current;
    private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();

    public LiveFeed(LiveEvents events, String command) {
        this(events, command, System::nanoTime);
    }

    LiveFeed(LiveEvents events, String command, LongSupplier nanoClock) {
        this.events = events;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("command", command);
        hello.put("startedAtEpochMs", System.currentTimeMillis());
        send("hello", hello);
    }

    // ---- pushbench run

    /** The single run of {@code pushbench run} is planned. */
    public void planned(LiveRun run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", null);
        m.put("total", 1);
        m.put("order", List.of(run.runId()));
        m.put("connections", run.connections());
        m.put("rate", run.rate());
        send("plan", m);
    }

    /** {@code run} starts: the samples that follow belong to it. */
    public void runStarting(LiveRun run) {
        current = run;
        send("run", run.toEvent());
    }

    @Override
    public void onInterval(IntervalSample s) {
        LiveRun run = current;
        if (run == null || s == null) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", run.runId());
        m.put("series", run.series());
        m.put("index", run.index());
        m.put("total", run.total());
        m.put("at", Math.round(elapsedSeconds() * 10) / 10.0);
        m.put("t", s.t());
        m.put("phase", s.phase());
        m.put("connections", s.connections());
        m.put("messagesPerSec", s.messagesPerSec());
        // The load generator writes 0 for the latency of a second in which nothing arrived: no figure, not 0 µs.
        boolean delivered = s.messagesPerSec() > 0;
        m.put("p50Us", delivered ? s.p50Us() : null);
        m.put("p99Us", delivered ? s.p99Us() : null);
        m.put("maxUs", delivered ? s.maxUs() : null);
        m.put("lost", s.lost());
        m.put("errors", s.errors());
        m.put("reconnects", s.reconnects());
        m.put("loadgenCpuCores", s.loadgenCpuCores());
        send("interval", m);
    }

    @Override
    public void onMessage(String line) {
        LiveRun run = current;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", run == null ? null : run.runId());
        m.put("line", line);
        send("message", m);
    }

    /** The current run ended with {@code r}. */
    public void runFinished(RunResult r) {
        LiveRun run = current;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", r.id());
        m.put("series", run == null ? r.transport().label() : run.series());
        m.put("valid", r.valid());
        m.put("invalidReasons", r.invalidReasons());
        boolean measured = r.latencyUs() != null && r.latencyUs().count() > 0;
        m.put("p99Us", measured ? r.latencyUs().p99() : null);
        m.put("messagesPerSec", r.throughput() == null ? null : r.throughput().messagesPerSec());
        m.put("at", Math.round(elapsedSeconds() * 10) / 10.0);
        send("runEnd", m);
    }

    /** Everything is over: {@code valid} is the command's verdict, {@code text} says it in a few words. */
    public void finished(boolean valid, String text) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", valid);
        m.put("text", text);
        m.put("at", Math.round(elapsedSeconds() * 10) / 10.0);
        send("end", m);
    }

    /** Sends the end unless {@link #finished} did: the command stopped early (an exception, a crash). */
    public void stopped() {
        finished(false, "pushbench stopped before the end (see its console)");
    }

    // ---- pushbench compare

    @Override
    public void planDecided(CompareProfile p, ComparePlan plan, CpuPinning pinning, Path dir) {
        profile = p;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", p.name());
        m.put("total", plan.runs().size());
        m.put("order", plan.runs().stream().map(PlannedRun::runId).toList());
        m.put("connections", p.connections());
        m.put("rate", p.rate());
        m.put("resultsDir", dir.toAbsolutePath().normalize().toString());
        send("plan", m);
    }

    @Override
    public void calibrationStarted() {
        send("calibration", Map.of("state", "running"));
    }

    @Override
    public void calibrationFinished(Map<String, Object> calibration) {
        Object skipped = calibration.get("skipped");
        send("calibration", skipped == null ? Map.of("state", "done") : Map.of("state", "skipped: " + skipped));
    }

    @Override
    public void calibrationFailed(String reason) {
        send("calibration", Map.of("state", "failed: " + reason));
    }

    @Override
    public void runStarting(PlannedRun run, int total) {
        CompareProfile p = profile;
        runStarting(p == null ? LiveRun.of(run, total, 0, 0, null, null, null)
                : LiveRun.of(run, total, p.connections(), p.rate(), p.ramp(), p.warmup(), p.duration()));
    }

    @Override
    public void intervalSampled(PlannedRun run, int total, IntervalSample sample) {
        onInterval(sample);
    }

    @Override
    public void runMessage(PlannedRun run, String line) {
        onMessage(line);
    }

    @Override
    public void runFinished(PlannedRun run, int total, RunResult result) {
        runFinished(result);
    }

    @Override
    public void runFailed(PlannedRun run, int total, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", run.runId());
        m.put("series", current == null ? run.armLabel() : current.series());
        m.put("valid", false);
        m.put("invalidReasons", List.of("failed: " + reason));
        m.put("p99Us", null);
        m.put("messagesPerSec", null);
        m.put("at", Math.round(elapsedSeconds() * 10) / 10.0);
        send("runEnd", m);
    }

    @Override
    public void runReplaced(PlannedRun replacement, int max) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", replacement.runId());
        m.put("line", "an invalid run is replaced by " + replacement.runId() + " (at most " + max + ")");
        send("message", m);
    }

    @Override
    public void summarised(Results results, Comparison summary, List<String> problems) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", results.valid());
        m.put("problems", problems);
        send("summary", m);
    }

    @Override
    public void reportsWritten(List<Path> files) {
        send("reports", Map.of("files", files.stream().map(f -> f.toAbsolutePath().normalize().toString()).toList()));
    }

    @Override
    public void finished(CompareRunner.Outcome outcome, Duration wallTime) {
        boolean valid = outcome.results().valid();
        finished(valid, (valid ? "comparison complete" : "comparison incomplete or a run invalid")
                + "; results in " + outcome.resultsDir().toAbsolutePath().normalize());
    }

    private double elapsedSeconds() {
        return (nanoClock.getAsLong() - startNanos) / 1e9;
    }

    private void send(String type, Object data) {
        try {
            events.append(type, data);
        } catch (RuntimeException e) {
            // a view: dropping one of its events is better than failing the run that it shows
        }
    }
}
