package io.pushbench.cli.compare;

import io.pushbench.loadgen.results.Percentiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HlogWindowTest {
    @TempDir
    Path tmp;

    @Test
    void selectsTheWindowByIntervalMidpointAndBatchesIt() throws IOException {
        Path f = tmp.resolve("r.hlog");
        ComparisonSummaryTest.writeHlog(f, 1_000_000);
        HlogWindow all = HlogWindow.read(f, 0, 12);
        assertThat(all.intervalCount()).isEqualTo(12);
        assertThat(all.percentiles().max()).isGreaterThan(49_000); // the 50 ms ramp samples

        HlogWindow steady = HlogWindow.read(f, 2, 12);
        assertThat(steady.intervalCount()).isEqualTo(10);
        Percentiles p = steady.percentiles();
        assertThat(p.count()).isEqualTo(10_000);
        assertThat(p.max()).isLessThan(1_100);
        assertThat(steady.batches(5)).hasSize(5).allSatisfy(b -> {
            assertThat(b.get(Metric.THROUGHPUT)).isEqualTo(1000.0);
            assertThat(b.get(Metric.LATENCY_P50)).isBetween(990.0, 1020.0);
        });
    }

    @Test
    void missingOrBrokenLogsAreIoErrors() throws IOException {
        assertThatThrownBy(() -> HlogWindow.read(tmp.resolve("none.hlog"), 0, 1))
                .isInstanceOf(IOException.class).hasMessageStartingWith("no interval log at ");
        Path bad = tmp.resolve("bad.hlog");
        Files.writeString(bad, "0.0,1.0,1.0,notbase64!!\n");
        assertThatThrownBy(() -> HlogWindow.read(bad, 0, 1)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> HlogWindow.read(bad, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
