package io.pushbench.loadgen.compare;

import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.Environment;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.verdict.Arm;
import io.pushbench.analysis.verdict.Outcome;
import io.pushbench.loadgen.driver.DriverConfig;
import io.pushbench.loadgen.driver.LoadSession;
import io.pushbench.loadgen.memory.InMemoryDriver;
import io.pushbench.loadgen.memory.SimulatedClock;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole comparison (plan, A B B A order, runs, results.json, verdict) through the in-memory driver: real
 * measurement core and sessions, simulated feed and clock, no sockets and no JVMs. WS delivered twice as late as SSE
 * must be called on latency; the same configuration twice (A/A) must call nothing. The plan is the Jetty driver's
 * (what a comparison may plan); the executor runs each planned run in memory, and the results name that driver.
 */
class InMemoryComparisonTest {
    @TempDir
    Path dir;

    /** Runs each planned run with the in-memory driver; a transport's messages arrive its given delay late. */
    private static RunExecutor inMemory(Map<Transport, Duration> delay) {
        return (run, p, pinning, outDir, progress) -> {
            SimulatedClock clock = new SimulatedClock();
            DriverConfig c = DriverConfig.builder().driver(Driver.IN_MEMORY).transport(run.transport())
                    .connections(p.connections()).rate(p.rate()).payloadBytes(p.payload()).ramp(p.ramp())
                    .warmup(p.warmup()).duration(p.duration()).drain(Duration.ofSeconds(1)).connectProbeRate(0)
                    .runId(run.runId()).repeat(run.repeat()).variant(run.variant()).outDir(outDir).build();
            LoadSession s = InMemoryDriver.session(c, clock, new PrintStream(OutputStream.nullOutputStream()));
            new InMemoryDriver(clock, delay.get(run.transport()).toNanos(), (sub, seq) -> InMemoryDriver.Fate.DELIVER)
                    .run(s);
            RunResult r = s.finish(0);
            if (run.arm() == null) {
                return r;
            }
            Map<String, Object> ext = new LinkedHashMap<>(r.extensions());
            ext.put(Arm.ARM_EXTENSION, run.arm());
            return r.withExtensions(ext);
        };
    }

    private CompareRunner.Outcome compare(List<Transport> transports, Map<Transport, Duration> delay)
            throws Exception {
        CompareProfile p = ProfileLoader.builtIn("quick").transports(transports.stream().map(Transport::key).toList())
                .connections(20).rate(10).calibrate(false).build();
        Environment env = new Environment("cpu", 2, "os", "k", "jvm", "v", List.of(), "12.1.14", "3.15.1", "abc",
                "host", Map.of());
        return CompareRunner.builder(p, dir).pinning(CpuPinning.decide(p, false, 2)).executor(inMemory(delay))
                .environment(env).reports(ReportStep.NONE).build().run();
    }

    @Test
    void aTransportTwiceAsLateIsCalledOnLatency() throws Exception {
        CompareRunner.Outcome o = compare(List.of(Transport.SSE, Transport.WS),
                Map.of(Transport.SSE, Duration.ofMillis(1), Transport.WS, Duration.ofMillis(2)));
        assertThat(o.results().runs()).hasSize(10);
        assertThat(o.results().invalidReasons()).isEmpty();
        assertThat(o.results().runs()).allMatch(r -> r.messages().lost() == 0 && r.messages().expected() > 0);
        var p50 = o.summary().of(Figure.LATENCY_P50).get(0);
        assertThat(p50.outcome()).isEqualTo(Outcome.A_BETTER);
        assertThat(p50.better().transport()).isEqualTo(Transport.SSE);
        assertThat(o.summary().called()).isNotEmpty();
    }

    @Test
    void theSameConfigurationTwiceCallsNothing() throws Exception {
        CompareRunner.Outcome o = compare(List.of(Transport.SSE, Transport.SSE),
                Map.of(Transport.SSE, Duration.ofMillis(1)));
        assertThat(o.results().runs()).hasSize(10);
        assertThat(o.results().invalidReasons()).isEmpty();
        assertThat(o.summary().called()).isEmpty();
    }
}
