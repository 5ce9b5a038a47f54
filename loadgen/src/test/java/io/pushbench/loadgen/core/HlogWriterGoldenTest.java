package io.pushbench.loadgen.core;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The .hlog writer against a golden file, read back by HdrHistogram's reader and its log processor: the latency
 * series is untagged (the processor needs no {@code -tag}), the replay series is tagged.
 */
class HlogWriterGoldenTest {
    @TempDir
    Path dir;

    private static Histogram interval(long from, long count) {
        Histogram h = new Histogram(1, TransportMeter.HIGHEST_NANOS, TransportMeter.DIGITS);
        for (long i = 0; i < count; i++) {
            h.recordValue(from + i * 1_000);
        }
        return h;
    }

    private Path write() throws Exception {
        Path file = dir.resolve("run-1.hlog");
        TimeZone saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));   // the StartTime comment carries a formatted date
        try (HlogWriter w = HlogWriter.create(file, "run-1", 1_700_000_000_000L, "transport=sse")) {
            w.interval(0.0, 1.0, interval(50_000, 100));
            w.interval(1.0, 2.0, interval(80_000, 200));
            w.interval(HlogWriter.REPLAY_TAG, 1.0, 2.0, interval(2_000_000, 7));
            w.interval(2.0, 3.0, interval(0, 0));
        } finally {
            TimeZone.setDefault(saved);
        }
        return file;
    }

    @Test
    void matchesGoldenFile() throws Exception {
        String actual = Files.readString(write(), StandardCharsets.US_ASCII);
        if (Boolean.getBoolean("pushbench.golden.update")) {
            Files.writeString(Path.of("src/test/resources/golden/run-1.hlog"), actual);
        }
        String golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/run-1.hlog")) {
            golden = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        assertThat(actual).isEqualTo(golden);
    }

    @Test
    void readsBackWithHistogramLogReader() throws Exception {
        try (HistogramLogReader r = new HistogramLogReader(write().toFile())) {
            Histogram first = (Histogram) r.nextIntervalHistogram();
            assertThat(first.getTag()).isNull();
            assertThat(first.getTotalCount()).isEqualTo(100);
            assertThat(first.getMinValue()).isEqualTo(first.lowestEquivalentValue(50_000));
            assertThat(first.getStartTimeStamp()).isEqualTo(1_700_000_000_000L);
            Histogram second = (Histogram) r.nextIntervalHistogram();
            assertThat(second.getTotalCount()).isEqualTo(200);
            assertThat(second.getStartTimeStamp()).isEqualTo(1_700_000_001_000L);
            Histogram replay = (Histogram) r.nextIntervalHistogram();
            assertThat(replay.getTag()).isEqualTo(HlogWriter.REPLAY_TAG);
            assertThat(replay.getTotalCount()).isEqualTo(7);
            Histogram third = (Histogram) r.nextIntervalHistogram();
            assertThat(third.getTotalCount()).isZero();
            assertThat(r.nextIntervalHistogram()).isNull();
        }
    }

    @Test
    @Timeout(30)
    void histogramLogProcessorSummarisesIt() throws Exception {
        Path log = write();
        Path out = dir.resolve("summary");
        // no -tag: the untagged latency series
        HistogramLogProcessor p = new HistogramLogProcessor(new String[]{"-i", log.toString(), "-o", out.toString(),
                "-outputValueUnitRatio", "1000"});
        p.run();
        String percentiles = Files.readString(Path.of(out + ".hgrm"));
        assertThat(percentiles).contains("Total count    =          300");
        String intervals = Files.readString(out);
        assertThat(intervals.lines().filter(l -> l.matches("\\s*\\d.*")).count()).isEqualTo(3);
        Path replay = dir.resolve("replay");
        new HistogramLogProcessor(new String[]{"-i", log.toString(), "-o", replay.toString(), "-tag",
                HlogWriter.REPLAY_TAG, "-outputValueUnitRatio", "1000"}).run();
        assertThat(Files.readString(Path.of(replay + ".hgrm"))).contains("Total count    =            7");
    }
}
