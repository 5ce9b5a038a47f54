package io.pushbench.loadgen.jetty;

import io.pushbench.analysis.results.Driver;
import io.pushbench.loadgen.driver.DriverConfig;
import io.pushbench.loadgen.driver.LoadDriver;
import io.pushbench.loadgen.driver.LoadSession;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * pushbench's lean load generator: SSE and WebSocket over HTTP/1.1 on its own NIO selector loops by default
 * ({@link NioSseStream}, {@link NioWsStream}), over h2c on Jetty 12's clients ({@link SseStream}, RFC 8441
 * {@link WsStream}, {@code streamsPerConnection} subscribers per h2c connection).
 *
 * <pre>{@code
 * LoadSession s = LoadSession.start(config, System.out);    // config.driver() == Driver.JETTY
 * new JettyDriver().run(s);                                 // returns after the drain
 * s.finish(0);
 * }</pre>
 *
 * <p>The HTTP/1.1 client ({@link H1Client}, {@code -Dpushbench.jetty.client=nio|httpclient}, default {@code nio}):
 * <ul>
 *   <li>{@code nio}: one selector loop per core this JVM may use, connections spread round robin, each keeping
 *       {@code OP_READ} interest for its life; a read is parsed and delivered on the loop that made it, with the
 *       receive time taken right after it. Parsing reuses kept parsers: Jetty's {@code HttpParser} for the response
 *       head and the chunked body, the {@code wire} module's {@code SseParser} for events and
 *       {@code WebSocketFrameParser} for frames; the 101 is validated ({@code Sec-WebSocket-Accept}), client frames
 *       (pong, close) masked. What it saves over Jetty's {@code HttpClient} is that client's machinery per wake-up
 *       (interest re-armed after every fill, execution strategy, content-source demand, pool bookkeeping), which
 *       made the driver cost more per message than the bare reader it is measured against. Cleartext
 *       {@code http://} only: an {@code https://} server runs the HttpClient path.</li>
 *   <li>{@code httpclient}: Jetty's {@code HttpClient} (and {@code WebSocketClient} on it), as over h2c.</li>
 * </ul>
 * The results name the client that ran ({@code extensions.jettyDriver.h1Client}).
 *
 * <p>Connects are spread over the ramp ({@link LoadSession#connectAt}) by one scheduler thread; reconnects follow the
 * session's backoff; at the end of the drain every stream is closed and the run waits (bounded) for each to end, so
 * that no probe is written after the session's last sample.
 */
public final class JettyDriver implements LoadDriver {
    private static final long CLOSE_WAIT_MS = 10_000;
    /** The system property that picks the HTTP/1.1 client ({@link H1Client#key()}). */
    public static final String CLIENT_PROPERTY = "pushbench.jetty.client";

    /** The client that carries HTTP/1.1 streams. */
    public enum H1Client {
        /** pushbench's own selector loops (the default). */
        NIO("nio"),
        /** Jetty's HttpClient and WebSocketClient. */
        HTTPCLIENT("httpclient");

        private final String key;

        H1Client(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        /** {@code nio} or {@code httpclient}; null or blank gives the default. */
        public static H1Client parse(String s) {
            if (s == null || s.isBlank()) {
                return NIO;
            }
            for (H1Client c : values()) {
                if (c.key.equalsIgnoreCase(s.strip())) {
                    return c;
                }
            }
            throw new IllegalArgumentException(CLIENT_PROPERTY + ": unknown HTTP/1.1 client \"" + s
                    + "\" (known: nio, httpclient)");
        }
    }

    private final H1Client h1Client;

    /** The driver with the HTTP/1.1 client named by {@value #CLIENT_PROPERTY} (default {@code nio}). */
    public JettyDriver() {
        this(H1Client.parse(System.getProperty(CLIENT_PROPERTY)));
    }

    public JettyDriver(H1Client h1Client) {
        this.h1Client = java.util.Objects.requireNonNull(h1Client, "h1Client");
    }

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
        URI base = URI.create(c.baseUrl().replaceAll("/+$", "") + "/");
        try (StreamClients clients = leanPath(c) ? NioClients.start(c)
                : JettyClients.start(c, c.transport() == Transport.WS)) {
            JettySubscriber.Stream stream = clients.stream(base, session.clock());
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

    /** Whether this run's streams take the lean client: HTTP/1.1 to a cleartext server, unless told otherwise. */
    private boolean leanPath(DriverConfig c) {
        return h1Client == H1Client.NIO && c.protocol() == Protocol.H1 && c.baseUrl().startsWith("http://");
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
