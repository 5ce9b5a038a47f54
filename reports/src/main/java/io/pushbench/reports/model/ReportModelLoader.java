package io.pushbench.reports.model;

import com.fasterxml.jackson.core.type.TypeReference;
import io.pushbench.analysis.figure.Counts;
import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.results.Window;
import io.pushbench.analysis.verdict.Arm;
import io.pushbench.analysis.verdict.ArmSummary;
import io.pushbench.analysis.verdict.Comparison;
import io.pushbench.analysis.verdict.Comparisons;
import io.pushbench.reports.jmh.JmhResults;
import io.pushbench.reports.jmh.JmhTable;
import io.pushbench.reports.model.Views.IntervalPoint;
import io.pushbench.reports.model.Views.ScenarioRun;
import io.pushbench.reports.model.Views.SpectrumPoint;
import io.pushbench.reports.model.Views.TimelinePoint;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Builds a {@link ReportModel} from a results directory (contract: {@code results.json}, each run's
 * {@code <runId>.hlog}, optional {@code jmh/jmh-results.json}); the verdict is {@link Comparisons#of(Results)}.
 *
 * <pre>{@code
 * ReportModel model = ReportModelLoader.load(resultsDir);   // IOException with a one-line message on bad input
 * }</pre>
 */
public final class ReportModelLoader {
    /** Name of the results file inside a results directory. */
    public static final String RESULTS_FILE = "results.json";
    /** Relative path of JMH's JSON inside a results directory. */
    public static final String JMH_FILE = "jmh/jmh-results.json";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private ReportModelLoader() {
    }

    /**
     * Loads {@code dir}: reads {@code results.json}, builds the one {@link Comparison} with
     * {@link Comparisons#of(Results)}, and adds what only the report draws (the .hlog spectra and time series).
     */
    public static ReportModel load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no results directory at " + dir);
        }
        Results results = ResultsIO.read(dir.resolve(RESULTS_FILE));
        if (results.runs().isEmpty()) {
            throw new IOException(dir.resolve(RESULTS_FILE) + " has no runs");
        }
        Comparison comparison;
        try {
            comparison = Comparisons.of(results);
        } catch (IllegalArgumentException e) {
            // An unknown transport or protocol in a run: one line naming the file.
            throw new IOException(dir.resolve(RESULTS_FILE) + " cannot be compared: " + e.getMessage());
        }
        Map<String, Histogram> steadyByRun = new LinkedHashMap<>();
        Map<String, RunResult> byId = new LinkedHashMap<>();
        List<RunView> runs = new ArrayList<>();
        for (RunResult r : results.runs()) {
            if (r.id() == null || r.transport() == null) {
                throw new IOException(dir.resolve(RESULTS_FILE) + " has a run without id or transport");
            }
            byId.put(r.id(), r);
            HlogData hlog = readHlog(dir, r);
            if (hlog != null) {
                steadyByRun.put(r.id(), hlog.steady());
            }
            runs.add(runView(r, Arm.of(r).key(), hlog));
        }
        List<ArmView> arms = new ArrayList<>();
        for (ArmSummary a : comparison.arms()) {
            arms.add(armView(a, byId, steadyByRun));
        }

        Map<String, String> links = new TreeMap<>();
        links.put("results", RESULTS_FILE);
        if (Files.isRegularFile(dir.resolve("console.log"))) {
            links.put("console", "console.log");
        }
        JmhTable jmh = null;
        if (Files.isRegularFile(dir.resolve(JMH_FILE))) {
            jmh = JmhTable.of(JmhResults.read(dir.resolve(JMH_FILE)));
            links.put("jmh", JMH_FILE);
        }
        boolean valid = results.valid() && comparison.valid();
        // The comparison's reasons (one line per invalid run, and incompleteness) are the ones the verdict states;
        // results-level reasons only fill in when the results are marked invalid for a reason no run carries.
        List<String> reasons = !comparison.invalidReasons().isEmpty() ? comparison.invalidReasons()
                : results.invalidReasons();
        String startedAt = results.runs().stream().map(RunResult::window).filter(w -> w != null
                && w.startedAt() != null).map(Window::startedAt).min(String::compareTo).orElse(null);
        String finishedAt = results.runs().stream().map(RunResult::window).filter(w -> w != null
                && w.endedAt() != null).map(Window::endedAt).max(String::compareTo).orElse(null);
        Map<String, Object> environment = results.environment() == null ? Map.of()
                : ResultsIO.mapper().convertValue(results.environment(), MAP);
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return new ReportModel(name == null ? "results" : name.toString(), results.kind(), startedAt, finishedAt,
                results.complete(), valid, reasons, results.config(), environment, results.calibration(),
                comparison, List.copyOf(arms), List.copyOf(runs), jmh, links);
    }

    private static HlogData readHlog(Path dir, RunResult r) throws IOException {
        String named = r.files().get("hlog");
        Path file = dir.resolve(named != null ? named : r.id() + ".hlog");
        if (!Files.isRegularFile(file)) {
            if (named != null) {
                throw new IOException("run " + r.id() + " names " + named + " but " + file + " is missing");
            }
            return null;
        }
        double[] steady = steadyWindow(r);
        return HlogData.read(file, r.id(), steady[0], steady[1]);
    }

    /** [start, end) of the steady window in seconds from the run's start. */
    static double[] steadyWindow(RunResult r) {
        Window w = r.window();
        if (w != null && w.steadyToSec() > w.steadyFromSec()) {
            return new double[]{w.steadyFromSec(), w.steadyToSec()};
        }
        double start = Double.MAX_VALUE;
        double end = -1;
        for (IntervalSample s : r.timeline()) {
            if ("steady".equals(s.phase())) {
                start = Math.min(start, s.t() - 1);
                end = Math.max(end, s.t());
            }
        }
        return end < 0 ? new double[]{0, Double.MAX_VALUE} : new double[]{start, end};
    }

    private static RunView runView(RunResult r, String armKey, HlogData hlog) {
        Map<String, Double> figures = new LinkedHashMap<>();
        for (Figure f : Figure.HEADLINE) {
            OptionalDouble v = f.of(r);
            if (v.isPresent()) {
                figures.put(f.key(), v.getAsDouble());
            }
        }
        List<TimelinePoint> timeline = r.timeline().stream()
                .map(s -> new TimelinePoint(s.t(), s.phase(), s.connections(), s.messagesPerSec(), s.reconnects(),
                        s.lost(), s.errors()))
                .toList();
        Percentiles hlogLatency = hlog == null ? null : Percentiles.fromNanos(hlog.steady());
        List<SpectrumPoint> spectrum = hlog == null ? List.of() : spectrum(hlog.steady());
        List<IntervalPoint> intervals = hlog == null ? List.of() : hlog.intervals();
        Map<String, String> links = new TreeMap<>(r.files());
        double[] steady = steadyWindow(r);
        boolean known = steady[1] < Double.MAX_VALUE;
        return new RunView(r.id(), armKey, r.transport(), r.protocol(), r.driver(), r.variant(), r.repeat(), r.connections(), r.connectionsPeak(),
                known ? steady[0] : null, known ? steady[1] : null, r.valid(),
                r.invalidReasons(), figures, r.latencyUs(), hlogLatency, spectrum, r.connectUs(), Counts.headline(r),
                Counts.isSteady(r), r.messages(), r.reconnects(), r.server(), intervals, timeline, links,
                scenarioRun(r), Views.BrowserRun.of(r.extensions().get("browser")));
    }

    /**
     * The run's scenario from its extensions ({@code scenario}, {@code scenarioRun}, {@code slowGroup}); null for
     * steady load. A value of an unexpected shape is left out (extensions are the writer's to extend), never fatal.
     */
    static ScenarioRun scenarioRun(RunResult r) {
        Map<String, Object> ext = r.extensions();
        Object name = ext.get(Arm.SCENARIO_EXTENSION);
        Map<?, ?> run = ext.get("scenarioRun") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> slow = ext.get("slowGroup") instanceof Map<?, ?> m ? m : Map.of();
        if (name == null && run.isEmpty() && slow.isEmpty()) {
            return null;
        }
        Object caseName = name != null ? name : run.get("name");
        Percentiles slowLatency = null;
        if (slow.get("latencyUs") instanceof Map<?, ?> p) {
            try {
                slowLatency = ResultsIO.mapper().convertValue(p, Percentiles.class);
            } catch (IllegalArgumentException e) {
                slowLatency = null;
            }
        }
        Map<?, ?> after = run.get("serverAfterFault") instanceof Map<?, ?> a ? a : Map.of();
        return new ScenarioRun(caseName == null ? null : caseName.toString(), text(run.get("summary")),
                text(run.get("fault")), whole(run.get("faultAtSteadyPlusMs")), whole(run.get("serverRestartsSeen")),
                whole(slow.get("subscribers")), slowLatency, positive(after.get("acceptsPerSecMax")),
                positive(after.get("cpuCoresMax")), positive(after.get("heapUsedBytesMax")));
    }

    /** A measured figure of the server after a fault: a non-negative number, else null (-1: not measured). */
    private static Double positive(Object v) {
        return v instanceof Number n && n.doubleValue() >= 0 ? n.doubleValue() : null;
    }

    private static String text(Object v) {
        return v instanceof String s ? s : null;
    }

    private static Long whole(Object v) {
        return v instanceof Number n ? Long.valueOf(n.longValue()) : null;
    }

    private static ArmView armView(ArmSummary a, Map<String, RunResult> byId, Map<String, Histogram> steadyByRun) {
        List<RunResult> all = a.runIds().stream().map(byId::get).toList();
        List<RunResult> valid = a.validRunIds().stream().map(byId::get).toList();
        Histogram merged = new Histogram(3);
        for (RunResult r : valid) {
            Histogram h = steadyByRun.get(r.id());
            if (h != null) {
                merged.add(h);
            }
        }
        return new ArmView(a.arm().key(), a.arm().label(), a.runIds(), a.validRunIds(),
                representative(valid.isEmpty() ? all : valid),
                merged.getTotalCount() == 0 ? null : Percentiles.fromNanos(merged), spectrum(merged), a);
    }

    /** The repeat with the median p99 (lower middle for an even count). */
    private static String representative(List<RunResult> runs) {
        List<RunResult> sorted = runs.stream()
                .sorted(Comparator.comparingDouble((RunResult r) -> Figure.LATENCY_P99.of(r).orElse(0))
                        .thenComparingInt(RunResult::repeat))
                .toList();
        return sorted.get((sorted.size() - 1) / 2).id();
    }

    /**
     * The HdrHistogram-style percentile spectrum (5 points per halving of the distance to 100%), up to p99.99,
     * plus the maximum as percentile 100. Values in µs.
     */
    static List<SpectrumPoint> spectrum(Histogram h) {
        if (h.getTotalCount() == 0) {
            return List.of();
        }
        List<SpectrumPoint> out = new ArrayList<>(percentileLevels(h));
        double lastP = out.isEmpty() ? -1 : out.get(out.size() - 1).percentile();
        if (lastP < 99.99) {
            out.add(new SpectrumPoint(99.99, h.getValueAtPercentile(99.99) / 1000.0));
        }
        out.add(new SpectrumPoint(100.0, h.getMaxValue() / 1000.0));
        return List.copyOf(out);
    }

    /**
     * HdrHistogram's percentile iteration (5 points per halving of the distance to 100%) up to p99.99, each level
     * once, as (percentile, highest equivalent value / 1000): ns to µs for the feed's histograms, µs to ms for the
     * LLM section's. The points every percentile spectrum of the reports is drawn through.
     */
    public static List<SpectrumPoint> percentileLevels(Histogram h) {
        List<SpectrumPoint> out = new ArrayList<>();
        double lastP = -1;
        for (HistogramIterationValue v : h.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo();
            if (p > 99.99) {
                break;
            }
            if (p > lastP) {
                out.add(new SpectrumPoint(Math.round(p * 1e4) / 1e4,
                        h.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0));
                lastP = p;
            }
        }
        return out;
    }
}
