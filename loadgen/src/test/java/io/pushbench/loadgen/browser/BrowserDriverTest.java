package io.pushbench.loadgen.browser;

import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.loadgen.driver.ClientBehaviour;
import io.pushbench.loadgen.driver.DriverConfig;
import io.pushbench.loadgen.driver.LoadSession;
import io.pushbench.loadgen.scenario.Scenarios;
import io.pushbench.server.FeedServer;
import io.pushbench.server.ServerConfig;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The browser driver end to end with real headless Chromium against an embedded feed server in this JVM: both
 * transports deliver gap-free; the six-connection effect (the seventh and eighth SSE streams of one browser stall
 * over HTTP/1.1, not over HTTP/2 with TLS); a drop is resumed without loss by the EventSource's own reconnect and by
 * the page's WebSocket reconnect. Skipped when Chromium is not installed
 * ({@code sudo apt-get install -y chromium chromium-driver}).
 */
class BrowserDriverTest {
    private static final int RATE = 20;
    private static final String TOKEN = "t0ken";

    @BeforeAll
    static void chromium() {
        String problem = ChromiumInstall.detect().problem();
        assumeTrue(problem == null, problem);
    }

    private static FeedServer server(boolean tls) throws Exception {
        return FeedServer.start(ServerConfig.builder().host("127.0.0.1").port(0).rate(RATE).payloadBytes(128)
                .retryMs(200).adminToken(TOKEN).tls(tls).tlsDir(Path.of("target", "tls")).build());
    }

    private static DriverConfig.Builder config(FeedServer server, Transport t, Protocol p, int connections,
                                               String name) throws Exception {
        Path dir = Path.of("target", "it", "browser-" + name);
        Files.createDirectories(dir);
        return DriverConfig.builder().driver(Driver.BROWSER).protocol(p).transport(t)
                .baseUrl(server.baseUri().toString()).connections(connections).rate(RATE).payloadBytes(128)
                .ramp(Duration.ofMillis(500)).warmup(Duration.ofMillis(500)).duration(Duration.ofSeconds(2))
                .drain(Duration.ofMillis(600)).connectProbeRate(0).runId(name).outDir(dir);
    }

    private static RunResult run(DriverConfig c) throws Exception {
        BrowserDriver driver = BrowserDriver.launch(c);
        LoadSession s = LoadSession.start(c, new PrintStream(new ByteArrayOutputStream()));
        driver.run(s);
        return s.finish(0);
    }

    private static Map<?, ?> browser(RunResult r) {
        return (Map<?, ?>) r.extensions().get("browser");
    }

    private static Map<?, ?> streams(RunResult r) {
        return (Map<?, ?>) browser(r).get("streams");
    }

    @ParameterizedTest
    @CsvSource({"sse", "ws"})
    @Timeout(60)
    void deliversAGapFreeSequence(String transport) throws Exception {
        Transport t = Transport.parse(transport);
        try (FeedServer server = server(false)) {
            RunResult r = run(config(server, t, Protocol.H1, 3, "gapfree-" + transport).build());
            assertThat(r.invalidReasons()).isEmpty();
            assertThat(r.messages().expected()).as(r.messages().toString()).isGreaterThan(3L * RATE * 2);
            assertThat(r.messages().delivered()).isEqualTo(r.messages().expected());
            assertThat(r.messages().lost()).isZero();
            assertThat(r.messages().duplicated()).isZero();
            assertThat(r.messages().reordered()).isZero();
            assertThat(r.latencyUs().p50()).isPositive();
            Map<?, ?> clock = (Map<?, ?>) browser(r).get("clock");
            assertThat(((Number) clock.get("errorBoundUs")).doubleValue()).isPositive().isLessThan(20_000);
            Map<?, ?> cost = (Map<?, ?>) browser(r).get("cost");
            assertThat(((Number) cost.get("jsHeapBytesPerSubscriber")).doubleValue()).isNotNaN();
            assertThat(streams(r).get("flowing")).isEqualTo(3);
        }
    }

