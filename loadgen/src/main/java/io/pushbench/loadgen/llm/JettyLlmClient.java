package io.pushbench.loadgen.llm;

import io.pushbench.loadgen.core.NanoClock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the SSE and WebSocket clients share: the Jetty clients of a step ({@link LlmJetty}), the settings, the request
 * bodies, the clock, and the events counted, with the {@link LlmClient} methods that only report them.
 */
abstract class JettyLlmClient implements LlmClient {
    protected final LlmJetty jetty;
    protected final LlmClient.Settings settings;
    protected final RequestBodies bodies;
    protected final NanoClock clock;
    /** Events received, every response (counted by the subclass as it decodes them). */
    protected final AtomicLong events = new AtomicLong();

    JettyLlmClient(LlmJetty jetty, LlmClient.Settings s) {
        this.jetty = jetty;
        this.settings = s;
        this.bodies = new RequestBodies(s.model(), s.ignoreEos());
        this.clock = s.clock();
    }

    @Override
    public long events() {
        return events.get();
    }

    @Override
    public long connectionsOpened() {
        return jetty.connectionsOpened();
    }

    @Override
    public String describe() {
        return jetty.describe(settings.protocol());
    }

    /** Stops the Jetty clients. */
    @Override
    public void close() {
        jetty.close();
    }
}
