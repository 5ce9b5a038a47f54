package io.pushbench.loadgen.core;

import io.pushbench.wire.Transport;
import io.pushbench.analysis.results.MessageCounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounting on synthetic sequences: every expected message is exactly one of delivered or lost. */
class ConnectionProbeAccountingTest {
    private FakeClock clock;
    private TransportMeter meter;
    private IntervalSampler sampler;
    private FixedProcess process;

    @BeforeEach
    void setUp() {
        clock = new FakeClock();
        clock.nanos = 1_000_000_000L;
        PhaseSchedule s = PhaseSchedule.of(clock.nanos, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(10),
                Duration.ofSeconds(1));
        meter = new TransportMeter(Transport.SSE, LatencyBasis.MONO, clock, s, 100);
        process = new FixedProcess();
        sampler = new IntervalSampler(meter, process, null, 1, null);
    }

    private void receive(ConnectionProbe p, long... seqs) {
        for (long seq : seqs) {
            clock.advanceMillis(1);
            // scheduled 500 µs before receipt
            p.onMessage(seq, clock.nanos - 500_000, -1, 100, clock.nanos);
        }
    }

    private MessageCounts finish() {
        clock.nanos = meter.schedule().endNanos();
        return sampler.finish().messages();
    }

    @Test
    void contiguousSequenceIsFullyDelivered() {
        ConnectionProbe p = meter.newProbe();
        receive(p, 5, 6, 7, 8);
        MessageCounts m = finish();
        assertThat(m).isEqualTo(new MessageCounts(4, 4, 0, 0, 0, 0, 400));
    }

    @Test
    void gapIsLost() {
        ConnectionProbe p = meter.newProbe();
        receive(p, 1, 2, 5, 6);
        assertThat(finish()).isEqualTo(new MessageCounts(6, 4, 2, 0, 0, 0, 400));
    }

    @Test
    void lateArrivalFillingAGapIsReorderedAndDelivered() {
        ConnectionProbe p = meter.newProbe();
        receive(p, 1, 2, 4, 3, 5);
        assertThat(finish()).isEqualTo(new MessageCounts(5, 5, 0, 0, 1, 0, 500));
    }

    @Test
    void repeatIsDuplicatedNotDelivered() {
        ConnectionProbe p = meter.newProbe();
        receive(p, 1, 2, 2, 3, 1);
        assertThat(finish()).isEqualTo(new MessageCounts(3, 3, 0, 2, 0, 0, 500));
    }

    @Test
    void resumeAfterDropContinuesTheSameRange() {
        ConnectionProbe p = meter.newProbe();
        p.onConnectStart(clock.nanos);
        receive(p, 10, 11, 12);
        clock.advanceMillis(5);
        p.onClosed(clock.nanos, true);
        assertThat(p.resumePoint()).isEqualTo(12);
        clock.advanceMillis(300);
        p.onConnectStart(clock.nanos);
        receive(p, 13, 14, 15);        // replay from the resume point, then live
        IntervalSampler s = sampler;
        MessageCounts m = finish();
        assertThat(m).isEqualTo(new MessageCounts(6, 6, 0, 0, 0, 0, 600));
        assertThat(s.finish().reconnects().count()).isEqualTo(1);
        // outage: last message before (t=3 ms) to first after (t=3+5+300+1 ms)
        assertThat(s.finish().reconnects().outageUs().max()).isBetween(305_000.0, 307_000.0);
    }

    @Test
    void resumeWithoutReplayLeavesTheGapLostAndCountsTheServerSignal() {
        ConnectionProbe p = meter.newProbe();
        receive(p, 1, 2);
        p.onClosed(clock.nanos, true);
        p.onLost(3, 7);
        receive(p, 8, 9);
        MessageCounts m = finish();
        assertThat(m).isEqualTo(new MessageCounts(9, 4, 5, 0, 0, 5, 400));
    }

