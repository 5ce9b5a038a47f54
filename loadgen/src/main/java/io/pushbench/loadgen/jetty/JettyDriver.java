package io.pushbench.loadgen.jetty;

import io.pushbench.analysis.results.Driver;
import io.pushbench.loadgen.driver.DriverConfig;
import io.pushbench.loadgen.driver.LoadDriver;
import io.pushbench.loadgen.driver.LoadSession;
import io.pushbench.wire.Transport;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * pushbench's lean load generator on Jetty 12's clients: SSE over HTTP/1.1 and h2c ({@link SseStream}), WebSocket over
 * HTTP/1.1 and RFC 8441 ({@link WsStream}), {@code streamsPerConnection} subscribers per h2c connection.
 *
 * <pre>{@code
 * LoadSession s = LoadSession.start(config, System.out);    // config.driver() == Driver.JETTY
 * new JettyDriver().run(s);                                 // returns after the drain
 * s.finish(0);
 * }</pre>
 *
 * <p>Connects are spread over the ramp ({@link LoadSession#connectAt}) by one scheduler thread; reconnects follow the
 * session's backoff; at the end of the drain every stream is closed and the run waits (bounded) for each to end, so
 * that no probe is written after the session's last sample.
 */
public final class JettyDriver implements LoadDriver {
    private static final long CLOSE_WAIT_MS = 10_000;

    @Override
    public Driver kind() {
        return Driver.JETTY;
    }

    @Override
    public void run(LoadSession session) throws Exception {
        DriverConfig c = session.config();
        if (c.driver() != Driver.JETTY) {
            throw new IllegalArgumentException("the Jetty driver runs configurations of driver " + Driver.JETTY.key()
                    + ", was " + c.driver().key());
        }
        boolean websocket = c.transport() == Transport.WS;
        try (JettyClients clients = JettyClients.start(c, websocket)) {
            URI base = URI.create(c.baseUrl().replaceAll("/+$", "") + "/");
            JettySubscriber.Stream stream = websocket ? new WsStream(clients.ws(), base, session.clock())
                    : new SseStream(clients.http(), base, c.protocol(), session.clock());
            List<JettySubscriber> subscribers = new ArrayList<>(c.connections());
            for (int i = 0; i < c.connections(); i++) {
                JettySubscriber s = new JettySubscriber(session, stream, clients.scheduler(),
                        c.behaviour().isSlow(i, c.connections()));
                subscribers.add(s);
                long delay = Math.max(0, session.connectAt(i) - session.clock().nanoTime());
                clients.scheduler().schedule(s::connect, delay, TimeUnit.NANOSECONDS);
            }
            Churn churn = Churn.start(session, subscribers, clients.scheduler());
            StallWatch stalls = StallWatch.start(session, subscribers, clients.scheduler());
            sleepUntil(session, session.endNanos());
            churn.stop();
            stalls.stop();
            subscribers.forEach(JettySubscriber::stop);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MS);
            int unclosed = 0;
            for (JettySubscriber s : subscribers) {
                long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                if (!s.awaitClosed(left)) {
                    unclosed++;
                }
            }
            Map<String, Object> d = new LinkedHashMap<>(clients.describe());
            d.put("streamsNotClosedInTime", unclosed);
            d.put("streamsEndedForSilence", stalls.ended());
            d.put("silenceTimeoutMs", stalls.timeoutMs());
            d.put("churnTurnsPassedOver", churn.skipped());
            session.describeDriver(Map.of("jettyDriver", d));
        }
    }

    private static void sleepUntil(LoadSession session, long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - session.clock().nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
