package io.pushbench.reports;

import io.pushbench.reports.jmh.JmhResults;
import io.pushbench.reports.jmh.JmhScore;
import io.pushbench.reports.jmh.JmhTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reads real JMH 1.37 output (a quick run of our benchmarks: single iterations, so errors are "NaN"). */
class JmhResultsTest {
    private static final Path REAL = Path.of("src/test/resources/jmh/jmh-1.37-quick.json");

    @Test
    void readsScoresUnitsAllocationAndMissingErrors() throws IOException {
        List<JmhScore> scores = JmhResults.read(REAL);
        assertThat(scores).hasSize(4);
        JmhScore ws = scores.stream().filter(s -> s.benchmark().endsWith("wsServerFrame")).findFirst().orElseThrow();
        assertThat(ws.unit()).isEqualTo("ns/op");
        assertThat(ws.mode()).isEqualTo("avgt");
        assertThat(ws.error()).isNaN();
        assertThat(ws.allocBytesPerOp()).isPositive();
        assertThat(ws.higherIsBetter()).isFalse();
        assertThat(ws.key()).isEqualTo("io.pushbench.jmh.bench.FramingBenchmark.wsServerFrame[payloadBytes=256]");
        JmhScore fanout = scores.get(0);
        assertThat(fanout.key()).isEqualTo("io.pushbench.jmh.bench.FanoutBenchmark.encodeOnce"
                + "[payloadBytes=256,subscribers=100,transport=sse]");
    }

    @Test
    void pairsByTransportParameterAndByMethodName() throws IOException {
        JmhTable t = JmhTable.of(JmhResults.read(REAL));
        assertThat(t.other()).isEmpty();
        assertThat(t.pairs()).hasSize(2).allSatisfy(r -> {
            assertThat(r.sse()).isNotNull();
            assertThat(r.ws()).isNotNull();
        });
        JmhTable.Row fanout = t.pairs().stream().filter(r -> r.group().equals("Fanout")).findFirst().orElseThrow();
        assertThat(fanout.params()).containsOnlyKeys("payloadBytes", "subscribers");
        assertThat(fanout.sse().params()).containsEntry("transport", "sse");
        assertThat(fanout.ws().params()).containsEntry("transport", "ws");
        JmhTable.Row framing = t.pairs().stream().filter(r -> r.group().equals("Framing")).findFirst().orElseThrow();
        assertThat(framing.sse().benchmark()).endsWith("sseEvent");
        assertThat(framing.ws().benchmark()).endsWith("wsServerFrame");
    }

    @Test
    void rejectsWhatIsNotJmhJson(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("x.json");
        Files.writeString(f, "{\"benchmark\":1}");
        assertThatThrownBy(() -> JmhResults.read(f)).hasMessageContaining("expected a JSON array");
        Files.writeString(f, "[{\"nope\":1}]");
        assertThatThrownBy(() -> JmhResults.read(f)).hasMessageContaining("entry without benchmark");
    }
}