    /** Over HTTP/1.1 one browser opens six connections to a host: the seventh and eighth EventSource wait. */
    @Test
    @Timeout(60)
    void seventhAndEighthSseStreamsStallOverHttp1Only() throws Exception {
        ClientBehaviour six = ClientBehaviour.STEADY.named(Scenarios.SIX_CONNECTIONS);
        try (FeedServer server = server(true)) {
            RunResult h1 = run(config(server, Transport.SSE, Protocol.H1, 8, "six-h1").behaviour(six).build());
            assertThat(streams(h1).get("flowing")).as(streams(h1).toString()).isEqualTo(6);
            assertThat((List<?>) streams(h1).get("stalled")).hasSize(2);
            assertThat(((Map<?, ?>) browser(h1).get("layout")).get("browsers")).isEqualTo(1);

            RunResult h2 = run(config(server, Transport.SSE, Protocol.H2C, 8, "six-h2").behaviour(six).build());
            assertThat(browser(h2).get("pageNextHopProtocol")).isEqualTo("h2");
            assertThat(streams(h2).get("flowing")).as(streams(h2).toString()).isEqualTo(8);
            assertThat(h2.messages().lost()).as(h2.messages().toString()).isZero();
            assertThat(h2.messages().delivered()).isEqualTo(h2.messages().expected());
        }
    }

    /** A browser killed mid-run makes the run invalid, naming it; the streams it held end there. */
    @Test
    @Timeout(60)
    void aBrowserThatDiesMidRunMakesTheRunInvalid() throws Exception {
        try (FeedServer server = server(false)) {
            DriverConfig c = config(server, Transport.WS, Protocol.H1, 2, "crash").build();
            BrowserDriver driver = BrowserDriver.launch(c);
            ProcessHandle chromium = driver.browsers().get(0).browser().process().orElseThrow();
            LoadSession s = LoadSession.start(c, new PrintStream(new ByteArrayOutputStream()));
            Thread killer = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(1500);
                    chromium.destroyForcibly();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            driver.run(s);
            RunResult r = s.finish(0);
            killer.join();
            assertThat(r.valid()).isFalse();
            assertThat(r.invalidReasons()).anySatisfy(reason -> assertThat(reason)
                    .startsWith("browser 0 (2 subscribers) crashed or stopped answering at"));
            assertThat((List<?>) browser(r).get("crashes")).hasSize(1);
        }
    }

    /**
     * Every stream dropped mid-run: the EventSource reconnects by itself with Last-Event-ID, the page's WebSocket
     * reconnect with ?lastEventId=; either resumes without loss or duplicate.
     */
    @ParameterizedTest
    @CsvSource({"sse", "ws"})
    @Timeout(60)
    void resumesWithoutLossAfterADrop(String transport) throws Exception {
        Transport t = Transport.parse(transport);
        try (FeedServer server = server(false)) {
            DriverConfig c = config(server, t, Protocol.H1, 3, "drop-" + transport).duration(Duration.ofSeconds(3))
                    .backoffMin(Duration.ofMillis(50)).backoffMax(Duration.ofMillis(200)).build();
            BrowserDriver driver = BrowserDriver.launch(c);
            LoadSession s = LoadSession.start(c, new PrintStream(new ByteArrayOutputStream()));
            Thread dropper = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(2000);
                    HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.baseUri().resolve(
                                    "/admin/drop?fraction=1&mode=abort&transport=" + transport))
                            .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody())
                            .build(), HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            driver.run(s);
            RunResult r = s.finish(0);
            dropper.join();
            assertThat(r.reconnects().count()).as(r.reconnects().toString()).isGreaterThanOrEqualTo(3);
            assertThat(r.messages().lost()).as(r.messages().toString()).isZero();
            assertThat(r.messages().duplicated()).isZero();
            assertThat(r.messages().delivered()).isEqualTo(r.messages().expected());
            if (t == Transport.SSE) {
                assertThat(browser(r).get("eventSourceSelfReconnects")).isEqualTo(3);
            }
        }
    }
}
