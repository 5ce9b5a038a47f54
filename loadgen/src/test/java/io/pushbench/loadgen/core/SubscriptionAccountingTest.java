package io.pushbench.loadgen.core;

import io.pushbench.wire.Transport;
import io.pushbench.analysis.results.MessageCounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a subscriber owes from the moment it was accepted: the "subscribed" marker, the schedule fallback for
 * servers without it, resumes, and the steady-window counts. A 100 msg/s feed on a fake clock: seq {@code s} is
 * scheduled at {@code feedStart + (s - 1) * 10 ms}; ramp 1 s, steady 10 s (seqs 101..1100), drain 1 s.
 */
class SubscriptionAccountingTest {
    private static final long MS = 1_000_000L;
    private FakeClock clock;
    private TransportMeter meter;
    private IntervalSampler sampler;
    private long feedStart;

    @BeforeEach
    void setUp() {
        clock = new FakeClock();
        clock.nanos = 1_000_000_000L;
        feedStart = clock.nanos;
        PhaseSchedule s = PhaseSchedule.of(clock.nanos, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(10),
                Duration.ofSeconds(1));
        meter = new TransportMeter(Transport.SSE, LatencyBasis.MONO, clock, s, 100);
        sampler = new IntervalSampler(meter, new FixedProcess(), null, 1, null);
    }

    private long scheduled(long seq) {
        return feedStart + (seq - 1) * 10 * MS;
    }

    /** Receives {@code seqs} 500 µs after their scheduled time (the clock never goes back). */
    private void receive(ConnectionProbe p, long... seqs) {
        for (long seq : seqs) {
            clock.nanos = Math.max(clock.nanos, scheduled(seq) + MS / 2);
            p.onMessage(seq, scheduled(seq), -1, 100, clock.nanos);
        }
    }

    private void receiveRange(ConnectionProbe p, long from, long to) {
        for (long s = from; s <= to; s++) {
            receive(p, s);
        }
    }

    private MeterSummary finish() {
        clock.nanos = Math.max(clock.nanos, meter.schedule().endNanos());
        return sampler.finish();
    }

    @Test
    void subscriberThatGetsTheMarkerAndThenNothingLosesEverythingPublishedSince() {
        ConnectionProbe fast = meter.newProbe();
        ConnectionProbe silent = meter.newProbe();
        fast.onConnectStart(clock.nanos);
        receiveRange(fast, 1, 49);
        silent.onConnectStart(clock.nanos);
        silent.onSubscribed(50, clock.nanos);
        assertThat(silent.resumePoint()).as("a reconnect would ask for 50 on").isEqualTo(49);
        receiveRange(fast, 50, 1150);
        MeterSummary m = finish();
        // fast owes 1..1150; silent owes 50..1150 and got none of it
        assertThat(m.messages()).isEqualTo(new MessageCounts(1150 + 1101, 1150, 1101, 0, 0, 0, 115_000));
        // steady seqs 101..1100: both owe all 1000
        assertThat(m.steadyMessages()).isEqualTo(new MessageCounts(2000, 1000, 1000, 0, 0, 0, 0));
        assertThat(m.invalidReasons()).contains("1101 of 2251 expected messages lost");
    }

    @Test
    void subscriberWithNeitherMarkerNorMessageOwesWhatWasScheduledAfterItWasAccepted() {
        ConnectionProbe fast = meter.newProbe();
        ConnectionProbe observed = meter.newProbe();     // the driver saw its response headers
        ConnectionProbe unobserved = meter.newProbe();   // the driver cannot see acceptance (grace applies)
        ConnectionProbe refused = meter.newProbe();      // failed before being accepted: owes nothing
        receiveRange(fast, 1, 200);
        observed.onConnectStart(clock.nanos);            // just after seq 200's schedule
        clock.nanos += 5 * MS;
        observed.onConnected(clock.nanos);               // accepted between seqs 200 and 201
        unobserved.onConnectStart(clock.nanos);          // + 1 s grace: accepted after seq 300's schedule
        refused.onConnectStart(clock.nanos);
        refused.onClosed(clock.nanos + MS, true);
        receiveRange(fast, 201, 1150);
        MeterSummary m = finish();
        long observedOwes = 1150 - 201 + 1;
        long unobservedOwes = 1150 - 301 + 1;
        assertThat(m.messages().expected()).isEqualTo(1150 + observedOwes + unobservedOwes);
        assertThat(m.messages().lost()).isEqualTo(observedOwes + unobservedOwes);
        assertThat(m.steadyMessages()).isEqualTo(new MessageCounts(1000 + 900 + 800, 1000, 1700, 0, 0, 0, 0));
        assertThat(m.reconnects().failedAttempts()).isEqualTo(1);
    }

