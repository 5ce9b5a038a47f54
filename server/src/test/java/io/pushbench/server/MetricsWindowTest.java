package io.pushbench.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /metrics} is monotonic: two reads difference into a window's late messages and maximum lag, whatever was
 * read in between, and it lists every thread's CPU time. No sockets, no sleeping.
 */
class MetricsWindowTest {
    private static Histogram lags(JsonNode metrics) throws Exception {
        byte[] bytes = Base64.getDecoder().decode(metrics.path("publisherLagHistogramNs").asText());
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
    }

    @Test
    void twoReadsDifferenceIntoTheWindowsLagAndLateMessages() throws Exception {
        ServerMetrics m = new ServerMetrics();
        ServerConfig config = ServerConfig.builder().build();
        m.published(1, 9_000_000, true);            // before the window: 9 ms late
        ObjectNode first = MetricsHandler.snapshot(m, config);
        m.published(2, 200_000, false);
        MetricsHandler.snapshot(m, config);          // someone else reads in between: nothing is reset
        m.published(3, 6_000_000, true);
        m.published(4, 100_000, false);
        ObjectNode second = MetricsHandler.snapshot(m, config);

        assertThat(second.path("publisherLateMessages").asLong() - first.path("publisherLateMessages").asLong())
                .isEqualTo(1);
        assertThat(second.path("publisherLateThresholdUs").asDouble()).isEqualTo(5000.0);
        Histogram window = lags(second);
        window.subtract(lags(first));
        assertThat(window.getTotalCount()).isEqualTo(3);
        assertThat(window.getMaxValue()).isBetween(6_000_000L, 6_010_000L);   // not the run-wide 9 ms
        assertThat(second.path("publisherLagUs").path("max").asDouble()).isEqualTo(9000.0);
    }

    @Test
    void listsTheCpuTimeOfEveryThread() {
        JsonNode threads = MetricsHandler.snapshot(new ServerMetrics(), ServerConfig.builder().build())
                .path("process").path("threadCpu");
        assertThat(threads.isArray()).isTrue();
        assertThat(threads).isNotEmpty();
        String me = Thread.currentThread().getName();
        assertThat(threads).anySatisfy(t -> {
            assertThat(t.path("name").asText()).isEqualTo(me);
            assertThat(t.path("id").asLong()).isEqualTo(Thread.currentThread().threadId());
            assertThat(t.path("cpuNs").asLong()).isPositive();
        });
    }
}
