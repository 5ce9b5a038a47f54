package io.pushbench.loadgen.calibrate;

import io.pushbench.analysis.results.Calibration;
import io.pushbench.loadgen.run.EmbeddedServerMain;
import io.pushbench.server.FeedServer;
import io.pushbench.server.ServerConfig;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The loopback floor's two JVMs, and the bare reader against a real pushbench server over both transports. */
class ChildJvmMeasuresTest {
    static Launch launch() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        return new Launch(java, cp, List.of(java, "-cp", cp, EmbeddedServerMain.class.getName()), null, null,
                List.of());
    }

    @Test
    @Timeout(60)
    void loopbackFloorAccountsForEverySeq() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        // a compile warm-up burst of 500 at 10,000 msg/s first: written and accounted, never timed
        Calibration.LoopbackFloor f = LoopbackFloor.run(launch(), 200, CompileWarmup.of(500), Duration.ofMillis(200),
                Duration.ofSeconds(1), 256, log::add);
        assertThat(f.sent()).as(log.toString()).isEqualTo(500 + 240);
        assertThat(f.lost()).isZero();
        assertThat(f.duplicated()).isZero();
        assertThat(f.valid()).isTrue();
        assertThat(f.latencyUs().count()).isEqualTo(200);
        assertThat(f.latencyUs().p50()).isPositive().isLessThan(100_000);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    @Timeout(60)
    void bareReaderReceivesEveryMessageOfEveryConnection(Transport t) throws Exception {
        try (FeedServer server = FeedServer.start(ServerConfig.builder().host("127.0.0.1").port(0).rate(200)
                .payloadBytes(256).build())) {
            InetSocketAddress addr = new InetSocketAddress("127.0.0.1", server.baseUri().getPort());
            Calibration.BareReader b = BareReader.read(addr, t, 5, 200, Duration.ofMillis(300), Duration.ofSeconds(1));
            assertThat(b.transport()).isEqualTo(t);
            assertThat(b.gaps()).as(b.toString()).isZero();
            assertThat(b.duplicated()).isZero();
            assertThat(b.delivered()).as(b.toString()).isBetween(5L * 200 * 8 / 10, 5L * 200 * 12 / 10);
            assertThat(b.latencyUs().count()).isEqualTo(b.delivered());
            assertThat(b.latencyUs().p50()).isPositive().isLessThan(100_000);
            assertThat(b.cpuNsPerMessage()).isPositive();
            assertThat(b.windowSeconds()).isBetween(1.0, 1.5);
        }
    }

    @Test
    @Timeout(60)
    void bareReaderBurstsTheServerThenMeasuresAtTheFeedRate() throws Exception {
        try (FeedServer server = FeedServer.start(ServerConfig.builder().host("127.0.0.1").port(0).rate(200)
                .payloadBytes(256).adminToken("t0k").build())) {
            InetSocketAddress addr = new InetSocketAddress("127.0.0.1", server.baseUri().getPort());
            Calibration.BareReader b = BareReader.read(addr, Transport.SSE, 1, 200, "t0k", CompileWarmup.of(2_000),
                    Duration.ofMillis(300), Duration.ofSeconds(1));
            assertThat(b.gaps()).as(b.toString()).isZero();
            assertThat(b.duplicated()).isZero();
            // the window saw the feed rate again, not the burst's 10,000 msg/s
            assertThat(b.delivered()).as(b.toString()).isBetween(200L * 8 / 10, 200L * 12 / 10);
            assertThat(server.metrics().publishRate()).isEqualTo(200.0);
        }
    }

    @Test
    void aBurstWithoutTheAdminTokenIsRefused() {
        assertThatThrownBy(() -> BareReader.read(new InetSocketAddress("127.0.0.1", 1), Transport.SSE, 1, 100, null,
                CompileWarmup.of(10), Duration.ofMillis(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("admin token");
        assertThatThrownBy(() -> CompileWarmup.of(-1)).hasMessage("compile warm-up messages must be >= 0, was -1");
        assertThat(CompileWarmup.of(20_000).duration()).isEqualTo(Duration.ofSeconds(2));
    }
}
