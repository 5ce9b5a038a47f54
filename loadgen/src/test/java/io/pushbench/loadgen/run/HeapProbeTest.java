package io.pushbench.loadgen.run;

import io.pushbench.server.FeedServer;
import io.pushbench.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class HeapProbeTest {

    @Test
    void readsTheLiveHeapWithTheTokenAndNothingWithoutIt() throws Exception {
        try (FeedServer server = FeedServer.start(ServerConfig.builder().host("127.0.0.1").port(0).rate(10)
                .adminToken("t0ken").build())) {
            URI base = server.baseUri();
            HeapProbe.Reading r = new HeapProbe(base, "t0ken").read();
            assertThat(r).isNotNull();
            assertThat(r.heapUsedBytes()).isPositive();
            assertThat(r.connections()).isZero();
            assertThat(new HeapProbe(base, "wrong").read()).isNull();
            assertThat(new HeapProbe(base, null).read()).isNull();
        }
    }

    @Test
    void perConnectionIsTheGrowthOverConnectionsOrUnknown() {
        HeapProbe.Reading idle = new HeapProbe.Reading(100_000_000, 0);
        assertThat(HeapProbe.perConnection(idle, new HeapProbe.Reading(108_000_000, 1000))).isEqualTo(8000.0);
        assertThat(HeapProbe.perConnection(idle, new HeapProbe.Reading(90_000_000, 1000))).isEqualTo(-1);
        assertThat(HeapProbe.perConnection(idle, new HeapProbe.Reading(108_000_000, 0))).isEqualTo(-1);
        assertThat(HeapProbe.perConnection(null, idle)).isEqualTo(-1);
    }
}
