package io.pushbench.loadgen.memory;

import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.loadgen.driver.DriverConfig;
import io.pushbench.loadgen.driver.LoadSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Phases, accounting and sampling through the driver SPI without sockets: 10 subscribers over a 2 s ramp, 1 s
 * warm-up, 5 s steady window and 1 s drain at 100 msg/s, simulated; every figure exact.
 */
class InMemoryDriverTest {
    @TempDir
    Path dir;

    private static final int N = 10;
    private static final long LATENCY = 2_000_000;

    private RunResult run(InMemoryDriver.Faults faults) throws Exception {
        SimulatedClock clock = new SimulatedClock();
        DriverConfig c = DriverConfig.builder().driver(Driver.IN_MEMORY).connections(N).rate(100).payloadBytes(64)
                .ramp(Duration.ofSeconds(2)).warmup(Duration.ofSeconds(1)).duration(Duration.ofSeconds(5))
                .drain(Duration.ofSeconds(1)).connectProbeRate(0).runId("mem").outDir(dir).build();
        LoadSession s = InMemoryDriver.session(c, clock, new PrintStream(new ByteArrayOutputStream()));
        new InMemoryDriver(clock, LATENCY, faults).run(s);
        return s.finish(0);
    }

    @Test
    void aCleanRunDeliversEveryOwedMessageAtTheGivenLatency() throws Exception {
        RunResult r = run((sub, seq) -> InMemoryDriver.Fate.DELIVER);
        assertThat(r.driver()).isEqualTo(Driver.IN_MEMORY);
        assertThat(r.messages().lost()).isZero();
        assertThat(r.messages().delivered()).isEqualTo(r.messages().expected());
        // every subscriber owes the whole 5 s steady window: 500 seqs each
        assertThat(r.steadyMessages().expected()).isEqualTo(N * 500L);
        assertThat(r.steadyMessages().delivered()).isEqualTo(N * 500L);
        assertThat(r.latencyUs().p50()).isCloseTo(2000.0, org.assertj.core.data.Offset.offset(2.0));
        assertThat(r.latencyUs().max()).isCloseTo(2000.0, org.assertj.core.data.Offset.offset(2.0));
        assertThat(r.connectionsPeak()).isEqualTo(N);
        assertThat(r.timeline()).hasSizeGreaterThanOrEqualTo(9);
    }

    @Test
    void gapsDuplicatesAndASilentSubscriberAreCountedExactly() throws Exception {
        RunResult r = run((sub, seq) -> sub == 0 && seq % 100 == 0 ? InMemoryDriver.Fate.LOSE
                : sub == 1 && seq % 50 == 0 ? InMemoryDriver.Fate.DUPLICATE
                : sub == 2 && seq > 300 ? InMemoryDriver.Fate.LOSE        // silent after 3 s: still owes the rest
                : InMemoryDriver.Fate.DELIVER);
        // the steady window holds the seqs scheduled in [3 s, 8 s): 301..800
        assertThat(r.steadyMessages().expected()).isEqualTo(N * 500L);
        assertThat(r.steadyMessages().duplicated()).as("subscriber 1: 350, 400, ... 800").isEqualTo(10);
        assertThat(r.steadyMessages().lost()).as("subscriber 0: 400, 500, ... 800; subscriber 2: all 500")
                .isEqualTo(5 + 500);
        assertThat(r.messages().lost()).isEqualTo(r.messages().expected() - r.messages().delivered());
    }

    @Test
    void aDropWithResumeLosesNothingAndTimesTheReplayApart() throws Exception {
        RunResult r = run((sub, seq) -> seq == 600 && sub < 5 ? InMemoryDriver.Fate.DROP_BEFORE
                : sub < 5 && seq > 590 && seq < 600 ? InMemoryDriver.Fate.LOSE     // lost on the dying connection
                : InMemoryDriver.Fate.DELIVER);
        assertThat(r.messages().lost()).isZero();
        assertThat(r.messages().duplicated()).isZero();
        assertThat(r.reconnects().count()).isEqualTo(5);
        assertThat(r.messages().delivered()).isEqualTo(r.messages().expected());
    }

    @Test
    void refusesAnotherClock() throws Exception {
        DriverConfig c = DriverConfig.builder().driver(Driver.IN_MEMORY).connectProbeRate(0).outDir(dir).build();
        LoadSession s = InMemoryDriver.session(c, new SimulatedClock(), new PrintStream(new ByteArrayOutputStream()));
        assertThatThrownBy(() -> new InMemoryDriver(new SimulatedClock(), 0, (a, b) -> InMemoryDriver.Fate.DELIVER)
                .run(s)).hasMessageContaining("SimulatedClock");
    }
}
