package io.pushbench.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushbench.server.log.FsyncPolicy;
import io.pushbench.server.log.SegmentLog;
import io.pushbench.wire.EncodedMessage;
import io.pushbench.wire.FeedMessage;
import io.pushbench.wire.FeedJson;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The durable log inside one JVM: a server restarted on its log continues it (seqs, ring, lost signal), /metrics
 * describes it, and the config refuses log settings that cannot mean anything. The SIGKILL case, which needs a
 * JVM of its own, is {@link SigkillRestartTest}.
 */
@Timeout(60)
class DurableFeedTest {
    static final int RING = 20;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    HttpClient http;

    @BeforeEach
    void client() throws Exception {
        http = new HttpClient();
        http.start();
    }

    @AfterEach
    void stop() throws Exception {
        http.stop();
    }

    ServerConfig.Builder config() {
        return ServerConfig.builder().port(0).rate(200).payloadBytes(100).ring(RING).logDir(dir.resolve("log"));
    }

    static void awaitSeq(FeedServer s, long seq) throws InterruptedException {
        for (int i = 0; i < 1_000 && s.metrics().lastSeq() < seq; i++) {
            Thread.sleep(10);
        }
        assertThat(s.metrics().lastSeq()).isGreaterThanOrEqualTo(seq);
    }

    JsonNode metrics(FeedServer s) throws Exception {
        return JSON.readTree(http.GET(s.baseUri().resolve("/metrics")).getContentAsString());
    }

    @Test
    void aRestartedServerContinuesTheLogAndCountsTheLostSignalFromIt() throws Exception {
        long before;
        try (FeedServer first = FeedServer.start(config().fsync(FsyncPolicy.ALWAYS).build())) {
            awaitSeq(first, 3 * RING);
            JsonNode log = metrics(first).path("log");
            assertThat(log.path("enabled").asBoolean()).isTrue();
            assertThat(log.path("fsync").asText()).isEqualTo("always");
            assertThat(log.path("durableSeq").asLong()).isEqualTo(log.path("appendedSeq").asLong()).isPositive();
            assertThat(log.path("recoveredRecords").asLong()).isZero();
        }
        try (FeedServer second = FeedServer.start(config().build())) {
            JsonNode m = metrics(second);
            JsonNode log = m.path("log");
            before = log.path("recoveredLastSeq").asLong();
            assertThat(before).isGreaterThanOrEqualTo(3 * RING);
            assertThat(log.path("recoveredRecords").asLong()).isEqualTo(before);
            assertThat(log.path("recoveryBytesDropped").asLong()).isZero();
            assertThat(log.path("fsync").asText()).isEqualTo("interval");
            assertThat(log.path("fsyncIntervalMs").asDouble()).isEqualTo(1000.0);
            assertThat(log.path("segmentBytes").asLong()).isEqualTo(64L << 20);
            assertThat(m.path("lastSeq").asLong()).as("the feed's newest seq, not this process's count")
                    .isGreaterThanOrEqualTo(before);
            assertThat(m.path("config").path("logDir").asText()).isEqualTo(dir.resolve("log").toString());

            // a resume inside the recovered ring, first: the ring of 20 at 200 msg/s holds only 100 ms of live feed
            SseTestClient d = SseTestClient.open(http, second.baseUri().resolve("/sse"), Long.toString(before - 2));
            assertThat(d.take().id()).isEqualTo(Long.toString(before - 1));
            assertThat(d.take().id()).isEqualTo(Long.toString(before));
            assertThat(d.take().id()).isEqualTo(Long.toString(before + 1));
            d.close();

            // a resume older than the ring: the lost signal, then the ring (the log's tail), then live, gap-free
            SseTestClient c = SseTestClient.open(http, second.baseUri().resolve("/sse"), "1");
            SseTestClient.Event lost = c.take();
            assertThat(lost.event()).isEqualTo("lost");
            assertThat(FeedJson.longField(lost.data(), "\"from\":")).isEqualTo(2);
            long to = FeedJson.longField(lost.data(), "\"to\":");
            assertThat(to).isGreaterThanOrEqualTo(before - RING);
            for (long s = to + 1; s <= before + 10; s++) {
                SseTestClient.Event e = c.take();
                assertThat(e.id()).isEqualTo(Long.toString(s));
            }
            c.close();
        }
    }

