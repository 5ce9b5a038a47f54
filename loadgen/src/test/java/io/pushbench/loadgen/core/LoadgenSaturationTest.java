package io.pushbench.loadgen.core;

import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The load generator's CPU-saturation rules on synthetic figures and an injected clock: the busiest thread, the
 * pinned CPUs from a fake {@code /proc/stat}, and unknown figures.
 */
class LoadgenSaturationTest {
    /** Ramp 1 s, steady 2 s (ticks 1..3), drain 1 s; one subscriber receiving 10 msg/s; CPU advanced per tick. */
    private static MeterSummary run(FixedProcess process, long processNsPerTick, long threadNsPerTick,
                                    List<String> procStatPerTick) {
        FakeClock clock = new FakeClock();
        PhaseSchedule s = PhaseSchedule.of(0, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(2),
                Duration.ofSeconds(1));
        TransportMeter meter = new TransportMeter(Transport.SSE, LatencyBasis.MONO, clock, s, 10);
        IntervalSampler sampler = new IntervalSampler(meter, process, null, 1, null);
        ConnectionProbe a = meter.newProbe();
        long seq = 0;
        for (int tick = 1; tick <= 4; tick++) {
            for (int i = 0; i < 10; i++) {
                long published = clock.nanos;
                clock.advanceMillis(1);
                a.onMessage(++seq, published, -1, 50, clock.nanos);
                clock.advanceMillis(99);
            }
            process.cpuNs += processNsPerTick;
            process.threadCpuNs += threadNsPerTick;
            if (procStatPerTick != null) {
                process.procStat = procStatPerTick.get(tick);
            }
            sampler.tick();
        }
        return sampler.finish();
    }

    @Test
    void busiestThreadSaturatedWhileTheProcessAverageIsLow() {
        FixedProcess p = new FixedProcess();
        p.cores = 8;
        // the process uses 1 core of 8 (12.5%), all of it on one thread at 0.95 of a core
        MeterSummary m = run(p, 1_000_000_000L, 950_000_000L, null);
        assertThat(m.loadgen().cpuUtilization()).isEqualTo(0.125);
        assertThat(m.loadgen().busiestThread()).isEqualTo("loop-1");
        assertThat(m.loadgen().busiestThreadCpuCores()).isEqualTo(0.95);
        assertThat(m.invalidReasons()).containsExactly("load generator thread saturated: its busiest thread 'loop-1'"
                + " used 95% of a core over the steady window (limit 90%)");
    }

    @Test
    void busyThreadBelowTheLimitIsValid() {
        MeterSummary m = run(new FixedProcess(), 1_000_000_000L, 850_000_000L, null);
        assertThat(m.loadgen().busiestThreadCpuCores()).isEqualTo(0.85);
        assertThat(m.invalidReasons()).isEmpty();
    }

    @Test
    void pinnedCpusSaturatedFromProcStat() {
        FixedProcess p = new FixedProcess();
        p.cores = 1;
        p.pinned = CpuSet.parse("1");
        // cpu1 gains 90 busy ticks (user 60, system 20, irq 5, softirq 5) and 10 idle ticks per second
        List<String> stats = List.of(0, 1, 2, 3, 4).stream().map(t -> "cpu  1 2 3 4 5 6 7 8 9 10\n"
                + "cpu0 " + 5 * t + " 0 0 " + 95 * t + " 0 0 0 0 0 0\n"
                + "cpu1 " + 60 * t + " 0 " + 20 * t + " " + 10 * t + " 0 " + 5 * t + " " + 5 * t + " 0 0 0\n"
                + "ctxt 12345\n").toList();
        MeterSummary m = run(p, 300_000_000L, 100_000_000L, stats);
        assertThat(m.loadgen().pinnedCpus()).isEqualTo("1");
        assertThat(m.loadgen().pinnedCpuUtilization()).isEqualTo(0.9);
        assertThat(m.invalidReasons()).containsExactly("load generator CPUs saturated: pinned CPUs 1 were 90% busy"
                + " over the steady window (limit 85%)");
    }

    @Test
    void unknownFiguresAreReasonsOnlyWhereARuleNeedsThem() {
        FixedProcess pinnedBlind = new FixedProcess();
        pinnedBlind.pinned = CpuSet.parse("0-1");   // pinned, but /proc/stat unreadable
        assertThat(run(pinnedBlind, 0, 0, null).invalidReasons()).containsExactly("load generator pinned to CPUs"
                + " 0-1, but their utilisation over the steady window is unknown (/proc/stat unreadable): CPU"
                + " saturation cannot be judged");
        FixedProcess notPinned = new FixedProcess();   // no /proc/stat, not needed
        MeterSummary m = run(notPinned, 0, 0, null);
        assertThat(m.loadgen().pinnedCpuUtilization()).isEqualTo(-1);
        assertThat(m.invalidReasons()).isEmpty();
        ProcessProbe noThreads = new ProcessProbe() {
            @Override
            public Sample sample() {
                return new Sample(0, 0, 0, 0, 1);
            }

            @Override
            public int availableCores() {
                return 2;
            }
        };
        FakeClock clock = new FakeClock();
        PhaseSchedule s = PhaseSchedule.of(0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO);
        TransportMeter meter = new TransportMeter(Transport.WS, LatencyBasis.MONO, clock, s, 10);
        IntervalSampler sampler = new IntervalSampler(meter, noThreads, null, 1, null);
        meter.newProbe().onMessage(1, 0, -1, 10, 1);
        sampler.tick();
        clock.advanceMillis(1000);
        assertThat(sampler.finish().invalidReasons()).contains("load generator thread CPU unknown (the JVM reports"
                + " no per-thread CPU time, or the steady window was empty): busiest-thread saturation cannot be"
                + " judged");
    }

    @Test
    void procStatAndCpuListsParse() {
        String before = "cpu  9 9 9 9 9 9 9 9 9 9\ncpu0 100 0 50 800 50 0 0 0 7 0\ncpu1 10 0 0 990 0 0 0 0 0 0\n";
        String after = "cpu  9 9 9 9 9 9 9 9 9 9\ncpu0 180 0 70 890 60 0 0 0 70 0\ncpu1 20 0 0 1080 0 0 0 0 0 0\n";
        ProcStat a = ProcStat.parse(before);
        ProcStat b = ProcStat.parse(after);
        // cpu0: busy +100 (user 80, system 20; guest not counted again), idle+iowait +100
        assertThat(b.utilizationSince(a, CpuSet.parse("0"))).isEqualTo(0.5);
        assertThat(b.utilizationSince(a, CpuSet.parse("0-1"))).isEqualTo(110.0 / 300);
        assertThat(b.utilizationSince(a, CpuSet.parse("2"))).isEqualTo(-1);
        assertThat(b.utilizationSince(null, CpuSet.parse("0"))).isEqualTo(-1);
        assertThat(CpuSet.parse("0,2-3").size()).isEqualTo(3);
        assertThat(CpuSet.parse("1").isStrictSubsetOf(CpuSet.parse("0-1"))).isTrue();
        assertThat(CpuSet.parse("0-1").isStrictSubsetOf(CpuSet.parse("0-1"))).isFalse();
        assertThatThrownBy(() -> CpuSet.parse("1-x")).hasMessage("CPU list must look like 0 or 0-1 or 0,2-3, was '1-x'");
        assertThatThrownBy(() -> CpuSet.parse("3-1")).hasMessage("CPU range '3-1' in '3-1' must be a..b with a <= b"
                + " <= 4095");
    }
}
