package io.pushbench.loadgen.compare;

import io.pushbench.analysis.results.Environment;
import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.verdict.Comparison;
import io.pushbench.analysis.verdict.ComparisonJson;
import io.pushbench.analysis.verdict.Comparisons;
import io.pushbench.loadgen.run.RunListener;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a comparison: plans it ({@link RunPlanner}), calibrates once when a {@link CalibrationStep} is given and the
 * profile asks for it, executes the plan run by run (fresh server JVM each time, transports in A B B A order within
 * each group), replaces invalid runs, rewrites results.json after every run so that a killed comparison still leaves
 * its finished runs on disk, then summarises and asks for the reports. It prints nothing: everything it does is an
 * event to its {@link CompareListener}.
 *
 * <pre>{@code
 * CompareRunner.Outcome o = CompareRunner.builder(profile, dir)
 *         .pinning(pinning).executor(new OrchestratorExecutor(serverMain)).environment(env)
 *         .listener(console).reports(ReportStep.NONE).calibration(step)
 *         .build().run();
 * o.results().complete();   // false when interrupted or a child crashed
 * }</pre>
 *
 * Interruption (Ctrl-C reaches it as an interrupt of the calling thread): the running run or calibration is stopped
 * by the executor or step, nothing further starts, and results.json is written with {@code complete: false}.
 */
public final class CompareRunner {
    /** What a comparison produced. */
    public record Outcome(Results results, Comparison summary, Path resultsDir, List<Path> reports) {
    }

    private final CompareProfile profile;
    private final Path dir;
    private final CpuPinning pinning;
    private final RunExecutor executor;
    private final Environment environment;
    private final CompareListener listener;
    private final ReportStep reportStep;
    private final CalibrationStep calibration;
    private final Clock clock;

    private CompareRunner(Builder b) {
        this.profile = b.profile;
        this.dir = b.dir;
        this.pinning = b.pinning;
        this.executor = b.executor;
        this.environment = b.environment;
        this.listener = b.listener;
        this.reportStep = b.reports;
        this.calibration = b.calibration;
        this.clock = b.clock;
    }

    /** A runner of {@code profile} writing into {@code dir}; the builder needs pinning, executor and environment. */
    public static Builder builder(CompareProfile profile, Path dir) {
        return new Builder(profile, dir);
    }

    /** Runs the comparison; IOException when results.json cannot be written. */
    public Outcome run() throws IOException {
        return new Session().run();
    }

    static String oneLine(Throwable e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }

    /** One execution of the plan: the state results.json is rewritten from. */
    private final class Session {
        private final ComparePlan planned = RunPlanner.plan(profile);
        private final List<PlannedRun> plan = new ArrayList<>(planned.runs());
        private final String startedAt = Instant.now(clock).toString();
        private final long startNanos = System.nanoTime();
        private final List<RunResult> runs = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private Map<String, Object> calibrated = Map.of();
        private boolean stopped;

        Outcome run() throws IOException {
            listener.planDecided(profile, planned, pinning, dir);
            write(null, false, null);
            if (calibration != null && profile.calibrate()) {
                calibrate();
                write(null, false, null);
            }
            if (!stopped) {
                runAll();
            }
            boolean complete = !stopped && runs.size() == plan.size();
            if (!complete && problems.stream().noneMatch(p -> p.startsWith("interrupted"))
                    && Thread.currentThread().isInterrupted()) {
                problems.add("interrupted");
            }
            if (!complete) {
                problems.add("incomplete: " + runs.size() + " of " + plan.size() + " runs finished");
            }
            Comparison summary = runs.isEmpty() ? null : Comparisons.of(runs, complete);
            Results results = write(Instant.now(clock).toString(), complete, summary);
            listener.summarised(results, summary, List.copyOf(problems));
            List<Path> reports = List.of();
            if (!runs.isEmpty() && !Thread.currentThread().isInterrupted()) {
                try {
                    reports = reportStep.generate(dir);
                    listener.reportsWritten(reports);
                } catch (IOException | RuntimeException e) {
                    listener.reportsFailed(oneLine(e));
                }
            }
            Outcome outcome = new Outcome(results, summary, dir, reports);
            listener.finished(outcome, Duration.ofNanos(System.nanoTime() - startNanos));
            return outcome;
        }

        /** Once, before the first run; a failure is recorded and reported, never fatal. */
        private void calibrate() {
            listener.calibrationStarted();
            try {
                calibrated = calibration.calibrate(profile, dir, listener);
                listener.calibrationFinished(calibrated);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
                problems.add("interrupted during calibration");
            } catch (IOException | RuntimeException e) {
                calibrated = Map.of("error", oneLine(e));
                listener.calibrationFailed(oneLine(e));
            }
        }

