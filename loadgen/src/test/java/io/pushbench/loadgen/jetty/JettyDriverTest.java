package io.pushbench.loadgen.jetty;

import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.loadgen.driver.DriverConfig;
import io.pushbench.loadgen.driver.LoadSession;
import io.pushbench.server.FeedServer;
import io.pushbench.server.ServerConfig;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Jetty driver end to end on real sockets, in this JVM: an embedded feed server, a {@link LoadSession} and the
 * driver, for every transport and protocol; many h2c streams on one connection; a drop with resume over h2c.
 */
class JettyDriverTest {
    private static final int RATE = 20;

    private static DriverConfig.Builder config(FeedServer server, Transport t, Protocol p, int connections, Path dir) {
        return DriverConfig.builder().driver(Driver.JETTY).protocol(p).transport(t)
                .baseUrl(server.baseUri().toString()).connections(connections).rate(RATE).payloadBytes(128)
                .ramp(Duration.ofMillis(500)).warmup(Duration.ofMillis(500)).duration(Duration.ofSeconds(2))
                .drain(Duration.ofMillis(500)).connectProbeRate(0)
                .runId(t.key() + "-" + p.key() + "-" + connections).outDir(dir);
    }

    private static FeedServer server() throws Exception {
        return FeedServer.start(ServerConfig.builder().host("127.0.0.1").port(0).rate(RATE).payloadBytes(128)
                .adminToken("t0ken").build());
    }

    private static RunResult run(DriverConfig c) throws Exception {
        return run(c, new JettyDriver());
    }

    private static RunResult run(DriverConfig c, JettyDriver driver) throws Exception {
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        LoadSession s = LoadSession.start(c, out);
        driver.run(s);
        return s.finish(0);
    }

    private static Path dir(String name) throws Exception {
        Path d = Path.of("target", "it", "jetty-" + name);
        Files.createDirectories(d);
        return d;
    }

    @ParameterizedTest
    @CsvSource({"sse,h1", "sse,h2c", "ws,h1", "ws,h2c"})
    @Timeout(60)
    void deliversEveryExpectedMessage(String transport, String protocol) throws Exception {
        Transport t = Transport.parse(transport);
        Protocol p = Protocol.parse(protocol);
        try (FeedServer server = server()) {
            RunResult r = run(config(server, t, p, 50, dir(transport + "-" + protocol)).build());
            assertThat(r.driver()).isEqualTo(Driver.JETTY);
            assertThat(r.protocol()).isEqualTo(p);
            assertThat(r.valid()).as(r.invalidReasons().toString()).isTrue();
            assertThat(r.messages().expected()).as(r.messages().toString()).isGreaterThan(50L * RATE * 2);
            assertThat(r.messages().delivered()).isEqualTo(r.messages().expected());
            assertThat(r.messages().lost()).isZero();
            assertThat(r.messages().duplicated()).isZero();
            assertThat(r.steadyMessages().lost()).isZero();
            assertThat(r.connectionsPeak()).isEqualTo(50);
            assertThat(r.firstMessageUs().count()).isEqualTo(50);
            assertThat(r.latencyUs().p50()).isPositive();
            assertThat(r.connectUs().count()).as("the subscribers' own connect times").isEqualTo(50);
            assertThat(r.extensions()).containsKey("jettyDriver");
            if (p == Protocol.H1) {
                Map<?, ?> d = (Map<?, ?>) r.extensions().get("jettyDriver");
                assertThat(d.get("h1Client")).as("the lean client is the default").isEqualTo("nio");
                assertThat(((Number) d.get("attemptsFailed")).longValue()).isZero();
            }
        }
    }

    /** Jetty's HttpClient stays selectable for HTTP/1.1 ({@code -Dpushbench.jetty.client=httpclient}). */
    @ParameterizedTest
    @CsvSource({"sse", "ws"})
    @Timeout(60)
    void theHttpClientPathStaysSelectableForHttp11(String transport) throws Exception {
        Transport t = Transport.parse(transport);
        try (FeedServer server = server()) {
            RunResult r = run(config(server, t, Protocol.H1, 20, dir(transport + "-h1-httpclient")).build(),
                    new JettyDriver(JettyDriver.H1Client.parse("httpclient")));
            assertThat(r.valid()).as(r.invalidReasons().toString()).isTrue();
            assertThat(r.messages().lost()).as(r.messages().toString()).isZero();
            assertThat(r.messages().delivered()).isEqualTo(r.messages().expected());
            assertThat(((Map<?, ?>) r.extensions().get("jettyDriver")).get("h1Client")).isEqualTo("httpclient");
        }
    }

    @Test
    @Timeout(60)
    void manyH2StreamsShareOneConnection() throws Exception {
        try (FeedServer server = server()) {
            RunResult r = run(config(server, Transport.SSE, Protocol.H2C, 200, dir("h2-streams"))
                    .streamsPerConnection(200).build());
            assertThat(r.messages().lost()).as(r.messages().toString()).isZero();
            assertThat(r.messages().delivered()).isEqualTo(r.messages().expected());
            assertThat(r.extensions()).containsEntry("tcpConnections", 1);
            Map<?, ?> metrics = metrics(server);
            assertThat(metrics.toString()).isNotEmpty();
        }
    }

    /**
     * Every subscriber dropped at once, then back with resume: SSE over h2c, WebSocket over HTTP/1.1 and over RFC 8441
     * (whose reconnects need the pool's spare room: Jetty 12.1 keeps the stream slot of a reset tunnel).
     */
    @ParameterizedTest
    @CsvSource({"sse,h2c,abort", "ws,h1,abort", "ws,h1,close", "ws,h2c,abort", "ws,h2c,close"})
    @Timeout(60)
    void resumesWithoutLossAfterADrop(String transport, String protocol, String mode) throws Exception {
        Transport t = Transport.parse(transport);
        Protocol p = Protocol.parse(protocol);
        try (FeedServer server = server()) {
            DriverConfig c = config(server, t, p, 20, dir("drop-" + transport + "-" + protocol))
                    .streamsPerConnection(p == Protocol.H2C ? 10 : 1).duration(Duration.ofSeconds(3)).backoffMin(Duration.ofMillis(50))
                    .backoffMax(Duration.ofMillis(200)).build();
            Thread dropper = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(2000);
                    HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.baseUri().resolve(
                                    "/admin/drop?fraction=1&mode=" + mode + "&transport=" + transport))
                            .header("Authorization", "Bearer t0ken").POST(HttpRequest.BodyPublishers.noBody())
                            .build(), HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            RunResult r = run(c);
            dropper.join();
            assertThat(r.reconnects().count()).as(r.reconnects().toString()).isGreaterThanOrEqualTo(20);
            assertThat(r.messages().lost()).as(r.messages().toString()).isZero();
            assertThat(r.messages().duplicated()).isZero();
            assertThat(r.messages().delivered()).isEqualTo(r.messages().expected());
        }
    }

    private static Map<?, ?> metrics(FeedServer server) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.baseUri().resolve("/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return io.pushbench.analysis.results.ResultsIO.mapper().readValue(body, Map.class);
    }
}
