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
    void rejectsGaps() {
        ReplayRing ring = new ReplayRing(3);
        ring.add(m(1));
        assertThatThrownBy(() -> ring.add(m(3))).hasMessage("ring expects seq 2, got 3");
    }
}
