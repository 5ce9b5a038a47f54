package io.pushbench.loadgen.core;

import io.pushbench.analysis.results.Recovery;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Episodes set against faults, with made-up times: no sockets, no clock. */
class RecoveryTrackerTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private static Histogram h() {
        return new Histogram(1, TimeUnit.HOURS.toNanos(1), 3);
    }

    @Test
    void noFaultNoChurnGivesNoRecovery() {
        RecoveryTracker t = new RecoveryTracker();
        t.episode(new RecoveryTracker.Episode(1, 10 * MS, 20 * MS, 30 * MS, true, true, 5 * MS, false));
        assertThat(t.recovery(0, 0, h(), h())).isNull();
    }

    @Test
    void episodesAreTimedFromTheFaultTheyFollow() {
        RecoveryTracker t = new RecoveryTracker();
        t.policy("sync");
        t.fault("drop", "abort 50%", 1_000 * MS);
        t.fault("restart", "SIGKILL", 5_000 * MS);
        // before the first fault (minus the slack): not affected
        t.episode(new RecoveryTracker.Episode(2, 900 * MS, 950 * MS, 960 * MS, true, true, 10 * MS, false));
        // after the drop: back 200 and 300 ms after it; one resumed with a gap
        t.episode(new RecoveryTracker.Episode(3, 1_001 * MS, 1_150 * MS, 1_200 * MS, true, true, 100 * MS, false));
        t.episode(new RecoveryTracker.Episode(4, 1_002 * MS, 1_250 * MS, 1_300 * MS, true, false, 100 * MS, false));
        // after the restart: one back 2 s later, one never
        t.episode(new RecoveryTracker.Episode(5, 5_000 * MS, 6_900 * MS, 7_000 * MS, true, true, 100 * MS, false));
        t.episode(new RecoveryTracker.Episode(6, 5_001 * MS, -1, -1, false, false, 100 * MS, false));
        Recovery r = t.recovery(0, 42, h(), h());
        assertThat(r.faults()).extracting(Recovery.Fault::affected).containsExactly(2L, 2L);
        assertThat(r.faults().get(0).atSec()).isEqualTo(1.0);
        assertThat(r.affected()).isEqualTo(4);
        assertThat(r.notBack()).isEqualTo(1);
        assertThat(r.allBackUs()).isEqualTo(-1);      // someone never came back
        assertThat(r.recoveryUs().count()).isEqualTo(3);
        assertThat(r.recoveryUs().max()).isBetween(1_999_000.0, 2_001_000.0);
        assertThat(r.reconnectUs().count()).isEqualTo(3);
        assertThat(r.resumes()).isEqualTo(3);
        assertThat(r.resumeMismatches()).isEqualTo(1);
        assertThat(r.replayed()).isEqualTo(42);
        assertThat(r.reconnectPolicy()).isEqualTo("sync");
    }

    @Test
    void allBackIsTheSlowestWhenEveryoneCameBack() {
        RecoveryTracker t = new RecoveryTracker();
        t.fault("drop", "close 100%", 100 * MS);
        t.episode(new RecoveryTracker.Episode(7, 100 * MS, 150 * MS, 160 * MS, true, true, 10 * MS, false));
        t.episode(new RecoveryTracker.Episode(8, 101 * MS, 330 * MS, 340 * MS, true, true, 10 * MS, false));
        Recovery r = t.recovery(0, 0, h(), h());
        assertThat(r.notBack()).isZero();
        assertThat(r.allBackUs()).isEqualTo(240_000.0);
    }

    @Test
    void churnedEpisodesAreTimedFromTheirOwnEnd() {
        RecoveryTracker t = new RecoveryTracker();
        t.churn(1_000 * MS);
        t.churn(2_000 * MS);
        t.episode(new RecoveryTracker.Episode(9, 1_000 * MS, 1_100 * MS, 1_120 * MS, true, true, 90 * MS, true));
        t.episode(new RecoveryTracker.Episode(10, 2_000 * MS, 2_050 * MS, 2_060 * MS, true, true, 40 * MS, true));
        Recovery r = t.recovery(0, 0, h(), h());
        assertThat(r.faults()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("churn");
            assertThat(f.affected()).isEqualTo(2);
        });
        assertThat(r.recoveryUs().max()).isBetween(119_000.0, 121_000.0);
        assertThat(r.allBackUs()).isBetween(119_000.0, 121_000.0);
    }

    @Test
    void aSubscriberDroppedAgainAfterItCameBackIsAffectedOnce() {
        RecoveryTracker t = new RecoveryTracker();
        t.fault("drop", "abort 100%", 100 * MS);
        t.episode(new RecoveryTracker.Episode(7, 100 * MS, 150 * MS, 160 * MS, true, true, 10 * MS, false));
        // later dropped again (say, as a slow consumer) and still out at the end: not this fault's doing
        t.episode(new RecoveryTracker.Episode(7, 5_000 * MS, -1, -1, false, false, 10 * MS, false));
        Recovery r = t.recovery(0, 0, h(), h());
        assertThat(r.affected()).isEqualTo(1);
        assertThat(r.notBack()).isZero();
        assertThat(r.allBackUs()).isEqualTo(60_000.0);
    }

    @Test
    void retryPausesAreCheckedAgainstTheRetryValue() {
        RecoveryTracker t = new RecoveryTracker();
        t.fault("drop", "abort", 0);
        t.retry(2_000);
        t.retryPause(2_000, 2_000 * MS);
        t.retryPause(2_000, 150 * MS);
        Recovery r = t.recovery(0, 0, h(), h());
        assertThat(r.retryMs()).isEqualTo(2_000);
        assertThat(r.retryChecked()).isEqualTo(2);
        assertThat(r.retryHonoured()).isEqualTo(1);
    }
}
