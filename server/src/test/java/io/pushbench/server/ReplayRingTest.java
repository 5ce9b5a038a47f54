package io.pushbench.server;

import io.pushbench.wire.EncodedMessage;
import io.pushbench.wire.FeedMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayRingTest {
    static Published m(long seq) {
        return Published.of(EncodedMessage.of(new FeedMessage(seq, seq, seq), 64));
    }

    @Test
    void replaysAfterTheGivenSeqFromWhatItStillHolds() {
        ReplayRing ring = new ReplayRing(3);
        assertThat(ring.after(0)).isEmpty();
        assertThat(ring.oldestSeq()).isEqualTo(1);
        for (long s = 1; s <= 5; s++) {
            ring.add(m(s));
        }
        assertThat(ring.lastSeq()).isEqualTo(5);
        assertThat(ring.oldestSeq()).isEqualTo(3);
        assertThat(ring.after(3)).extracting(Published::seq).containsExactly(4L, 5L);
        assertThat(ring.after(1)).extracting(Published::seq).containsExactly(3L, 4L, 5L);
        assertThat(ring.after(5)).isEmpty();
        assertThat(ring.after(99)).isEmpty();
    }

    @Test
    void aRestartedRingHoldsNothingBeforeTheLogsTail() {
        ReplayRing ring = new ReplayRing(5, 40); // the log's tail begins at 41
        assertThat(ring.lastSeq()).isEqualTo(40);
        assertThat(ring.oldestSeq()).isEqualTo(41);
        assertThat(ring.after(10)).isEmpty();
        assertThatThrownBy(() -> ring.add(m(1))).hasMessage("ring expects seq 41, got 1");
        ring.add(m(41));
        ring.add(m(42));
        assertThat(ring.oldestSeq()).as("not 42 - 5 + 1: nothing before 41 was ever held").isEqualTo(41);
        assertThat(ring.after(10)).extracting(Published::seq).containsExactly(41L, 42L);
        for (long s = 43; s <= 50; s++) {
            ring.add(m(s));
        }
        assertThat(ring.oldestSeq()).isEqualTo(46);
        assertThat(ring.after(40)).extracting(Published::seq).containsExactly(46L, 47L, 48L, 49L, 50L);
    }

    @Test
    void rejectsGaps() {
        ReplayRing ring = new ReplayRing(3);
        ring.add(m(1));
        assertThatThrownBy(() -> ring.add(m(3))).hasMessage("ring expects seq 2, got 3");
    }
}
