package io.pushbench.loadgen.probe;

import io.pushbench.loadgen.core.NanoClock;
import io.pushbench.loadgen.core.TransportMeter;
import io.pushbench.wire.Transport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connect time of the transport under test, measured the same way for SSE and WebSocket: the "loaders plus one
 * probe" method of jetty-load-generator. While the loaders (Gatling's users) hold the load, this probe opens one
 * fresh HTTP/1.1 connection at a fixed pace with Jetty's own clients, times it with {@code System.nanoTime()} and
 * closes it at once, so connect time is observed by an instrument that is identical for both transports and never
 * queues behind the loaders' event loops.
 *
 * <pre>{@code
 * try (ConnectProbe probe = ConnectProbe.start(ConnectProbe.Settings.of(Transport.WS,
 *         URI.create("http://127.0.0.1:8080"), 2.0, Duration.ofSeconds(5)), NanoClock.system(),
 *         () -> failures.increment())) {
 *     ...                                     // the load runs
 *     Histogram h = probe.histogram();        // ns, every successful connect so far
 * }                                           // stops the pacer and both clients
 * }</pre>
 *
 * <p>What one sample is (t0 is read on the pacer thread immediately before the client call, t1 in Jetty's callback):
 * <ul>
 *   <li>SSE: {@code GET /sse} with {@code Connection: close} (a fresh socket, never a pooled one) and no resume
 *       point; t1 = the response headers ({@code Response.HeadersListener}, status 200); the exchange is then
 *       aborted, so the probe receives no feed message.</li>
 *   <li>WebSocket: {@code WebSocketClient.connect(/ws)}; t1 = {@code JettyUpgradeListener.onHandshakeResponse}, which
 *       Jetty calls once the 101 response is parsed and validated, before the session opens; the session is closed
 *       as soon as it opens and any frame it receives is ignored.</li>
 * </ul>
 * Both include the TCP connect, the request write, the server's handling up to its response headers and the client's
 * header parse. Attempts are paced by a fixed-rate schedule, never by the previous attempt's completion (a slow
 * connect does not delay the next one, so slowness is not hidden); at most {@value #MAX_IN_FLIGHT} are in flight,
 * further ticks are skipped and counted. Failures (refused, timed out, rejected with another status, other) are
 * counted and reported to {@code onFailure}; they record nothing in the histogram. The probe is no subscriber of
 * the run: it is invisible to the loaders' connection and message accounting.
 */
public final class ConnectProbe implements AutoCloseable {
    /** Attempts in flight beyond which a tick is skipped (counted in {@code skipped}). */
    public static final int MAX_IN_FLIGHT = 16;
    /** Untimed connects made by {@link #open} before the timed ones. */
    public static final int WARMUP_CONNECTS = 5;
    /** Bound on the warm-up, ms. */
    public static final long WARMUP_MILLIS = 2000;

    /**
     * What to probe and how often.
     *
     * @param transport  the transport whose connect is timed
     * @param baseUri    the server, http://host:port
     * @param ratePerSec connects per second, > 0
     * @param timeoutMs  per attempt, > 0: TCP connect plus response headers
     */
    public record Settings(Transport transport, URI baseUri, double ratePerSec, long timeoutMs) {
        public Settings {
            if (transport == null) {
                throw new IllegalArgumentException("connect probe needs a transport");
            }
            if (baseUri == null || !"http".equals(baseUri.getScheme())) {
                throw new IllegalArgumentException("connect probe needs an http:// server URI, was " + baseUri);
            }
            if (!(ratePerSec > 0) || ratePerSec > 1000) {
                throw new IllegalArgumentException("connect probe rate must be > 0 and <= 1000 /s, was " + ratePerSec);
            }
            if (timeoutMs <= 0) {
                throw new IllegalArgumentException("connect probe timeout must be > 0 ms, was " + timeoutMs);
            }
        }

        public static Settings of(Transport transport, URI baseUri, double ratePerSec, java.time.Duration timeout) {
            return new Settings(transport, baseUri, ratePerSec, timeout.toMillis());
        }
    }

    private final Settings settings;
    private final NanoClock clock;
    private volatile Runnable onFailure = () -> { };
    private final Recorder recorder = new Recorder(1, TransportMeter.HIGHEST_NANOS, TransportMeter.DIGITS);
    private final Histogram total = new Histogram(1, TransportMeter.HIGHEST_NANOS, TransportMeter.DIGITS);
    private Histogram recycle;
    private final LongAdder attempts = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder otherFailures = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder clamped = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;
    private volatile String lastFailure;
    private final ProbeDialer dialer;
    private final ScheduledExecutorService pacer;

    private ConnectProbe(Settings settings, NanoClock clock, ProbeDialer dialer) {
        this.settings = settings;
        this.clock = clock;
        this.dialer = dialer;
        pacer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pushbench-connect-probe-pacer");
            t.setDaemon(true);
            return t;
        });
    }

    /** {@link #open} then {@link #startPacing}: the first timed attempt is made at once. */
    public static ConnectProbe start(Settings settings, NanoClock clock, Runnable onFailure) throws Exception {
        ConnectProbe p = open(settings, clock);
        p.startPacing(onFailure);
        return p;
    }

    /**
     * Starts the clients and warms them up with up to {@value #WARMUP_CONNECTS} untimed connects (at most
     * {@value #WARMUP_MILLIS} ms in all): the first connect of a JVM loads and links Jetty's client classes, which
     * would otherwise show up as a connect time of hundreds of milliseconds. Call it before the load starts.
     */
    public static ConnectProbe open(Settings settings, NanoClock clock) throws Exception {
        ConnectProbe p = new ConnectProbe(settings, clock, ProbeDialer.start(settings, clock));
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WARMUP_MILLIS);
        for (int i = 0; i < WARMUP_CONNECTS; i++) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Attempt a = p.new Attempt(true);
            p.launch(a);
            if (!a.completed.await(left, TimeUnit.NANOSECONDS)) {
                break;
            }
        }
        return p;
    }

    /**
     * Starts the fixed-rate pacer; the first timed attempt is made at once. Call once.
     *
     * @param onFailure called once per failed timed attempt (e.g. to add it to the interval errors); may be null
     */
    public void startPacing(Runnable onFailure) {
        if (onFailure != null) {
            this.onFailure = onFailure;
        }
        long period = Math.max(1, Math.round(1e9 / settings.ratePerSec()));
        pacer.scheduleAtFixedRate(this::attempt, 0, period, TimeUnit.NANOSECONDS);
    }

    public Settings settings() {
        return settings;
    }

    /** Makes one attempt now (the pacer's tick; also for tests). */
    void attempt() {
        if (closed) {
            return;
        }
        if (inFlight.get() >= MAX_IN_FLIGHT) {
            skipped.increment();
            return;
        }
        attempts.increment();
        launch(new Attempt(false));
    }

    private void launch(Attempt a) {
        inFlight.incrementAndGet();
        dialer.dial(a);
    }

    /** One attempt; completes once, by success or by the first failure. */
    private final class Attempt implements ProbeDialer.Outcome {
        private volatile long start;
        private final boolean warmup;
        private final AtomicBoolean done = new AtomicBoolean();
        final CountDownLatch completed = new CountDownLatch(1);

        Attempt(boolean warmup) {
            this.warmup = warmup;
        }

        @Override
        public void begin(long nanos) {
            start = nanos;
        }

        @Override
        public void connected(long end) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            inFlight.decrementAndGet();
            completed.countDown();
            if (closed || warmup) {
                return;
            }
            long nanos = end - start;
            if (nanos > TransportMeter.HIGHEST_NANOS) {
                clamped.increment();
                nanos = TransportMeter.HIGHEST_NANOS;
            }
            recorder.recordValue(Math.max(1, nanos));
            succeeded.increment();
        }

        @Override
        public void rejected() {
            fail(rejected);
        }

        @Override
        public void failed(Throwable t) {
            if (lastFailure == null && !done.get() && !closed && !warmup) {
                lastFailure = String.valueOf(t);
            }
            fail(classify(t));
        }

        private void fail(LongAdder kind) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            inFlight.decrementAndGet();
            completed.countDown();
            if (closed || warmup) {
                return;                            // stopped under way by close(), or untimed: not counted
            }
            kind.increment();
            onFailure.run();
        }
    }

    private LongAdder classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.net.ConnectException) {
                return refused;
            }
            if (c instanceof java.util.concurrent.TimeoutException || c instanceof java.net.SocketTimeoutException) {
                return timedOut;
            }
            if (c instanceof org.eclipse.jetty.websocket.api.exceptions.UpgradeException
                    || c instanceof org.eclipse.jetty.websocket.core.exception.UpgradeException) {
                return rejected;
            }
        }
        return otherFailures;
    }

    /** Every successful connect so far, ns (a copy). */
    public synchronized Histogram histogram() {
        recycle = recorder.getIntervalHistogram(recycle);
        total.add(recycle);
        return total.copy();
    }

    /** Failed attempts so far (refused + timed out + rejected + other). */
    public long failures() {
        return refused.sum() + timedOut.sum() + rejected.sum() + otherFailures.sum();
    }

    /** Successful connects so far. */
    public long successes() {
        return succeeded.sum();
    }

    /** Counters for a results file's {@code extensions.connectProbe}. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transport", settings.transport().key());
        m.put("ratePerSec", settings.ratePerSec());
        m.put("timeoutMs", settings.timeoutMs());
        m.put("attempts", attempts.sum());
        m.put("succeeded", succeeded.sum());
        m.put("failures", failures());
        m.put("refused", refused.sum());
        m.put("timedOut", timedOut.sum());
        m.put("rejected", rejected.sum());
        m.put("otherFailures", otherFailures.sum());
        m.put("skipped", skipped.sum());
        m.put("clamped", clamped.sum());
        if (lastFailure != null) {
            m.put("firstFailure", lastFailure);
        }
        return m;
    }

    /**
     * Stops pacing, gives attempts under way up to a second to land, then stops both clients (their threads end);
     * attempts still under way then are neither samples nor failures. Idempotent.
     */
    @Override
    public void close() {
        if (pacer.isShutdown() && closed) {
            return;
        }
        pacer.shutdownNow();
        try {
            pacer.awaitTermination(1, TimeUnit.SECONDS);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (inFlight.get() > 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        dialer.close();
    }
}
