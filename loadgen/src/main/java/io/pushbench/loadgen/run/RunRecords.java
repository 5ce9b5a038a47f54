package io.pushbench.loadgen.run;

import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.LoadgenFigures;
import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.results.Reconnects;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.results.ServerFigures;
import io.pushbench.analysis.results.Throughput;
import io.pushbench.analysis.results.Window;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the orchestrator records about a run besides the driver's measurements: the config map, and a fallback. */
final class RunRecords {
    private RunRecords() {
    }

    /** The driver's view, or, when the load-generator JVM died without writing it, what the timeline showed. */
    static RunResult driverOrFallback(Path out, RunSpec spec, List<IntervalSample> intervals, long launchedEpochMs) {
        Path f = io.pushbench.loadgen.driver.LoadSession.driverFile(out, spec.runId());
        if (Files.exists(f)) {
            try {
                return ResultsIO.readRun(f);
            } catch (IOException e) {
                // fall through: write what we know
            }
        }
        double lastT = intervals.isEmpty() ? 0 : intervals.get(intervals.size() - 1).t();
        Window w = new Window(Instant.ofEpochMilli(launchedEpochMs).toString(), Instant.now().toString(),
                spec.ramp().toNanos() / 1e9, spec.warmup().toNanos() / 1e9, spec.duration().toNanos() / 1e9,
                spec.effectiveDrain().toNanos() / 1e9, (spec.ramp().plus(spec.warmup())).toNanos() / 1e9,
                Math.max(0, lastT));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("json", spec.runId() + ".json");
        if (Files.exists(out.resolve(spec.runId() + ".hlog"))) {
            files.put("hlog", spec.runId() + ".hlog");
        }
        return new RunResult(spec.runId(), spec.transport(), spec.protocol(), spec.driver(), spec.variant(),
                spec.repeat(), spec.connections(), intervals.stream().mapToLong(IntervalSample::connections).max()
                .orElse(0), false, List.of("the load generator wrote no results (see console.log)"), w,
                MessageCounts.ZERO, Percentiles.EMPTY, Throughput.ZERO, Percentiles.EMPTY, Percentiles.EMPTY,
                Percentiles.EMPTY, Reconnects.NONE, LoadgenFigures.UNKNOWN, ServerFigures.UNAVAILABLE, intervals, List.of(), files,
                Map.of());
    }

    static Map<String, Object> config(RunSpec s, String baseUrl) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transport", s.transport().key());
        m.put("protocol", s.protocol().key());
        m.put("driver", s.driver().key());
        m.put("variant", s.variant().name());
        m.put("repeat", s.repeat());
        m.put("runId", s.runId());
        m.put("connections", s.connections());
        m.put("rate", s.rate());
        m.put("payload", s.payloadBytes());
        m.put("ramp", s.ramp().toString());
        m.put("warmup", s.warmup().toString());
        m.put("duration", s.duration().toString());
        m.put("drain", s.effectiveDrain().toString());
        m.put("server", s.serverUrl() == null ? "embedded" : baseUrl);
        m.put("serverArgs", s.serverArgs());
        m.put("serverCommand", s.serverUrl() == null ? s.serverCommand() : List.of());
        m.put("loadgenJvmArgs", s.loadgenJvmArgs());
        m.put("serverCpus", s.serverCpus());
        m.put("loadgenCpus", s.loadgenCpus());
        m.put("connectProbeRate", s.connectProbeRate());
        m.put("allowUnobservedServer", s.allowUnobservedServer());
        return m;
    }
}
