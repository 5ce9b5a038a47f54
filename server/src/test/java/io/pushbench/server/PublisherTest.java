package io.pushbench.server;

import io.pushbench.wire.EncodedMessage;
import io.pushbench.wire.FeedJson;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The publisher's schedule and lag accounting, on an injected clock (no sleeping, no sockets). */
class PublisherTest {
    static final long T0 = 1_000_000_000L;
    static final long EPOCH0 = 1_700_000_000_000_000L;

    static final class FakeClock implements NanoClock {
        long now = T0;

        @Override
        public long nanoTime() {
            return now;
        }
    }

    final FakeClock clock = new FakeClock();
    final List<EncodedMessage> sent = new ArrayList<>();
    final ServerMetrics metrics = new ServerMetrics();

    Publisher publisher(Schedule s) {
        return new Publisher(s, 128, clock, () -> EPOCH0, sent::add, metrics);
    }

    @Test
    void fixedRateMessageIIsDueAtT0PlusIOverRate() {
        Publisher p = publisher(Schedule.fixedRate(100)); // 10 ms interval
        assertThat(p.publishDue()).isEqualTo(T0 + 10_000_000L);
        assertThat(sent).hasSize(1);
        clock.now = T0 + 9_999_999L;
        assertThat(p.publishDue()).isEqualTo(T0 + 10_000_000L);
        assertThat(sent).hasSize(1);
        clock.now = T0 + 10_000_000L;
        assertThat(p.publishDue()).isEqualTo(T0 + 20_000_000L);
        assertThat(sent).extracting(EncodedMessage::seq).containsExactly(1L, 2L);
        for (EncodedMessage m : sent) {
            long i = m.seq() - 1;
            assertThat(m.message().mono()).isEqualTo(T0 + i * 10_000_000L);
            assertThat(m.message().ts()).isEqualTo(EPOCH0 + i * 10_000L);
            assertThat(m.json()).hasSize(128);
            assertThat(FeedJson.longField(new String(m.json(), java.nio.charset.StandardCharsets.US_ASCII), FeedJson.SEQ))
                    .isEqualTo(m.seq());
        }
        assertThat(metrics.lateMessages()).isZero();
        assertThat(metrics.lagMaxNanos()).isZero();
    }

