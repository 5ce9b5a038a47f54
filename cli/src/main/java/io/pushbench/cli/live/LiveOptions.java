package io.pushbench.cli.live;

import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The {@code --live-port} and {@code --no-live} flags of {@code pushbench run} and {@code compare}, and how they
 * open the live page: on by default, on a free port of 127.0.0.1 unless {@code --live-port} names one.
 *
 * <pre>{@code
 * @Mixin LiveOptions live = new LiveOptions();
 * try (LiveSession session = live.open("run", console::line)) {    // prints the URL, or one warning
 *     ...
 * }
 * }</pre>
 */
public final class LiveOptions {
    /** How long a quiet event stream waits before a heartbeat comment. */
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** Events kept for pages that connect late (about 13 hours of one-second samples). */
    static final int HISTORY = 50_000;

    @Option(names = "--live-port", paramLabel = "PORT",
            description = "port of the live page on 127.0.0.1 (default: a free port)")
    public Integer livePort;

    @Option(names = "--no-live", description = "do not serve the live page (the run's progress in a browser)")
    public boolean noLive;

    /** Bad input fails before anything starts: IllegalArgumentException (exit 2) for a port out of range. */
    public void check() {
        if (livePort != null && (livePort < 0 || livePort > 65535)) {
            throw new IllegalArgumentException("--live-port must be 0..65535, was " + livePort);
        }
    }

    /**
     * Starts the live page unless {@code --no-live}; {@code lines} gets its one line (the URL, or why there is no
     * page). Never throws for a page that cannot be served: the command goes on without it.
     */
    public LiveSession open(String command, Consumer<String> lines) {
        check();
        if (noLive) {
            return LiveSession.OFF;
        }
        return LiveSession.start(command, livePort == null ? 0 : livePort, HEARTBEAT, HISTORY, lines);
    }
}
