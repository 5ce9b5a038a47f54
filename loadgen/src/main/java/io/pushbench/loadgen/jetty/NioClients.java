package io.pushbench.loadgen.jetty;

import io.pushbench.loadgen.core.NanoClock;
import io.pushbench.loadgen.driver.DriverConfig;
import io.pushbench.wire.Transport;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lean HTTP/1.1 client of one {@link JettyDriver} run: selector loops = the cores this JVM may use
 * ({@link NioLoops}), connections spread over them round robin, and the scheduler the subscribers share. SSE runs
 * {@link NioSseStream}, WebSocket {@link NioWsStream}.
 *
 * <pre>{@code
 * try (NioClients c = NioClients.start(config)) {
 *     JettySubscriber.Stream s = c.stream(URI.create("http://127.0.0.1:8080/"), clock);
 * }
 * }</pre>
 */
final class NioClients implements StreamClients {
    private final DriverConfig config;
    private final NioLoops loops;
    private final ScheduledExecutorScheduler scheduler;

    private NioClients(DriverConfig config, NioLoops loops, ScheduledExecutorScheduler scheduler) {
        this.config = config;
        this.loops = loops;
        this.scheduler = scheduler;
    }

    /** Starts the loops and the scheduler for {@code config} (HTTP/1.1, http://). */
    static NioClients start(DriverConfig config) throws Exception {
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("pushbench-nio-scheduler", true);
        scheduler.start();
        try {
            return new NioClients(config, NioLoops.start(Math.max(1, Runtime.getRuntime().availableProcessors())),
                    scheduler);
        } catch (Exception e) {
            JettyClients.stopQuietly(scheduler, "pushbench nio");
            throw e;
        }
    }

    @Override
    public JettySubscriber.Stream stream(URI base, NanoClock clock) {
        NioTarget target = NioTarget.of(base);
        return config.transport() == Transport.WS ? new NioWsStream(loops, target, clock)
                : new NioSseStream(loops, target, clock);
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("h1Client", JettyDriver.H1Client.NIO.key());
        m.put("client", "pushbench NIO selector loops over HTTP/1.1 ("
                + (config.transport() == Transport.WS ? "RFC 6455 upgrade; wire WebSocketFrameParser"
                : "wire SseParser") + "; Jetty HttpParser for the response head"
                + (config.transport() == Transport.WS ? ")" : " and chunked body)"));
        m.put("selectors", loops.size());
        m.put("attemptsFailed", loops.failures());
        String first = loops.firstFailure();
        if (first != null) {
            m.put("firstFailure", first);
        }
        return m;
    }

    @Override
    public void close() {
        loops.close();
        JettyClients.stopQuietly(scheduler, "pushbench nio");
    }
}