        private void runAll() throws IOException {
            for (int i = 0; i < plan.size(); i++) {
                PlannedRun run = plan.get(i);
                if (Thread.currentThread().isInterrupted()) {
                    stopped = true;
                    return;
                }
                listener.runStarting(run, plan.size());
                RunResult result;
                try {
                    result = executor.execute(run, profile, pinning, dir, new Progress(run, plan.size()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                    problems.add("interrupted during run " + run.runId());
                    return;
                } catch (IOException | RuntimeException e) {
                    problems.add("run " + run.runId() + " failed: " + oneLine(e));
                    listener.runFailed(run, plan.size(), oneLine(e));
                    stopped = true;
                    return;
                }
                runs.add(result);
                listener.runFinished(run, plan.size(), result);
                if (Thread.currentThread().isInterrupted()) {
                    stopped = true;
                    problems.add("interrupted during run " + run.runId() + " (its figures cover what finished)");
                    write(null, false, null);
                    return;
                }
                write(null, false, null);
                if (i == plan.size() - 1) {
                    PlannedRun extra = RunPlanner.replacement(plan, runs, planned.runs().size(), profile);
                    if (extra != null) {
                        listener.runReplaced(extra, RunPlanner.maxReplacements(profile));
                        plan.add(extra);
                    }
                }
            }
        }

        private Results write(String finishedAt, boolean complete, Comparison summary) throws IOException {
            List<String> reasons = new ArrayList<>(problems);
            for (RunResult r : runs) {
                for (String why : r.invalidReasons()) {
                    reasons.add(r.id() + ": " + why);
                }
                if (!r.valid() && r.invalidReasons().isEmpty()) {
                    reasons.add(r.id() + ": invalid");
                }
            }
            boolean valid = complete && runs.stream().allMatch(RunResult::valid) && reasons.isEmpty();
            Map<String, Object> config = new LinkedHashMap<>(profile.toConfigMap());
            List<String> order = planned.order();
            config.put("order", order);
            // The root has no id or timestamps of its own: they go first in the comparison's summary.
            Map<String, Object> summaryMap = new LinkedHashMap<>();
            summaryMap.put("id", dir.getFileName().toString());
            summaryMap.put("startedAt", startedAt);
            summaryMap.put("finishedAt", finishedAt);
            summaryMap.put("runsPlanned", order.size());
            summaryMap.put("runsFinished", runs.size());
            // Runs beyond the plan replace invalid ones (RunPlanner.replacement); they are not in config.order.
            summaryMap.put("replacements", runs.stream().map(RunResult::id).filter(id -> !order.contains(id)).toList());
            if (summary != null) {
                summaryMap.putAll(ComparisonJson.toMap(summary));
            }
            Results results = new Results(Results.SCHEMA, Results.KIND_COMPARISON, complete, valid, reasons, config,
                    environment, calibrated, runs, summaryMap);
            Path file = dir.resolve("results.json");
            ResultsIO.write(file, results);
            listener.resultsWritten(file, results);
            return results;
        }
    }

    /** Forwards one run's orchestrator progress to the listener, with the run it belongs to. */
    private final class Progress implements RunListener {
        private final PlannedRun run;
        private final int total;

        Progress(PlannedRun run, int total) {
            this.run = run;
            this.total = total;
        }

        @Override
        public void onInterval(IntervalSample s) {
            listener.intervalSampled(run, total, s);
        }

        @Override
        public void onMessage(String line) {
            listener.runMessage(run, line);
        }
    }

    /**
     * Collects a runner's parts; {@link #build()} fails with one line naming the first one missing. Defaults: no
     * listener ({@link CompareListener#NONE}), no reports ({@link ReportStep#NONE}), no calibration, the UTC clock.
     */
    public static final class Builder {
        private final CompareProfile profile;
        private final Path dir;
        private CpuPinning pinning;
        private RunExecutor executor;
        private Environment environment;
        private CompareListener listener = CompareListener.NONE;
        private ReportStep reports = ReportStep.NONE;
        private CalibrationStep calibration;
        private Clock clock = Clock.systemUTC();

        private Builder(CompareProfile profile, Path dir) {
            this.profile = profile;
            this.dir = dir;
        }

        /** Where the children run (stated in the plan and results). */
        public Builder pinning(CpuPinning v) { pinning = v; return this; }
        /** Runs each planned run. */
        public Builder executor(RunExecutor v) { executor = v; return this; }
        /** The machine fingerprint results.json stores. */
        public Builder environment(Environment v) { environment = v; return this; }
        /** Receives the comparison's events. */
        public Builder listener(CompareListener v) { listener = v; return this; }
        /** Writes the reports of the finished results directory. */
        public Builder reports(ReportStep v) { reports = v; return this; }
        /** Runs once before the first run when the profile says {@code calibrate: true}; null for none. */
        public Builder calibration(CalibrationStep v) { calibration = v; return this; }
        /** Stamps startedAt and finishedAt. */
        public Builder clock(Clock v) { clock = v; return this; }

        public CompareRunner build() {
            require(profile, "profile");
            require(dir, "results directory");
            require(pinning, "pinning");
            require(executor, "executor");
            require(environment, "environment");
            require(listener, "listener");
            require(reports, "report step");
            require(clock, "clock");
            return new CompareRunner(this);
        }

        private static void require(Object v, String what) {
            if (v == null) {
                throw new IllegalArgumentException("a comparison runner needs a " + what + ", was null");
            }
        }
    }
}
