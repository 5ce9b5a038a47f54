package io.pushbench.loadgen.run;

import io.pushbench.wire.Transport;
import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.server.FeedServer;
import io.pushbench.server.ServerConfig;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end on real sockets: an embedded feed server, the orchestrator, a forked Gatling JVM driving a few hundred
 * subscribers for a few seconds, and the files it writes.
 */
class GatlingRunTest {
    // Under target/ (not a temp dir) so that a failing run's files can be read afterwards.
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void outDir(org.junit.jupiter.api.TestInfo info) throws java.io.IOException {
        dir = Path.of("target", "it", info.getDisplayName().replaceAll("[^A-Za-z0-9]+", "-"));
        Files.createDirectories(dir);
    }

    private RunSpec.Builder spec(FeedServer server, String transport, int connections) {
        return RunSpec.builder().transport(Transport.parse(transport)).connections(connections).rate(20).payloadBytes(128)
                .ramp(Duration.ofSeconds(2)).warmup(Duration.ofSeconds(1)).duration(Duration.ofSeconds(4))
                .serverUrl(server.baseUri().toString()).outDir(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "ws"})
    @Timeout(180)
    void deliversEveryExpectedMessage(String transport) throws Exception {
        try (FeedServer server = FeedServer.start(ServerConfig.builder().host("127.0.0.1").port(0).rate(20)
                .payloadBytes(128).build())) {
            List<IntervalSample> intervals = new CopyOnWriteArrayList<>();
            List<String> messages = new CopyOnWriteArrayList<>();
            RunResult r = new RunOrchestrator().run(spec(server, transport, 200).build(), new RunListener() {
                public void onInterval(IntervalSample s) { intervals.add(s); }
                public void onMessage(String line) { messages.add(line); }
            });
            assertThat(r.messages().expected()).as(r.toString()).isGreaterThan(200L * 20 * 5);
            assertThat(r.messages().lost()).isZero();
            assertThat(r.messages().duplicated()).isZero();
            // steady counts: the 4 s window's seqs (~80) for each of the 200 subscribers, all delivered
            assertThat(r.steadyMessages().expected()).as(r.steadyMessages().toString())
                    .isBetween(200L * 20 * 4 * 9 / 10, 200L * 20 * 4 * 11 / 10);
            assertThat(r.steadyMessages().lost()).isZero();
            assertThat(r.steadyMessages().expected()).isLessThan(r.messages().expected());
            // latency is by receipt time, steady counts by scheduled time: they differ only at the window's edges
            assertThat(r.latencyUs().count()).isCloseTo(r.steadyMessages().delivered(),
                    org.assertj.core.data.Percentage.withPercentage(2));
            assertThat(replayed(r)).isZero();
            assertThat(r.connectionsPeak()).isEqualTo(200);
            assertThat(r.latencyUs().count()).isPositive();
            assertThat(r.throughput().messagesPerSec()).isGreaterThan(200 * 20 * 0.8);
            assertThat(r.firstMessageUs().count()).isEqualTo(200);
            // connect time comes from the connect probe (2 connects/s over ~9 s) for both transports
            assertThat(r.connectUs().count()).as(r.extensions().toString()).isGreaterThanOrEqualTo(5);
            assertThat(r.connectUs().p50()).isPositive();
            assertThat(r.connectUs().max()).isLessThan(5_000_000.0);
            assertThat(r.extensions()).containsKey("connectProbe");
            assertThat(((Number) r.extensions().get("connectProbeFailures")).longValue()).isZero();
            assertThat((String) r.extensions().get("connectMeasuredAs")).startsWith("connect probe");
            if (transport.equals("sse")) {
                assertThat(r.extensions()).containsKey("loaderConnectUs");
            }
            assertThat(r.server().available()).isTrue();
            assertThat(r.serverTimeline()).isNotEmpty();
            assertThat(intervals).hasSizeGreaterThanOrEqualTo(7);

            Results file = ResultsIO.read(dir.resolve(r.id() + ".json"));
            assertThat(file.kind()).isEqualTo("run");
            assertThat(file.complete()).isTrue();
            assertThat(file.runs()).hasSize(1);
            assertThat(Files.exists(dir.resolve("gatling").resolve(r.id()).resolve("index.html"))).isTrue();
            try (HistogramLogReader reader = new HistogramLogReader(dir.resolve(r.id() + ".hlog").toFile())) {
                long total = 0;
                while (reader.hasNext()) {
                    org.HdrHistogram.Histogram h = (org.HdrHistogram.Histogram) reader.nextIntervalHistogram();
                    if (h.getTag() == null) {
                        total += h.getTotalCount();
                    }
                }
                // the untagged series: every first delivery, once (no duplicate, no replay in this run)
                assertThat(total).isEqualTo(r.messages().delivered());
            }
            // HdrHistogram's own processor reads the untagged series with no -tag flag
            Path out = dir.resolve(r.id() + "-processed");
            new org.HdrHistogram.HistogramLogProcessor(new String[]{"-i", dir.resolve(r.id() + ".hlog").toString(),
                    "-o", out.toString(), "-outputValueUnitRatio", "1000"}).run();
            String hgrm = Files.readString(Path.of(out + ".hgrm"));
            assertThat(hgrm).contains("Percentile").contains("#[Mean").contains("Total count    =");
            // value, percentile, count, 1/(1-percentile): one row per percentile tick
            assertThat(hgrm.lines().filter(l -> l.matches("\\s*[0-9.]+\\s+[01]\\.\\d{12}\\s+\\d+\\s+.*")).count())
                    .as(hgrm).isGreaterThan(10);
        }
    }