    @Test
    void rescheduleStartsTheNewRateAtTheChangeWithoutAGapOrARepeatedInstant() {
        Publisher p = publisher(Schedule.fixedRate(100)); // 10 ms
        p.publishDue();                                   // seq 1 at T0
        clock.now = T0 + 15_000_000L;
        p.publishDue();                                   // seq 2 at T0 + 10 ms
        p.reschedule(Schedule.fixedRate(1_000));          // 1 ms from the change at T0 + 15 ms
        assertThat(p.publishDue()).isEqualTo(T0 + 16_000_000L);
        clock.now = T0 + 18_500_000L;
        assertThat(p.publishDue()).isEqualTo(T0 + 19_000_000L);
        assertThat(sent).extracting(EncodedMessage::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(sent).extracting(m -> m.message().mono()).containsExactly(T0, T0 + 10_000_000L,
                T0 + 15_000_000L, T0 + 16_000_000L, T0 + 17_000_000L, T0 + 18_000_000L);
        // the epoch stamp follows the same scheduled instants
        assertThat(sent.get(2).message().ts()).isEqualTo(EPOCH0 + 15_000L);
        assertThat(metrics.lateMessages()).isZero();
    }

    @Test
    void rescheduleFirstPublishesWhatTheOldScheduleOwedAndCountsItLate() {
        Publisher p = publisher(Schedule.fixedRate(100)); // 10 ms
        p.publishDue();                                   // seq 1 at T0
        clock.now = T0 + 35_000_000L;                     // the publisher was away: 10, 20, 30 ms are overdue
        p.reschedule(Schedule.fixedRate(1_000));
        assertThat(p.publishDue()).isEqualTo(T0 + 36_000_000L);
        assertThat(sent).extracting(m -> m.message().mono()).containsExactly(T0, T0 + 10_000_000L,
                T0 + 20_000_000L, T0 + 30_000_000L, T0 + 35_000_000L);
        assertThat(metrics.lateMessages()).isEqualTo(2); // 25 and 15 ms late; 5 ms is not over the threshold
    }

    @Test
    void fixedRateDoesNotDriftOverManyMessages() {
        Schedule s = Schedule.fixedRate(3); // 333,333,333.33 ns: an interval that does not divide evenly
        long last = 0;
        for (int i = 0; i < 3_000_001; i++) {
            last = s.nextOffsetNanos();
        }
        assertThat(last).isEqualTo(1_000_000_000_000_000L); // index 3,000,000 at exactly 1,000,000 s
    }

    @Test
    void behindScheduleKeepsScheduledTimesAndCountsLag() {
        Publisher p = publisher(Schedule.fixedRate(10)); // 100 ms interval
        clock.now = T0 + 350_000_000L;                  // a 350 ms stall before the first run
        assertThat(p.publishDue()).isEqualTo(T0 + 400_000_000L);
        assertThat(sent).extracting(m -> m.message().mono())
                .containsExactly(T0, T0 + 100_000_000L, T0 + 200_000_000L, T0 + 300_000_000L);
        assertThat(metrics.published()).isEqualTo(4);
        assertThat(metrics.lastSeq()).isEqualTo(4);
        assertThat(metrics.lagMaxNanos()).isEqualTo(350_000_000L);
        assertThat(metrics.lagCurrentNanos()).isEqualTo(50_000_000L);
        assertThat(metrics.lateMessages()).isEqualTo(4);
        clock.now = T0 + 400_000_000L + 500_000L; // within the late threshold
        p.publishDue();
        assertThat(metrics.lagCurrentNanos()).isEqualTo(500_000L);
        assertThat(metrics.lateMessages()).isEqualTo(4);
    }

    @Test
    void aRestartedPublisherContinuesTheSeqsWithTheFirstMessageDueAtItsStart() {
        Publisher p = new Publisher(Schedule.fixedRate(100), 128, clock, () -> EPOCH0, sent::add, metrics, 501);
        clock.now = T0 + 10_000_000L;
        p.publishDue();
        assertThat(sent).extracting(EncodedMessage::seq).containsExactly(501L, 502L);
        assertThat(sent).extracting(m -> m.message().mono()).containsExactly(T0, T0 + 10_000_000L);
        assertThat(metrics.lastSeq()).isEqualTo(502);
        assertThatThrownBy(() -> new Publisher(Schedule.fixedRate(1), 1, clock, () -> 0, sent::add, metrics, 0))
                .hasMessage("firstSeq must be >= 1, was 0");
    }

    @Test
    void aSinkThatThrowsGetsTheSameMessageAgainSoSeqsStayGapFree() {
        boolean[] fail = {true};
        Publisher p = new Publisher(Schedule.fixedRate(100), 128, clock, () -> EPOCH0, m -> {
            if (fail[0] && m.seq() == 2) {
                throw new java.io.UncheckedIOException(new java.io.IOException("disk full"));
            }
            sent.add(m);
        }, metrics);
        clock.now = T0 + 10_000_000L;
        assertThatThrownBy(p::publishDue).hasMessageContaining("disk full");
        assertThat(sent).extracting(EncodedMessage::seq).containsExactly(1L);
        assertThat(metrics.published()).isEqualTo(1);
        fail[0] = false;
        clock.now = T0 + 15_000_000L;           // retried 5 ms late: same seq, same scheduled time, counted as lag
        p.publishDue();
        assertThat(sent).extracting(EncodedMessage::seq).containsExactly(1L, 2L);
        assertThat(sent.get(1).message().mono()).isEqualTo(T0 + 10_000_000L);
        assertThat(metrics.lagCurrentNanos()).isEqualTo(5_000_000L);
    }

    @Test
    void poissonIsDeterministicForASeedAndHasTheMeanRate() {
        Schedule a = Schedule.poisson(1_000, 42);
        Schedule b = Schedule.poisson(1_000, 42);
        Schedule c = Schedule.poisson(1_000, 43);
        long last = 0;
        boolean differs = false;
        for (int i = 0; i < 100_000; i++) {
            long x = a.nextOffsetNanos();
            assertThat(b.nextOffsetNanos()).isEqualTo(x);
            differs |= c.nextOffsetNanos() != x;
            assertThat(x).isGreaterThanOrEqualTo(last);
            last = x;
        }
        assertThat(differs).isTrue();
        // 99,999 gaps of mean 1 ms: the sum is within 2% of 99.999 s (about 6 standard deviations)
        assertThat(last / 1e9).isCloseTo(99.999, org.assertj.core.data.Percentage.withPercentage(2));
    }

    @Test
    void poissonPublisherUsesTheScheduleInstants() {
        Schedule ref = Schedule.poisson(100, 7);
        List<Long> due = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            due.add(T0 + ref.nextOffsetNanos());
        }
        Publisher p = publisher(Schedule.poisson(100, 7));
        clock.now = due.get(49);
        p.publishDue();
        assertThat(sent).extracting(m -> m.message().mono()).containsExactlyElementsOf(due);
    }

    @Test
    void rateMustBePositive() {
        assertThatThrownBy(() -> Schedule.fixedRate(-3)).hasMessage("rate must be > 0, was -3.0");
        assertThatThrownBy(() -> Schedule.poisson(0, 1)).hasMessage("rate must be > 0, was 0.0");
    }

    @Test
    void spinBeforeDueTimeIsBoundedByTheIntervalAndAQuarterMillisecond() {
        assertThat(Publisher.spinNanos(10_000_000L)).isEqualTo(250_000L);   // 100 msg/s: 250 µs of 10 ms
        assertThat(Publisher.spinNanos(1_000_000L)).isEqualTo(100_000L);    // 1,000 msg/s: a tenth
        assertThat(Publisher.spinNanos(100_000L)).isEqualTo(10_000L);       // 10,000 msg/s
        assertThat(Publisher.spinNanos(0)).isZero();
        assertThat(Publisher.spinNanos(-5)).isZero();
    }
}
