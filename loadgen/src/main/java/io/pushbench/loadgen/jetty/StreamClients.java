package io.pushbench.loadgen.jetty;

import io.pushbench.loadgen.core.NanoClock;
import org.eclipse.jetty.util.thread.Scheduler;

import java.net.URI;
import java.util.Map;

/**
 * The clients of one {@link JettyDriver} run, whichever carries the streams: Jetty's {@code HttpClient} and
 * {@code WebSocketClient} ({@link JettyClients}) or pushbench's lean HTTP/1.1 client ({@link NioClients}).
 *
 * <pre>{@code
 * try (StreamClients c = NioClients.start(config)) {
 *     JettySubscriber.Stream s = c.stream(base, session.clock());
 *     c.scheduler().schedule(...);
 *     session.describeDriver(Map.of("jettyDriver", c.describe()));
 * }
 * }</pre>
 */
interface StreamClients extends AutoCloseable {
    /** The stream of the run's transport and protocol against {@code base} (ending with {@code /}). */
    JettySubscriber.Stream stream(URI base, NanoClock clock);

    /** Connects, reconnects, slow reads, the churn and the silence watch run on it. */
    Scheduler scheduler();

    /** What the results record about the client ({@code h1Client}, {@code client}, sizes). */
    Map<String, Object> describe();

    /** Stops everything; never throws. */
    @Override
    void close();
}
