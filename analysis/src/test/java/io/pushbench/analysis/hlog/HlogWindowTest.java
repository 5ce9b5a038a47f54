package io.pushbench.analysis.hlog;

import io.pushbench.analysis.results.Percentiles;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HlogWindowTest {
    private static final long START_MS = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    /**
     * 12 one-second intervals of the untagged series: 2 s at 50 ms, then {@code steadyNs} +- 5%; plus, when
     * {@code replayTag} is set, a tagged series of 1 s values in the same seconds.
     */
    public static void writeHlog(Path file, long steadyNs, String untaggedOrLegacyTag, String otherTag)
            throws IOException {
        try (PrintStream out = new PrintStream(file.toFile())) {
            HistogramLogWriter w = new HistogramLogWriter(out);
            w.outputStartTime(START_MS);
            w.setBaseTime(START_MS);
            w.outputLegend();
            for (int s = 0; s < 12; s++) {
                Histogram h = new Histogram(3_600_000_000_000L, 3);
                h.setStartTimeStamp(START_MS + s * 1000L);
                h.setEndTimeStamp(START_MS + (s + 1) * 1000L);
                for (int i = 0; i < 1000; i++) {
                    h.recordValue(s < 2 ? 50_000_000 : steadyNs + (i % 11 - 5) * steadyNs / 100 + s * 1000);
                }
                h.setTag(untaggedOrLegacyTag);
                w.outputIntervalHistogram(h);
                if (otherTag != null) {
                    Histogram o = new Histogram(3_600_000_000_000L, 3);
                    o.setStartTimeStamp(START_MS + s * 1000L);
                    o.setEndTimeStamp(START_MS + (s + 1) * 1000L);
                    o.recordValue(1_000_000_000L);
                    o.setTag(otherTag);
                    w.outputIntervalHistogram(o);
                }
            }
        }
    }

    @Test
    void selectsTheWindowByIntervalStartAndBatchesIt() throws IOException {
        Path f = tmp.resolve("r.hlog");
        writeHlog(f, 1_000_000, null, "replay");
        HlogWindow all = HlogWindow.read(f, 0, 12);
        assertThat(all.intervalCount()).isEqualTo(12);
        assertThat(all.percentiles().max()).isGreaterThan(49_000); // the 50 ms ramp samples

        HlogWindow steady = HlogWindow.read(f, 2, 12);
        assertThat(steady.intervalCount()).isEqualTo(10);
        assertThat(steady.seconds()).isEqualTo(10.0);
        Percentiles p = steady.percentiles();
        assertThat(p.count()).isEqualTo(10_000);
        assertThat(p.max()).isLessThan(1_100);   // no replay (tagged) value of 1 s leaks in
        assertThat(steady.batches(5)).hasSize(5).allSatisfy(b -> {
            assertThat(b.messagesPerSec()).isEqualTo(1000.0);
            assertThat(b.latencyUs().p50()).isBetween(990.0, 1020.0);
        });
        // an interval starting exactly at the window's end is outside it
        assertThat(HlogWindow.read(f, 2, 4).intervalCount()).isEqualTo(2);
    }

    @Test
    void otherSeriesAreReadByTag() throws IOException {
        Path f = tmp.resolve("r.hlog");
        writeHlog(f, 1_000_000, null, "replay");
        HlogWindow replay = HlogWindow.read(f, "replay", 2, 12);
        assertThat(replay.intervalCount()).isEqualTo(10);
        assertThat(replay.percentiles().count()).isEqualTo(10);
    }

    @Test
    void legacyLogsWithOnlyTaggedIntervalsAreReadThroughTheirTag() throws IOException {
        Path f = tmp.resolve("v1.hlog");
        writeHlog(f, 1_000_000, "sse-h1-gatling-r1", null);
        assertThat(HlogWindow.read(f, 2, 12).percentiles().count()).isEqualTo(10_000);
    }

    @Test
    void missingOrBrokenLogsAreIoErrors() throws IOException {
        assertThatThrownBy(() -> HlogWindow.read(tmp.resolve("none.hlog"), 0, 1))
                .isInstanceOf(IOException.class).hasMessageStartingWith("no interval log at ");
        Path bad = tmp.resolve("bad.hlog");
        Files.writeString(bad, "0.0,1.0,1.0,notbase64!!\n");
        assertThatThrownBy(() -> HlogWindow.read(bad, 0, 1)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> HlogWindow.read(bad, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window end must be after its start, was 1.0..1.0");
    }
}
