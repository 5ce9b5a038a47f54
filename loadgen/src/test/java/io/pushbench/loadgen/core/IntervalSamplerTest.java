package io.pushbench.loadgen.core;

import io.pushbench.wire.Transport;
import io.pushbench.analysis.results.IntervalSample;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Timeline, phases, CPU and validity from synthetic events on an injected clock. */
class IntervalSamplerTest {
    @Test
    void timelinePhasesFanoutAndValidity() {
        FakeClock clock = new FakeClock();
        PhaseSchedule s = PhaseSchedule.of(0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(1));
        TransportMeter meter = new TransportMeter(Transport.WS, LatencyBasis.MONO, clock, s, 10);
        FixedProcess process = new FixedProcess();
        List<IntervalSample> seen = new ArrayList<>();
        IntervalSampler sampler = new IntervalSampler(meter, process, null, 2, seen::add);
        ConnectionProbe a = meter.newProbe();
        ConnectionProbe b = meter.newProbe();
        long seq = 0;
        for (int tick = 1; tick <= 5; tick++) {
            for (int i = 0; i < 10; i++) {
                seq++;
                long published = clock.nanos;
                clock.advanceMillis(1);
                a.onMessage(seq, published, -1, 50, clock.nanos);
                clock.advanceMillis(1);
                b.onMessage(seq, published, -1, 50, clock.nanos);
                clock.advanceMillis(98);
            }
            process.cpuNs += 1_800_000_000L;   // 0.9 of 2 cores: saturated
            sampler.tick();
        }
        MeterSummary m = sampler.finish();
        assertThat(seen).extracting(IntervalSample::phase)
                .startsWith("ramp", "warmup", "steady", "steady", "drain");
        assertThat(seen.get(2).messagesPerSec()).isEqualTo(20.0);
        assertThat(seen.get(2).connections()).isEqualTo(2);
        assertThat(m.messages().lost()).isZero();
        assertThat(m.messages().delivered()).isEqualTo(100);
        assertThat(m.throughput().messagesPerSec()).isEqualTo(20.0);
        // fan-out completes when the second subscriber has it: 2 ms after publish
        assertThat(m.fanoutUs().count()).isEqualTo(20);
        assertThat(m.fanoutUs().p50()).isBetween(1999.0, 2002.0);
        assertThat(m.loadgen().cpuUtilization()).isEqualTo(0.9);
        assertThat(m.loadgen().cpuNsPerMessage()).isEqualTo(2 * 1_800_000_000.0 / 40);
        assertThat(m.invalidReasons()).singleElement().asString().startsWith("load generator CPU saturated: 90%");
    }

    @Test
    void rampIncompleteAndInterruptedAreInvalid() {
        FakeClock clock = new FakeClock();
        PhaseSchedule s = PhaseSchedule.of(0, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(5),
                Duration.ZERO);
        TransportMeter meter = new TransportMeter(Transport.SSE, LatencyBasis.MONO, clock, s, 10);
        IntervalSampler sampler = new IntervalSampler(meter, new FixedProcess(), null, 3, null);
        ConnectionProbe a = meter.newProbe();
        a.onMessage(1, 0, -1, 10, 1);
        clock.advanceMillis(1000);
        sampler.tick();
        clock.advanceMillis(1000);
        MeterSummary m = sampler.finish();
        assertThat(m.steadyComplete()).isFalse();
        assertThat(m.invalidReasons()).contains("interrupted: the steady window did not run to its end",
                "ramp incomplete: 1 of 3 connections open when the steady window began");
    }
}
