package io.pushbench.server.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushbench.server.NanoClock;
import io.pushbench.wire.Transport;
import io.pushbench.wire.llm.LlmContract;
import io.pushbench.wire.llm.LlmContract.Api;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated model server, mounted on the feed server's Jetty instance: the {@link SimulatedModel} and its
 * {@link ModelThread}, the retained Responses API responses (for resume), the live streams (for
 * {@code /admin/drop?target=llm}) and the counters of {@code /metrics}' {@code llm} object. Both transports use the
 * feed's queue bound and pool, so the LLM endpoints follow the feed's fairness rules.
 *
 * <pre>{@code
 * LlmService llm = new LlmService(config.llm(), config.queue(), config.wsDeflate(), pool, NanoClock.SYSTEM);
 * llm.addServlets(context);                            // POST /v1/chat/completions, /v1/responses; GET /v1/responses/ID
 * llm.addWebSocket(container);                          // /v1/responses upgrades
 * llm.start();
 * ...
 * llm.close();                                          // before the server stops
 * }</pre>
 */
public final class LlmService implements AutoCloseable {
    private final LlmConfig config;
    private final int queueBound;
    private final boolean wsDeflate;
    private final Executor executor;
    private final NanoClock clock;
    private final LlmMetrics metrics = new LlmMetrics();
    private final Map<String, Generation> retained = new ConcurrentHashMap<>();
    private final Set<LlmStream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicLong assignedSeeds = new AtomicLong();
    private final SimulatedModel model;
    private final ModelThread thread;

    /**
     * @param queueBound the per-stream queue bound (the feed's {@code --queue})
     * @param wsDeflate  accept permessage-deflate (the feed's {@code wsDeflate} variant)
     * @param executor   the pool that writes (Jetty's)
     */
    public LlmService(LlmConfig config, int queueBound, boolean wsDeflate, Executor executor, NanoClock clock) {
        this.config = config;
        this.queueBound = queueBound;
        this.wsDeflate = wsDeflate;
        this.executor = executor;
        this.clock = clock;
        this.model = new SimulatedModel(config, clock, metrics, g -> retained.remove(g.id(), g));
        this.thread = new ModelThread(model, clock);
    }

    /** Maps the SSE endpoints into {@code context}. */
    public void addServlets(ServletContextHandler context) {
        ServletHolder holder = new ServletHolder("llm", new LlmServlet(this));
        holder.setAsyncSupported(true);
        context.getServletHandler().addServletWithMapping(holder, LlmContract.CHAT_PATH);
        context.getServletHandler().addServletWithMapping(holder, LlmContract.RESPONSES_PATH);
        context.getServletHandler().addServletWithMapping(holder, LlmContract.RESPONSES_PATH + "/*");
    }

    /** Maps the Responses API's WebSocket twin into {@code container}. */
    public void addWebSocket(ServerWebSocketContainer container) {
        container.addMapping(LlmContract.RESPONSES_WS_PATH, new LlmWsCreator(this, wsDeflate));
    }

    public void start() {
        thread.start();
    }

    /** A new generation for {@code r} (its seed, or the next server-assigned one); retained when resumable. */
    Generation newGeneration(ModelRequest r) {
        metrics.request();
        long seed = r.seed() != null ? r.seed() : assignedSeeds.getAndIncrement();
        Generation g = new Generation(r, LlmEvents.forApi(r.api()), config, seed);
        if (r.api() == Api.RESPONSES) {
            retained.put(g.id(), g);
        }
        return g;
    }

    /** Drops a generation that was never submitted. */
    void forget(Generation g) {
        retained.remove(g.id(), g);
    }

    /** A retained response, or null (unknown, or expired {@code retain} after it ended). */
    Generation retained(String id) {
        return retained.get(id);
    }

    void register(LlmStream s) {
        streams.add(s);
    }

    void unregister(LlmStream s) {
        streams.remove(s);
    }

    /**
     * {@code /admin/drop?target=llm}: ends {@code round(fraction × n)} randomly chosen of the {@code n} busy streams
     * of the transport (null: both): SSE responses, and WebSocket connections with a response in flight.
     *
     * @return how many were chosen
     */
    public int drop(Transport only, double fraction, boolean abort) {
        List<LlmStream> candidates = new ArrayList<>();
        for (LlmStream s : streams) {
            if ((only == null || s.transport() == only) && s.busy()) {
                candidates.add(s);
            }
        }
        int n = (int) Math.round(fraction * candidates.size());
        Collections.shuffle(candidates, ThreadLocalRandom.current());
        for (LlmStream s : candidates.subList(0, n)) {
            s.terminate(abort, "dropped by /admin/drop");
        }
        return n;
    }

    /** The {@code /metrics} {@code llm} object. */
    public ObjectNode metricsJson() {
        return metrics.toJson(model.active(), model.queued());
    }

    LlmMetrics metrics() {
        return metrics;
    }

    SimulatedModel model() {
        return model;
    }

    public LlmConfig config() {
        return config;
    }

    int queueBound() {
        return queueBound;
    }

    Executor executor() {
        return executor;
    }

    /** Stops the model and ends every stream cleanly, so that the server's graceful stop has nothing to wait for. */
    @Override
    public void close() {
        thread.close();
        for (LlmStream s : List.copyOf(streams)) {
            s.terminate(false, "server shutting down");
        }
    }
}
