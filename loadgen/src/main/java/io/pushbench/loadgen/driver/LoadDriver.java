package io.pushbench.loadgen.driver;

import io.pushbench.analysis.results.Driver;

/**
 * The one small SPI per load generator (Gatling, the Jetty client, headless Chromium, the in-memory test driver): it opens subscribers
 * and hands every received event to the measurement core; everything else (phases, accounting, sampling, the
 * results file) belongs to the {@link LoadSession} it is given.
 *
 * <pre>{@code
 * LoadSession session = LoadSession.start(config, System.out);   // the load starts now
 * driver.run(session);                                           // returns after the drain, every stream closed
 * RunResult r = session.finish(0);                               // writes <runId>.driver.json
 * }</pre>
 *
 * <p>Contract of {@link #run}: open {@code config.connections()} subscribers, subscriber {@code i} at
 * {@link LoadSession#connectAt(int)} (the ramp); give each its own {@link io.pushbench.loadgen.core.ConnectionProbe}
 * from {@link LoadSession#newProbe()} and report on it, as close to the socket read as the client allows, the
 * connect start, the handshake (when observable), every feed event ({@link FeedEvents}) with its receive time, and
 * the stream's end ({@link LoadSession#streamEnded}); reconnect after {@link LoadSession#backoff(int)}, resuming from
 * {@code probe.resumePoint()}, while {@link LoadSession#running()}; close every stream at
 * {@link LoadSession#endNanos()} and return. A probe has one writer at a time. What the driver itself costs is
 * measured by the session (process CPU, the busiest thread); {@link LoadSession#describeDriver} adds the driver's
 * own description (threads, selectors, connections) to the results.
 */
public interface LoadDriver {
    /** Which driver this is, as results and run ids name it. */
    Driver kind();

    /** Runs the load for the session's whole schedule; see the class contract. */
    void run(LoadSession session) throws Exception;
}
