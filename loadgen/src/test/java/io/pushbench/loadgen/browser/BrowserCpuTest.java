package io.pushbench.loadgen.browser;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BrowserCpuTest {
    private static ChromiumBrowser.ProcessCpu cpu(long nanos, boolean renderer) {
        return new ChromiumBrowser.ProcessCpu(nanos, renderer);
    }

    @Test
    void countsWhatEachProcessUsedInBetween() {
        Map<Long, ChromiumBrowser.ProcessCpu> before = Map.of(1L, cpu(100, false), 2L, cpu(50, true),
                3L, cpu(900, false));                   // 3 ends before the second reading: its time is gone
        Map<Long, ChromiumBrowser.ProcessCpu> after = Map.of(1L, cpu(160, false), 2L, cpu(80, true),
                4L, cpu(20, true));                     // 4 started in between: all of its time counts
        assertThat(ChromiumBrowser.cpuSince(before, after)).containsExactly(60 + 30 + 20, 30 + 20);
    }

    @Test
    void neverNegative() {
        assertThat(ChromiumBrowser.cpuSince(Map.of(7L, cpu(500, false)), Map.of(7L, cpu(400, false))))
                .containsExactly(0, 0);
    }
}
