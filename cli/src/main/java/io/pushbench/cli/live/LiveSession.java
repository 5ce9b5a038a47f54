package io.pushbench.cli.live;

import io.pushbench.analysis.results.RunResult;
import io.pushbench.loadgen.compare.CompareListener;
import io.pushbench.loadgen.run.RunListener;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * A command's live page for its whole length: the {@link LiveServer} with its {@link LiveEvents} and the
 * {@link LiveFeed} that fills them, or nothing at all ({@link #OFF}: {@code --no-live}, or the server could not
 * start). Callers use it the same way either way; closing it tells the pages the end and stops the server.
 *
 * <pre>{@code
 * try (LiveSession live = LiveSession.start("run", 0, Duration.ofSeconds(10), 50_000, out::println)) {
 *     live.runStarting(LiveRun.of(spec));
 *     RunResult r = new RunOrchestrator().run(spec, live.listener(consoleProgress));
 *     live.runFinished(r);
 *     live.finished(r.valid(), r.valid() ? "valid run" : "invalid run");
 * }
 * }</pre>
 */
public final class LiveSession implements AutoCloseable {
    /** No page. */
    public static final LiveSession OFF = new LiveSession(null, null);

    private final LiveServer server;
    private final LiveFeed feed;

    private LiveSession(LiveServer server, LiveFeed feed) {
        this.server = server;
        this.feed = feed;
    }

    /**
     * Serves the live page of {@code command} on {@code 127.0.0.1:port} (0: a free port) and tells {@code lines} its
     * URL; when that fails, tells {@code lines} why in one warning and returns {@link #OFF}.
     */
    public static LiveSession start(String command, int port, Duration heartbeat, int history,
                                    Consumer<String> lines) {
        LiveEvents events = new LiveEvents(history);
        LiveServer server;
        try {
            server = LiveServer.start(events, port, heartbeat);
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e instanceof java.io.IOException && e.getCause() instanceof java.net.BindException be) {
                why = be.getMessage();
            }
            lines.accept("live: WARNING: no live page (cannot serve 127.0.0.1:" + port + ": " + why
                    + "); the " + command + " goes on without it");
            return OFF;
        }
        lines.accept("live: " + server.url() + " shows the " + command + " as it happens (--no-live turns it off)");
        return new LiveSession(server, new LiveFeed(events, command));
    }

    /** Whether a page is served. */
    public boolean on() {
        return server != null;
    }

    /** The page's URL, or null when off. */
    public java.net.URI url() {
        return server == null ? null : server.url();
    }

    /** {@code console} and, when on, the page. */
    public RunListener listener(RunListener console) {
        return feed == null ? console : ListenerTee.of(console, feed);
    }

    /** {@code console} and, when on, the page. */
    public CompareListener listener(CompareListener console) {
        return feed == null ? console : ListenerTee.of(console, feed);
    }

    /** {@code pushbench run}: its run is planned and starts. */
    public void runStarting(LiveRun run) {
        if (feed != null) {
            feed.planned(run);
            feed.runStarting(run);
        }
    }

    /** {@code pushbench run}: its run ended. */
    public void runFinished(RunResult r) {
        if (feed != null) {
            feed.runFinished(r);
        }
    }

    /** {@code pushbench run}: the end, for a command whose listener has no end event of its own. */
    public void finished(boolean valid, String text) {
        if (feed != null) {
            feed.finished(valid, text);
        }
    }

    /** Sends the pages what is queued and stops the server. */
    @Override
    public void close() {
        if (feed != null) {
            feed.stopped();   // no-op after a normal end; otherwise the page learns that nothing more is coming
        }
        if (server != null) {
            server.close();
        }
    }
}
