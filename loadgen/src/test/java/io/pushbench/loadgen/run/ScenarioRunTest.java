package io.pushbench.loadgen.run;

import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.Recovery;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.loadgen.jetty.JettyDriver;
import io.pushbench.loadgen.scenario.Scenario;
import io.pushbench.loadgen.scenario.Scenarios;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconnection scenarios at tiny scale on real sockets, through the orchestrator: the fault is injected and timed,
 * every dropped subscriber comes back and resumes where it left off, and nothing is lost or repeated.
 */
class ScenarioRunTest {
    private static final int CONNECTIONS = 40;
    private static final double RATE = 20;
    private static final Duration STEADY = Duration.ofSeconds(6);

    static RunResult run(Transport t, Protocol p, String scenarioCase, String id) throws Exception {
        Path dir = Path.of("target", "it", "scenario");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        // -Dpushbench.jetty.client=httpclient on the test JVM runs the h1 cases over Jetty's HttpClient instead
        String client = System.getProperty(JettyDriver.CLIENT_PROPERTY);
        Scenario sc = Scenarios.byCase(scenarioCase, new Scenarios.Shape(STEADY, RATE, CONNECTIONS));
        RunSpec spec = RunSpec.builder().transport(t).protocol(p).driver(Driver.JETTY).connections(CONNECTIONS)
                .rate(RATE).payloadBytes(64).ramp(Duration.ofSeconds(1)).warmup(Duration.ofSeconds(2))
                .duration(STEADY).outDir(dir).runId(id).connectProbeRate(0).scenario(sc)
                .serverCommand(List.of(java, "-cp", cp, EmbeddedServerMain.class.getName()))
                .javaCommand(java).classpath(cp).loadgenJvmArgs(client == null ? List.of()
                        : List.of("-D" + JettyDriver.CLIENT_PROPERTY + "=" + client)).build();
        return new RunOrchestrator().run(spec, RunListener.NONE);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"sse, h1, drop-abort", "ws, h1, drop-abort", "sse, h2, drop-close"})
    @Timeout(120)
    void droppedSubscribersResumeWithNothingLostOrRepeated(String transport, String protocol, String scenarioCase)
            throws Exception {
        RunResult r = run(Transport.parse(transport), Protocol.parse(protocol), scenarioCase,
                transport + "-" + protocol + "-" + scenarioCase);
        assertThat(r.valid()).as(r.invalidReasons().toString()).isTrue();
        assertThat(r.messages().lost()).isZero();
        assertThat(r.messages().duplicated()).isZero();
        assertThat(r.extensions()).containsEntry("scenario", scenarioCase);
        Recovery rec = r.reconnects().recovery();
        assertThat(rec).isNotNull();
        assertThat(rec.faults()).hasSize(1);
        assertThat(rec.faults().get(0).kind()).isEqualTo("drop");
        // half the subscribers, each timed from the orchestrator's stamp, all back, each resumed at last seen + 1
        assertThat(rec.affected()).isEqualTo(CONNECTIONS / 2);
        assertThat(rec.notBack()).isZero();
        assertThat(rec.recoveryUs().count()).isEqualTo(CONNECTIONS / 2);
        assertThat(rec.allBackUs()).isPositive();
        assertThat(rec.resumes()).isEqualTo(CONNECTIONS / 2);
        assertThat(rec.resumeMismatches()).isZero();
        assertThat(rec.faults().get(0).atSec()).isBetween(4.0, 7.0);   // ramp 1 s + warm-up 2 s + a third of 6 s
    }

    @ParameterizedTest(name = "{0} h1 restart")
    @CsvSource({"sse", "ws"})
    @Timeout(180)
    void afterASigkillRestartTheSequenceContinuesAndNothingIsLost(String transport) throws Exception {
        RunResult r = run(Transport.parse(transport), Protocol.H1, "restart", transport + "-h1-restart");
        assertThat(r.valid()).as(r.invalidReasons().toString()).isTrue();
        assertThat(r.messages().lost()).isZero();
        assertThat(r.messages().duplicated()).isZero();
        Recovery rec = r.reconnects().recovery();
        assertThat(rec.faults()).singleElement().satisfies(f -> assertThat(f.kind()).isEqualTo("restart"));
        // every subscriber lost its connection with the process, came back, and resumed at last seen + 1: the
        // restarted server continued the sequence from its durable log and replayed what was owed
        assertThat(rec.affected()).isEqualTo(CONNECTIONS);
        assertThat(rec.notBack()).isZero();
        assertThat(rec.resumes()).isEqualTo(CONNECTIONS);
        assertThat(rec.resumeMismatches()).isZero();
        assertThat(rec.recoveryUs().p50()).isGreaterThanOrEqualTo(1_000_000.0);   // not before the 1 s outage ended
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> sc = (java.util.Map<String, Object>) r.extensions().get("scenarioRun");
        assertThat(((Number) sc.get("serverRestartsSeen")).intValue()).isEqualTo(1);
    }
}