    @Test
    void aMessageTheLogCannotTakeReachesNoOne() throws Exception {
        SegmentLog log = SegmentLog.open(new SegmentLog.Options(dir.resolve("unit"), FsyncPolicy.NEVER,
                Duration.ofSeconds(1), 1 << 20, RING), line -> { });
        Feed feed = new Feed(RING, 16, Runnable::run, new ServerMetrics(), log);
        feed.publish(EncodedMessage.of(new FeedMessage(1, 1, 1), 64));
        assertThat(feed.lastSeq()).isEqualTo(1);
        log.close();
        // write-ahead: the append fails before the ring (hence any replay) or a queue sees the message
        assertThatThrownBy(() -> feed.publish(EncodedMessage.of(new FeedMessage(2, 2, 2), 64)))
                .hasMessage("log is closed");
        assertThat(feed.lastSeq()).isEqualTo(1);
    }

    @Test
    void aServerWithoutALogSaysSoAndCountsAcceptedConnections() throws Exception {
        try (FeedServer s = FeedServer.start(ServerConfig.builder().port(0).rate(50).build())) {
            JsonNode m = metrics(s);
            assertThat(m.path("log").toString()).isEqualTo("{\"enabled\":false}");
            assertThat(m.path("connectionsAccepted").asLong()).isPositive();
            assertThat(m.path("config").path("logDir").isNull()).isTrue();
            assertThat(m.path("config").has("fsync")).isFalse();
            assertThat(s.log()).isNull();
        }
    }

    @Test
    void twoServersCannotShareALogDirectory() throws Exception {
        try (FeedServer s = FeedServer.start(config().build())) {
            assertThatThrownBy(() -> FeedServer.start(config().build())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is in use by another server");
            awaitSeq(s, 1); // the first one goes on
        }
    }

    @Test
    void logSettingsAreCheckedWithPreciseMessages() throws Exception {
        assertThatThrownBy(() -> ServerConfig.builder().fsync(FsyncPolicy.ALWAYS).build())
                .hasMessage("fsync needs log-dir: without a log directory there is no log to fsync or roll");
        assertThatThrownBy(() -> ServerConfig.builder().segmentBytes(1L << 20).build())
                .hasMessageStartingWith("segment-bytes needs log-dir");
        assertThatThrownBy(() -> config().fsync(FsyncPolicy.NEVER).fsyncInterval(Duration.ofMillis(10)).build())
                .hasMessage("fsync-interval applies to fsync interval only, fsync is never");
        assertThatThrownBy(() -> config().fsyncInterval(Duration.ZERO).build())
                .hasMessage("fsync-interval must be in 1ms..1h, was 0s");
        assertThatThrownBy(() -> config().fsyncInterval(Duration.ofMinutes(90)).build())
                .hasMessage("fsync-interval must be in 1ms..1h, was 1h30m");
        assertThatThrownBy(() -> config().segmentBytes(1000L).build())
                .hasMessage("segment-bytes must be in 1024..1073741824, was 1000");
        Path file = Files.createFile(dir.resolve("a-file"));
        assertThatThrownBy(() -> config().logDir(file).build())
                .hasMessage("log-dir " + file + " is not a directory");
        ServerConfig ok = config().fsyncInterval(Duration.ofMillis(250)).segmentBytes(4096L).build();
        assertThat(ok.logOptions().fsync()).isEqualTo(FsyncPolicy.INTERVAL);
        assertThat(ok.logOptions().keepRecords()).isEqualTo(RING);
        assertThat(ok.toMap()).containsEntry("fsync", "interval").containsEntry("fsyncIntervalMs", 250.0)
                .containsEntry("segmentBytes", 4096L);
    }
}
