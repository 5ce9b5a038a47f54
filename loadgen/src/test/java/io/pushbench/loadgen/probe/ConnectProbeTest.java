package io.pushbench.loadgen.probe;

import io.pushbench.wire.Transport;
import io.pushbench.loadgen.core.NanoClock;
import io.pushbench.server.FeedServer;
import io.pushbench.server.ServerConfig;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The connect probe on real sockets against an embedded feed server. */
class ConnectProbeTest {
    @ParameterizedTest
    @ValueSource(strings = {"sse", "ws"})
    @Timeout(30)
    void measuresConnectsAndLeavesNoSubscriberBehind(String transport) throws Exception {
        try (FeedServer server = FeedServer.start(ServerConfig.builder().host("127.0.0.1").port(0).rate(50)
                .payloadBytes(256).build())) {
            AtomicInteger failureCallbacks = new AtomicInteger();
            Histogram h;
            ConnectProbe probe = ConnectProbe.start(ConnectProbe.Settings.of(Transport.parse(transport), server.baseUri(), 5,
                    Duration.ofSeconds(5)), NanoClock.system(), failureCallbacks::incrementAndGet);
            try {
                Thread.sleep(2000);
            } finally {
                probe.close();
            }
            h = probe.histogram();
            assertNoProbeThreadLeft();
            assertThat(h.getTotalCount()).as(probe.describe().toString()).isGreaterThanOrEqualTo(5);
            assertThat(probe.successes()).isEqualTo(h.getTotalCount());
            // plausible on loopback, even on a busy 2-core machine: above 1 µs, below 5 s (the attempt timeout)
            assertThat(h.getMinValue()).isGreaterThan(1_000);
            assertThat(h.getMaxValue()).isLessThan(TimeUnit.SECONDS.toNanos(5));
            assertThat(probe.failures()).isZero();
            assertThat(failureCallbacks).hasValue(0);
            assertThat(probe.describe()).containsEntry("transport", transport).containsEntry("skipped", 0L);
            // every probe connection was closed right after its headers / 101: nothing stays subscribed
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String metrics;
            do {
                Thread.sleep(100);
                metrics = get(server.baseUri().resolve("/metrics"));
            } while (!metrics.replaceAll("\\s", "").contains("\"total\":0") && System.nanoTime() < deadline);
            assertThat(metrics.replaceAll("\\s", "")).contains("\"total\":0");
        }
    }

    @Test
    @Timeout(30)
    void countsRefusedConnectsAsFailures() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        AtomicInteger failureCallbacks = new AtomicInteger();
        ConnectProbe probe = ConnectProbe.start(ConnectProbe.Settings.of(Transport.WS,
                URI.create("http://127.0.0.1:" + port), 10, Duration.ofSeconds(2)), NanoClock.system(),
                failureCallbacks::incrementAndGet);
        try {
            Thread.sleep(600);
        } finally {
            probe.close();
        }
        assertThat(probe.successes()).isZero();
        assertThat(probe.failures()).isPositive().isEqualTo(failureCallbacks.get());
        assertThat((Long) probe.describe().get("refused")).as(probe.describe().toString())
                .isEqualTo(probe.failures());
        assertThat(probe.histogram().getTotalCount()).isZero();
        assertNoProbeThreadLeft();
    }

    @Test
    void validatesSettingsWithOneLineMessages() {
        URI u = URI.create("http://127.0.0.1:1");
        assertThatThrownBy(() -> new ConnectProbe.Settings(null, u, 2, 1000))
                .hasMessage("connect probe needs a transport");
        assertThatThrownBy(() -> new ConnectProbe.Settings(Transport.SSE, u, 0, 1000))
                .hasMessage("connect probe rate must be > 0 and <= 1000 /s, was 0.0");
        assertThatThrownBy(() -> new ConnectProbe.Settings(Transport.SSE, u, 2, 0))
                .hasMessage("connect probe timeout must be > 0 ms, was 0");
        assertThatThrownBy(() -> new ConnectProbe.Settings(Transport.SSE, URI.create("https://x"), 2, 10))
                .hasMessage("connect probe needs an http:// server URI, was https://x");
    }

    /** close() stops the pacer and both clients: none of the probe's threads outlives it. */
    private static void assertNoProbeThreadLeft() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        java.util.List<String> alive;
        do {
            alive = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.startsWith("pushbench-connect-probe")).toList();
            if (alive.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertThat(alive).as("connect probe threads alive after close()").isEmpty();
    }

    private static String get(URI uri) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(uri).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }
}
