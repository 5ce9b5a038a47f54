package io.pushbench.loadgen.gatling;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.SseMessageCheck;
import io.gatling.javaapi.http.WsFrameCheck;
import io.pushbench.loadgen.driver.DriverConfig;
import io.pushbench.wire.FeedContract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.sse;
import static io.gatling.javaapi.http.HttpDsl.ws;

/**
 * The one pushbench simulation: N subscribers to the feed over SSE or WebSocket (system property
 * {@code pushbench.transport}), same shape for both: ramp N users, hold until the end of the run, close.
 *
 * <p>Each user loops: connect (resuming from its last seq: {@code Last-Event-ID} for SSE, {@code ?lastEventId=}
 * for WebSocket) with one check armed for the whole stream whose transform is the measurement hook; when the
 * stream ends before the run does (a drop), close, back off with jitter and reconnect. Design notes
 * (docs/method.md): SSE connects send {@code Connection: close} so Gatling never replays a request on a pooled
 * connection; the WebSocket check is armed on the connect (not on a send) because resumption is in the URL and
 * nothing is sent; unmatched-message buffers stay at 0.
 *
 * <p>Run it with the CLI ({@code pushbench run}) or, for Gatling users, with the Maven plugin:
 * <pre>
 * ./mvnw -pl loadgen gatling:test -Dgatling.simulationClass=io.pushbench.loadgen.gatling.PushSimulation \
 *     -Dpushbench.transport=ws -Dpushbench.url=http://127.0.0.1:8080 -Dpushbench.connections=200 \
 *     -Dpushbench.rate=5 -Dpushbench.ramp=10s -Dpushbench.duration=30s -Dpushbench.outDir=target/pushbench
 * </pre>
 */
public class PushSimulation extends Simulation {
    private static volatile GatlingDriver driver;
    private final DriverConfig config = DriverConfig.fromSystemProperties();

    private static GatlingDriver d() {
        return driver;
    }

    {
        HttpProtocolBuilder protocol = http.baseUrl(config.baseUrl()).wsBaseUrl(config.wsBaseUrl())
                .disableWarmUp()
                .sseUnmatchedInboundMessageBufferSize(0)
                .wsUnmatchedInboundMessageBufferSize(0);

        ScenarioBuilder scn = scenario(config.transport().key() + "-subscribers")
                .exec(s -> d().newUser(s))
                .exec(asLongAs(s -> d().running()).on(
                        exec(s -> d().beforeConnect(s)),
                        switch (config.transport()) {
                            case SSE -> sseStream();
                            case WS -> wsStream();
                        },
                        exec(s -> d().afterStream(s)),
                        pause(s -> d().backoff(s))));

        PopulationBuilder population = scn.injectOpen(config.ramp().isZero()
                ? atOnceUsers(config.connections())
                : rampUsers(config.connections()).during(config.ramp()));
        Duration max = config.ramp().plus(config.warmup()).plus(config.duration()).plus(config.drain())
                .plusSeconds(60);
        setUp(population).protocols(protocol).maxDuration(max);
    }

    private ChainBuilder sseStream() {
        SseMessageCheck hook = sse.checkMessage("sse-feed").matching(
                bodyString().transformWithSession((raw, s) -> d().onFrame(raw, s, true)).is("END"));
        return doIfOrElse(s -> d().resumePoint(s) > 0).then(
                exec(sse("sse-connect").get(FeedContract.SSE_PATH)
                        .header("Connection", "close")
                        .header(FeedContract.LAST_EVENT_ID_HEADER, s -> Long.toString(d().resumePoint(s)))
                        .await(s -> d().awaitBudget()).on(hook)))
                .orElse(
                        exec(sse("sse-connect").get(FeedContract.SSE_PATH)
                                .header("Connection", "close")
                                .await(s -> d().awaitBudget()).on(hook)))
                .exec(sse("sse-close").close());
    }

    private ChainBuilder wsStream() {
        WsFrameCheck.Text hook = ws.checkTextMessage("ws-feed").matching(
                bodyString().transformWithSession((raw, s) -> d().onFrame(raw, s, false)).is("END")).silent();
        return exec(ws("ws-connect").connect(s -> {
            long resume = d().resumePoint(s);
            return resume > 0 ? FeedContract.WS_PATH + "?" + FeedContract.LAST_EVENT_ID_PARAM + "=" + resume
                    : FeedContract.WS_PATH;
        }).await(s -> d().awaitBudget()).on(hook))
                .exec(ws("ws-close").close());
    }

    @Override
    public void before() {
        try {
            driver = GatlingDriver.start(config, System.out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void after() {
        try {
            driver.finish(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
