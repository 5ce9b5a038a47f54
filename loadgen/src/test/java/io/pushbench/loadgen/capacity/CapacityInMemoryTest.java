package io.pushbench.loadgen.capacity;

import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.loadgen.capacity.CapacityResult.Stop;
import io.pushbench.loadgen.driver.DriverConfig;
import io.pushbench.loadgen.driver.LoadSession;
import io.pushbench.loadgen.memory.InMemoryDriver;
import io.pushbench.loadgen.memory.SimulatedClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search driven through the real driver SPI and accounting, without sockets: each step is an
 * {@link InMemoryDriver} run at the step's rate, whose delivery latency and losses come from the
 * {@link SyntheticServer} model at that rate. The step's figures are read from the {@link RunResult} the session
 * writes (steady-window counts, latency percentiles, validity), as the orchestration will read a real step's.
 *
 * <p>What it does not show: the in-memory driver gives every message of a run one fixed latency (so p50 = p99 here),
 * and its process costs nothing, so it can neither saturate nor report server CPU; the knee and the cost figures are
 * the model's, and the instrument limit is tested on the model ({@link CapacitySearchTest}).
 */
class CapacityInMemoryTest {
    @TempDir
    Path dir;

    private static final int CONNECTIONS = 2;

    /**
     * A step: 2 subscribers, 1 s warm-up and 2 s steady window at {@code rate}; losing every 100th message at or above
     * capacity. The warm-up matters: without one, the first latency of the window receives nothing, and a server at
     * 40 ms looks 2% short of its owed rate over 2 s.
     */
    private final class InMemorySteps implements StepRunner {
        final SyntheticServer model;
        final List<RunResult> runs = new ArrayList<>();

        InMemorySteps(SyntheticServer model) {
            this.model = model;
        }

        @Override
        public StepMeasurement run(double rate) {
            StepMeasurement expected = model.run(rate);
            long latencyNanos = Math.round(expected.p99Micros() * 1_000);
            boolean overloaded = expected.lost() > 0;
            try {
                SimulatedClock clock = new SimulatedClock();
                DriverConfig c = DriverConfig.builder().driver(Driver.IN_MEMORY).connections(CONNECTIONS).rate(rate)
                        .payloadBytes(64).ramp(Duration.ZERO).warmup(Duration.ofSeconds(1))
                        .duration(Duration.ofSeconds(2))
                        .drain(Duration.ofSeconds(1)).connectProbeRate(0).runId("cap-" + runs.size()).outDir(dir)
                        .build();
                LoadSession s = InMemoryDriver.session(c, clock, new PrintStream(new ByteArrayOutputStream()));
                new InMemoryDriver(clock, latencyNanos, (sub, seq) -> overloaded && seq % 100 == 0
                        ? InMemoryDriver.Fate.LOSE : InMemoryDriver.Fate.DELIVER).run(s);
                RunResult r = s.finish(0);
                runs.add(r);
                return fromRun(rate, r);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /**
     * A step's figures from a run's results. The run's own {@code invalidReasons} are deliberately not carried over:
     * {@code ValidityRules} puts the server's outcomes ("N of M expected messages lost", "no message delivered") among
     * the instrument's reasons, and a capacity step that lost messages has BROKEN the objective, not the instrument
     * (carried over, every overloaded step would stop the search on the instrument). Here the instrument cannot fail,
     * so none is kept; the orchestration splits the two kinds by their {@code ReasonKeys}
     * ({@link OrchestratedStepRunner#measure}). The server is left unobserved (NaN): the in-memory
     * driver has none.
     */
    private static StepMeasurement fromRun(double rate, RunResult r) {
        return StepMeasurement.builder(rate)
                .delivered(r.throughput().messagesPerSec(), rate * r.connections())
                .latencyMicros(r.latencyUs().p50(), r.latencyUs().p99(), r.latencyUs().p999())
                .lost(r.steadyMessages().lost())
                .build();
    }

    @Test
    void findsTheModelsKneeThroughTheDriverAndItsAccounting() {
        SyntheticServer model = SyntheticServer.of(20_000);
        InMemorySteps steps = new InMemorySteps(model);
        CapacityResult r = CapacitySearch.builder(Axis.RATE).startLoad(1_000).factor(2).resolution(0.05)
                .stepDuration(Duration.ofSeconds(3)).maxSteps(20).maxTotalTime(Duration.ofMinutes(2)).build()
                .run(steps);

        // the trap fromRun avoids: the run-level rules call an overloaded step's losses invalid
        assertThat(steps.runs).anySatisfy(run -> assertThat(run.invalidReasons())
                .anySatisfy(reason -> assertThat(reason).contains("expected messages lost")));
        double knee = model.trueKnee(CapacityObjective.DEFAULT.p99LimitMicros());
        assertThat(r.stop()).isEqualTo(Stop.FOUND);
        assertThat(r.capacity()).isLessThanOrEqualTo(knee);
        assertThat((knee - r.capacity()) / r.capacity()).isLessThanOrEqualTo(0.05);
        assertThat(r.confirmed()).isTrue();
        // the losses above capacity reached the objective through the session's steady-window accounting; the
        // overloaded run's 10 s latency left its window's histogram empty (p99 0), so the loss, not the p99, broke it
        CapacityPoint overloaded = r.points().stream().filter(p -> p.load() == 32_000).findFirst().orElseThrow();
        assertThat(overloaded.judgement().reason()).startsWith("lost ");
        assertThat(overloaded.measurement().p99Micros()).isZero();
        assertThat(overloaded.measurement().deliveredShare()).isZero();
        // delivered = offered below capacity, by the session's own throughput figure
        StepMeasurement first = r.points().getFirst().measurement();
        assertThat(first.deliveredPerSecond()).isCloseTo(1_000.0 * CONNECTIONS,
                org.assertj.core.data.Offset.offset(20.0));
    }
}