    private static long replayed(RunResult r) {
        Object p = r.extensions().get("replayLatencyUs");
        return p instanceof java.util.Map<?, ?> m ? ((Number) m.get("count")).longValue() : 0;
    }

    @Test
    @Timeout(180)
    void subscribersAcceptedAndNeverSentAnythingAreLostAndTheRunIsInvalid() throws Exception {
        try (SilentEveryFifthSseServer server = SilentEveryFifthSseServer.start(20, 128)) {
            RunResult r = new RunOrchestrator().run(RunSpec.builder().transport(Transport.SSE).connections(20).rate(20)
                    .payloadBytes(128).ramp(Duration.ofSeconds(1)).warmup(Duration.ofSeconds(1))
                    .duration(Duration.ofSeconds(3)).connectProbeRate(0).runId("silent-sse")
                    .serverUrl(server.baseUri().toString()).outDir(dir).build(), new RunListener() {
                        public void onInterval(IntervalSample s) { }
                        public void onMessage(String line) { }
                    });
            assertThat(server.silentSubscribers()).isEqualTo(4);
            assertThat(r.valid()).isFalse();
            assertThat(r.messages().lost()).as(r.messages().toString()).isPositive();
            // each silent subscriber owes at least the 3 s steady window (60 seqs): 4 x 60
            assertThat(r.steadyMessages().lost()).as(r.steadyMessages().toString()).isGreaterThanOrEqualTo(4 * 55);
            assertThat(r.invalidReasons()).anyMatch(reason -> reason.contains("expected messages lost"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "ws"})
    @Timeout(180)
    void reconnectAndResumeLeaveNoGapAfterServerDrop(String transport) throws Exception {
        try (FeedServer server = FeedServer.start(ServerConfig.builder().host("127.0.0.1").port(0).rate(20)
                .payloadBytes(128).build())) {
            java.util.concurrent.atomic.AtomicBoolean dropped = new java.util.concurrent.atomic.AtomicBoolean();
            RunListener dropInSteadyWindow = new RunListener() {
                public void onInterval(IntervalSample s) {
                    // every subscriber open and receiving: each must reconnect, resume and lose nothing
                    if (s.phase().equals("steady") && s.connections() == 50 && dropped.compareAndSet(false, true)) {
                        try {
                            HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                            URI.create(server.baseUri() + "/admin/drop?transport=all&fraction=1&mode=abort"))
                                    .header("Authorization", "Bearer " + server.adminToken())
                                    .POST(HttpRequest.BodyPublishers.noBody()).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            assertThat(resp.statusCode()).isEqualTo(200);
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    }
                }
                public void onMessage(String line) { }
            };
            RunResult r = new RunOrchestrator().run(spec(server, transport, 50).runId("drop-" + transport)
                            .duration(Duration.ofSeconds(8)).build(),
                    dropInSteadyWindow);
            assertThat(dropped).isTrue();
            assertThat(r.reconnects().count()).as(r.toString()).isGreaterThanOrEqualTo(50);
            assertThat(r.reconnects().outageUs().count()).isGreaterThanOrEqualTo(50);
            assertThat(r.messages().lost()).isZero();
            assertThat(r.steadyMessages().lost()).isZero();
            assertThat(r.steadyMessages().expected()).isGreaterThan(50L * 20 * 8 * 9 / 10);
        }
    }
}
