package io.pushbench.loadgen.gatling;

import io.gatling.javaapi.core.Session;
import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.Environment;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.loadgen.core.ConnectionProbe;
import io.pushbench.loadgen.driver.DriverConfig;
import io.pushbench.loadgen.driver.FeedEvents;
import io.pushbench.loadgen.driver.LoadSession;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * The Gatling side of a {@link LoadSession}, living in the Gatling JVM: one per run. Gatling drives the subscribers
 * itself ({@link PushSimulation}), so this is not a {@link io.pushbench.loadgen.driver.LoadDriver} called by
 * pushbench but the hooks Gatling's DSL calls; the simulation's armed check calls {@link #onFrame} for every inbound
 * SSE event / WebSocket text frame, on the user's Netty event-loop thread, at arrival.
 *
 * <pre>{@code
 * GatlingDriver d = GatlingDriver.start(config, System.out);   // in Simulation.before()
 * ... check hook: return d.onFrame(raw, session, sse);           // "END" once the run is over
 * d.finish(0);                                                   // in Simulation.after(): writes the files
 * }</pre>
 */
public final class GatlingDriver {
    /** Session attribute holding the user's probe. */
    public static final String PROBE = "pushbench.probe";
    /** Session attribute holding the user's reconnect attempt count (for the backoff). */
    public static final String ATTEMPT = "pushbench.attempt";

    private final LoadSession session;

    private GatlingDriver(LoadSession session) {
        this.session = session;
    }

    /** Creates the driver and starts its session; the load starts now. */
    public static GatlingDriver start(DriverConfig config, PrintStream out) throws IOException {
        if (config.driver() != Driver.GATLING) {
            throw new IllegalArgumentException("the Gatling simulation runs the " + Driver.GATLING.key()
                    + " driver only, was " + config.driver().key());
        }
        LoadSession s = LoadSession.start(config, out);
        s.addFile("gatlingReport", "gatling/" + config.runId() + "/index.html");
        s.describeDriver(Map.of("gatlingVersion", Environment.detectGatlingVersion()));
        return new GatlingDriver(s);
    }

    public DriverConfig config() {
        return session.config();
    }

    /** Whether users should keep (re)connecting. */
    public boolean running() {
        return session.running();
    }

    /** See {@link LoadSession#awaitBudget()}. */
    public Duration awaitBudget() {
        return session.awaitBudget();
    }

    /** A new user: its probe goes into the session. */
    public Session newUser(Session s) {
        return s.set(PROBE, session.newProbe()).set(ATTEMPT, 0);
    }

    static ConnectionProbe probe(Session s) {
        return s.get(PROBE);
    }

    /** Before each connect attempt. */
    public Session beforeConnect(Session s) {
        probe(s).onConnectStart(session.clock().nanoTime());
        return s;
    }

    /** After a stream ended: a drop while the run goes on (reconnect with backoff) or the end of the run. */
    public Session afterStream(Session s) {
        int attempt = session.streamEnded(probe(s), s.getInt(ATTEMPT), session.clock().nanoTime());
        return s.set(ATTEMPT, attempt).markAsSucceeded();
    }

    /** See {@link LoadSession#backoff(int)}. */
    public Duration backoff(Session s) {
        return session.backoff(s.getInt(ATTEMPT));
    }

    /** The resume point of the user's probe (0 = none). */
    public long resumePoint(Session s) {
        return probe(s).resumePoint();
    }

    /**
     * The check hook: one inbound SSE event (as Gatling's JSON rendering {@code {"id":..,"data":{...}}}) or one
     * WebSocket text frame: a feed message, the "subscribed" marker or the lost signal. Returns "END" once the run
     * is over (the check matches and the user moves on), "" before.
     */
    public String onFrame(String raw, Session gatlingSession, boolean sse) {
        long recv = session.clock().nanoTime();
        ConnectionProbe p = probe(gatlingSession);
        if (sse) {
            // any SSE event (even the server's first "retry:" block) means the stream is open: Gatling gives no
            // hook at the response headers
            p.onConnected(recv);
        }
        FeedEvents.deliver(p, raw, sse ? sseDataLength(raw) : raw.length(), recv);
        return recv >= session.endNanos() ? "END" : "";
    }

    /** Length of the {@code data} value in Gatling's JSON rendering of an SSE event (the payload size). */
    static int sseDataLength(String raw) {
        int at = raw.indexOf("\"data\":");
        if (at < 0) {
            return raw.length();
        }
        int start = at + 7;
        int retry = raw.indexOf(",\"retry\":", start);
        int end = retry > 0 ? retry : raw.length() - 1;
        return Math.max(0, end - start);
    }

    /** Ends the measurement and writes {@code <runId>.driver.json}; returns the driver's run result. */
    public RunResult finish(int gatlingExitCode) throws IOException {
        return session.finish(gatlingExitCode);
    }
}