    @Test
    void subscriberThatStoppedReceivingIsChargedUpToTheCut() {
        ConnectionProbe fast = meter.newProbe();
        ConnectionProbe stuck = meter.newProbe();
        receive(fast, 1, 2, 3);
        receive(stuck, 1);
        receive(fast, 4, 5);
        MessageCounts m = finish();
        // cut = 5 (newest seq seen): stuck expected 1..5 and got 1
        assertThat(m.expected()).isEqualTo(10);
        assertThat(m.delivered()).isEqualTo(6);
        assertThat(m.lost()).isEqualTo(4);
    }

    @Test
    void messagesOlderThanTheWindowCountAsDuplicates() {
        ConnectionProbe p = meter.newProbe();
        receive(p, 1, 2);
        receive(p, 2 + ConnectionProbe.WINDOW + 10);
        receive(p, 3);  // filled a gap, but older than the window: cannot tell, counted as duplicated
        MessageCounts m = finish();
        // owed 1..1036, delivered 1, 2 and 1036; 3..1035 stay lost even though 3 came (too late to tell)
        assertThat(m).isEqualTo(new MessageCounts(2 + ConnectionProbe.WINDOW + 10, 3,
                ConnectionProbe.WINDOW + 9, 1, 0, 0, 400));
    }

    @Test
    void malformedSeqIsIgnoredAndCounted() {
        ConnectionProbe p = meter.newProbe();
        receive(p, 1);
        p.onMessage(-1, 0, 0, 10, clock.nanos);
        assertThat(meter.malformed()).isEqualTo(1);
        assertThat(finish()).isEqualTo(new MessageCounts(1, 1, 0, 0, 0, 0, 100));
    }

    @Test
    void latencyIsReceiveMinusScheduledMonoInTheSteadyWindowOnly() {
        ConnectionProbe p = meter.newProbe();
        p.onMessage(1, clock.nanos - 2_000_000, -1, 10, clock.nanos);      // ramp: not in the headline
        clock.advanceMillis(1500);                                       // steady from t = 1 s
        p.onMessage(2, clock.nanos - 250_000, -1, 10, clock.nanos);
        clock.nanos = meter.schedule().endNanos();
        MeterSummary s = sampler.finish();
        assertThat(s.latencyUs().count()).isEqualTo(1);
        assertThat(s.latencyUs().max()).isBetween(249.9, 250.2);
        assertThat(s.latencyAllUs().count()).isEqualTo(2);
        assertThat(s.throughput().messagesPerSec()).isEqualTo(0.1);     // 1 message over the 10 s window
    }

    @Test
    void epochBasisUsesTheWallClockAndTs() {
        PhaseSchedule s = PhaseSchedule.of(clock.nanos, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1),
                Duration.ZERO);
        TransportMeter remote = new TransportMeter(Transport.WS, LatencyBasis.EPOCH, clock, s, 10);
        IntervalSampler rs = new IntervalSampler(remote, process, null, 1, null);
        ConnectionProbe p = remote.newProbe();
        p.onMessage(1, -1, clock.epochMicros - 3_000, 10, clock.nanos);
        clock.nanos = s.endNanos();
        assertThat(rs.finish().latencyUs().max()).isBetween(2999.0, 3002.0);
    }

    @Test
    void firstMessageAndConnectTimesAreMeasuredFromTheConnectStart() {
        ConnectionProbe p = meter.newProbe();
        p.onConnectStart(clock.nanos);
        clock.advanceMillis(2);
        p.onConnected(clock.nanos);
        clock.advanceMillis(40);
        p.onMessage(1, clock.nanos, -1, 10, clock.nanos);
        clock.nanos = meter.schedule().endNanos();
        MeterSummary s = sampler.finish();
        assertThat(s.connectUs().max()).isBetween(1999.0, 2002.0);
        assertThat(s.firstMessageUs().max()).isBetween(41_990.0, 42_030.0);
    }
}
