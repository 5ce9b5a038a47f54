package io.pushbench.loadgen.llm;

import io.pushbench.loadgen.core.CpuSaturation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's validity rules, on synthetic figures. */
class ClientCostTest {
    private static ClientCost of(double cores, double thread, String pinned, double util, double lagP99Us) {
        return new ClientCost(cores, 2, 10_000, 5_000, "pushbench-llm-3", thread, pinned, util, 100, 300,
                lagP99Us, lagP99Us);
    }

    @Test
    void aClientThatKeptUpIsValid() {
        assertThat(of(0.5, 0.3, "1", 0.6, 2_000).invalidReasons(CpuSaturation.defaults())).isEmpty();
        assertThat(of(0.5, 0.3, null, -1, 10_000).invalidReasons(CpuSaturation.defaults())).isEmpty();
    }

    @Test
    void eachRuleGivesItsReason() {
        CpuSaturation limits = CpuSaturation.defaults();
        assertThat(of(1.8, 0.3, null, -1, 0).invalidReasons(limits))
                .containsExactly("load generator saturated: it used 90% of its 2 cores over the window (limit 85%)");
        assertThat(of(0.9, 0.95, null, -1, 0).invalidReasons(limits)).singleElement().asString()
                .startsWith("load generator thread saturated: its busiest thread 'pushbench-llm-3' used 95%");
        assertThat(of(0.5, 0.3, "1", 0.9, 0).invalidReasons(limits)).singleElement().asString()
                .startsWith("load generator CPUs saturated: pinned CPUs 1 were 90% busy");
        assertThat(of(0.5, 0.3, null, -1, 10_001).invalidReasons(limits)).containsExactly(
                "load generator late: p99 send lag 10.0 ms (limit 10 ms): requests were handed to the client later"
                        + " than scheduled");
        assertThat(of(-1, -1, null, -1, 0).invalidReasons(limits)).containsExactly(
                "load generator CPU unknown over the window: client saturation cannot be judged");
    }

    @Test
    void percentilesAreNearestRank() {
        long[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(ClientCost.percentile(v, 0.5)).isEqualTo(5);
        assertThat(ClientCost.percentile(v, 0.99)).isEqualTo(10);
        assertThat(ClientCost.percentile(new long[0], 0.5)).isEqualTo(-1);
    }
}
