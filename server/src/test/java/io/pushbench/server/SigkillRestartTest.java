package io.pushbench.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushbench.wire.FeedJson;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code restart} scenario for real: a server JVM with a durable log is SIGKILLed while publishing and started
 * again on the same log directory. Nothing a client saw is lost: the seqs continue at the log's last + 1 (no gap,
 * no seq used twice), and a client resuming from before the kill gets every later message once, replayed byte for
 * byte as first sent. {@code --fsync never} on purpose: surviving a killed process needs only the page cache.
 */
@Timeout(120)
class SigkillRestartTest {
    static final int RATE = 200;
    static final int RING = 2_000;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    HttpClient http;
    WebSocketClient ws;
    final List<Process> children = new ArrayList<>();

    @BeforeEach
    void clients() throws Exception {
        http = new HttpClient();
        http.start();
        ws = new WebSocketClient(http);
        ws.start();
    }

    @AfterEach
    void stop() throws Exception {
        children.forEach(Process::destroyForcibly);
        ws.stop();
        http.stop();
    }

    /** A server JVM on the log directory; its stderr goes to {@code stderrFile}. */
    record Child(Process process, URI base) {
    }

    Child start(Path logDir, Path stderrFile) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", cp, LogServerMain.class.getName(),
                "--log-dir", logDir.toString(), "--rate", Integer.toString(RATE), "--ring", Integer.toString(RING),
                "--payload", "120", "--fsync", "never"))
                .redirectError(stderrFile.toFile()).start();
        children.add(p);
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String first = line.get(60, TimeUnit.SECONDS);
        assertThat(first).as("listening line; stderr: %s", Files.readString(stderrFile)).isNotNull();
        Matcher m = Pattern.compile("listening on (http://\\S+)").matcher(first);
        assertThat(m.find()).as(first).isTrue();
        return new Child(p, URI.create(m.group(1)));
    }

    static long field(String json, String key) {
        return FeedJson.longField(json, key);
    }

    @Test
    void aKilledServerContinuesItsSeqsAndReplaysWhatClientsMissed() throws Exception {
        Path logDir = tmp.resolve("log");
        Child a = start(logDir, tmp.resolve("a.err"));

        // about one second of the feed, as a live SSE client sees it
        SseTestClient live = SseTestClient.open(http, a.base().resolve("/sse"), null);
        Map<Long, String> seen = new HashMap<>();
        long firstSeen = -1;
        long lastSeen = -1;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < until || seen.size() < 100) {
            SseTestClient.Event e = live.take();
            long seq = field(e.data(), FeedJson.SEQ);
            assertThat(e.id()).isEqualTo(Long.toString(seq));
            assertThat(lastSeen < 0 || seq == lastSeen + 1).as("live seqs gap-free").isTrue();
            if (firstSeen < 0) {
                firstSeen = seq;
            }
            lastSeen = seq;
            seen.put(seq, e.data());
        }

        long killedAt = System.nanoTime();
        a.process().destroyForcibly(); // SIGKILL: no shutdown hook, no final fsync, no clean close of the log
        assertThat(a.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(a.process().exitValue()).isEqualTo(137);
        live.done.get(10, TimeUnit.SECONDS);
        Thread.sleep(300); // an outage: nothing may be published for it

        long restartedAt = System.nanoTime();
        Child b = start(logDir, tmp.resolve("b.err"));
        JsonNode log = JSON.readTree(http.GET(b.base().resolve("/metrics")).getContentAsString()).path("log");
        assertThat(log.path("enabled").asBoolean()).isTrue();
        assertThat(log.path("fsync").asText()).isEqualTo("never");
        long recoveredLast = log.path("recoveredLastSeq").asLong();
        assertThat(recoveredLast).as("everything the client saw is in the log").isGreaterThanOrEqualTo(lastSeen);
        assertThat(log.path("recoveredRecords").asLong()).isEqualTo(recoveredLast);
        assertThat(log.path("recoveryBytesDropped").asLong()).isZero();
        assertThat(log.path("recoveryReport").isNull()).isTrue();
        assertThat(Files.readString(tmp.resolve("b.err"))).doesNotContain("pushbench log:");

        // resume from a seq seen before the kill: the replay of the log, then the new server's live messages
        long from = firstSeen + 10;
        SseTestClient resumed = SseTestClient.open(http, b.base().resolve("/sse"), Long.toString(from));
        long previousMono = 0;
        for (long s = from + 1; s <= recoveredLast + 20; s++) {
            SseTestClient.Event e = resumed.take();
            assertThat(e.event()).as("no lost signal, no other event").isEqualTo("message");
            assertThat(e.id()).as("seq after %d", s - 1).isEqualTo(Long.toString(s));
            assertThat(field(e.data(), FeedJson.SEQ)).isEqualTo(s);
            long mono = field(e.data(), FeedJson.MONO);
            if (seen.containsKey(s)) {
                assertThat(e.data()).as("seq %d replayed byte for byte", s).isEqualTo(seen.get(s));
            }
            if (s <= recoveredLast) {
                assertThat(mono).as("seq %d was scheduled by the killed server", s).isLessThan(killedAt);
            } else {
                assertThat(mono).as("seq %d is the restarted server's: scheduled after its start", s)
                        .isGreaterThan(restartedAt);
            }
            if (s == recoveredLast + 1) {
                assertThat(mono - previousMono).as("nothing was published during the outage")
                        .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(300));
            }
            previousMono = mono;
        }
        resumed.close();

        // WebSocket resumes the same way, with the same JSON as frame payload
        WsTestClient w = new WsTestClient();
        ws.connect(w, URI.create("ws://" + b.base().getAuthority() + "/ws?lastEventId=" + from)).get(10, TimeUnit.SECONDS);
        for (long s = from + 1; s <= lastSeen; s++) {
            assertThat(w.take()).isEqualTo(seen.get(s));
        }
        w.session.close();

        b.process().destroy();
        assertThat(b.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
}