    @Test
    void resumeAfterADropOwesTheGapEvenWhenTheMarkerSaysOtherwise() {
        ConnectionProbe fast = meter.newProbe();
        ConnectionProbe p = meter.newProbe();
        p.onConnectStart(clock.nanos);
        p.onSubscribed(1, clock.nanos);
        receiveRange(fast, 1, 300);
        receiveRange(p, 1, 150);
        p.onClosed(clock.nanos, true);
        assertThat(p.resumePoint()).isEqualTo(150);
        p.onConnectStart(clock.nanos);
        // the server replays nothing (and does not say so): its marker's next is 301
        p.onSubscribed(301, clock.nanos);
        receiveRange(fast, 301, 1150);
        receiveRange(p, 301, 1150);
        MeterSummary m = finish();
        assertThat(m.messages()).isEqualTo(new MessageCounts(2300, 2150, 150, 0, 0, 0, 215_000));
        // steady 101..1100: p missed 151..300
        assertThat(m.steadyMessages()).isEqualTo(new MessageCounts(2000, 1850, 150, 0, 0, 0, 0));
        assertThat(m.reconnects().count()).isEqualTo(1);
    }

    @Test
    void duplicatesAfterAResumeAreCountedDuplicatedAndNeverDeliveredNorTimed() {
        ConnectionProbe p = meter.newProbe();
        p.onConnectStart(clock.nanos);
        p.onSubscribed(1, clock.nanos);
        receiveRange(p, 1, 500);
        p.onClosed(clock.nanos, true);
        clock.nanos += 200 * MS;                         // reconnects while 501..520 are published
        p.onConnectStart(clock.nanos);
        p.onSubscribed(521, clock.nanos);
        receive(p, 499, 500);                            // a server that replays two too many
        receiveRange(p, 501, 1150);                      // 501..520 replayed, then live
        MeterSummary m = finish();
        assertThat(m.messages()).isEqualTo(new MessageCounts(1150, 1150, 0, 2, 0, 0, 115_200));
        assertThat(m.steadyMessages()).isEqualTo(new MessageCounts(1000, 1000, 0, 2, 0, 0, 0));
        // latency: first deliveries only; the 20 replayed seqs (scheduled before the reconnect) apart
        assertThat(m.latencyAllUs().count()).isEqualTo(1150 - 20);
        assertThat(m.replayLatencyUs().count()).isEqualTo(20);
        assertThat(m.latencyUs().count()).isEqualTo(1000 - 20);
        // no accounting reason (this fake process has no CPU history, so the CPU rules are not what is tested here)
        assertThat(m.invalidReasons()).noneMatch(r -> r.contains("lost") || r.contains("negative")
                || r.contains("delivered"));
    }

    @Test
    void steadyCountsAreBySchedulingTimeAndWholeRunCountsStayApart() {
        ConnectionProbe p = meter.newProbe();
        p.onConnectStart(clock.nanos);
        p.onSubscribed(1, clock.nanos);
        for (long s = 1; s <= 1150; s++) {
            if (s != 50 && s != 500 && s != 700) {
                receive(p, s);
            }
            if (s == 702) {
                receive(p, 700);                         // late: reordered, delivered
            }
            if (s == 600) {
                receive(p, 600);                         // repeated
            }
        }
        MeterSummary m = finish();
        assertThat(m.messages()).isEqualTo(new MessageCounts(1150, 1148, 2, 1, 1, 0, 114_900));
        assertThat(m.steadyMessages()).isEqualTo(new MessageCounts(1000, 999, 1, 1, 1, 0, 0));
    }

    @Test
    void negativeLatencyOnTheMonoBasisInvalidatesTheRun() {
        ConnectionProbe p = meter.newProbe();
        p.onSubscribed(1, clock.nanos);
        clock.nanos = scheduled(1) + MS;
        p.onMessage(1, scheduled(1) + 2 * MS, -1, 100, clock.nanos);   // stamped 1 ms in the future
        MeterSummary m = finish();
        assertThat(m.diagnostics()).containsEntry("negativeDurations", 1L);
        assertThat(m.invalidReasons()).anyMatch(r -> r.startsWith("1 messages received before their scheduled time"
                + " on the same-host mono basis"));
    }

    @Test
    void negativeLatencyOnTheEpochBasisIsReportedNotInvalidating() {
        PhaseSchedule s = PhaseSchedule.of(clock.nanos, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1),
                Duration.ZERO);
        TransportMeter remote = new TransportMeter(Transport.WS, LatencyBasis.EPOCH, clock, s, 10);
        IntervalSampler rs = new IntervalSampler(remote, new FixedProcess(), null, 1, null);
        ConnectionProbe p = remote.newProbe();
        p.onMessage(1, -1, clock.epochMicros + 3_000, 10, clock.nanos);  // the remote clock is 3 ms ahead
        clock.nanos = s.endNanos();
        MeterSummary m = rs.finish();
        assertThat(m.diagnostics()).containsEntry("negativeDurations", 1L);
        assertThat(m.invalidReasons()).noneMatch(r -> r.contains("scheduled time"));
    }
}
