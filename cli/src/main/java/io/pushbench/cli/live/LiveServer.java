package io.pushbench.cli.live;

import io.pushbench.reports.render.Templates;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live page's HTTP server inside the pushbench process: a Jetty core server on {@code 127.0.0.1} only (never
 * another interface) serving the page ({@code /}), its script and ECharts from the class path (the report's webjar:
 * the page works offline), and the events of a {@link LiveEvents} as {@code text/event-stream} on
 * {@value #EVENTS_PATH}, each page first replayed the history after its {@code Last-Event-ID}, then sent a
 * heartbeat comment every {@code heartbeat}. Daemon threads: a server left open never holds the JVM.
 *
 * <pre>{@code
 * try (LiveServer live = LiveServer.start(events, 0, Duration.ofSeconds(10))) {
 *     System.out.println("live: " + live.url());      // http://127.0.0.1:41823/
 *     ...                                              // the run appends to events
 * }                                                    // pages get the rest of the events, then the end
 * }</pre>
 */
public final class LiveServer implements AutoCloseable {
    /** The event stream's path. */
    public static final String EVENTS_PATH = "/events";
    private static final String ROOT = "io/pushbench/cli/live/";
    private static final String HOST = "127.0.0.1";

    private final Server server;
    private final ServerConnector connector;
    private final LiveEvents events;
    private final ScheduledExecutorService heartbeats;
    private final Set<LiveStream> streams = ConcurrentHashMap.newKeySet();
    private final Map<String, Asset> assets;

    private record Asset(String contentType, byte[] bytes) {
    }

    private LiveServer(LiveEvents events, int port, Duration heartbeat) throws IOException {
        this.events = events;
        // The page, its script and ECharts, read once: a missing one fails here, before any URL is printed.
        this.assets = Map.of(
                "/", new Asset("text/html;charset=utf-8", resource(ROOT + "live.html")),
                "/live.js", new Asset("text/javascript;charset=utf-8", resource(ROOT + "live.js")),
                "/echarts.min.js", new Asset("text/javascript;charset=utf-8", resource(Templates.ECHARTS)));
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("pushbench-live");
        threads.setDaemon(true);
        this.server = new Server(threads);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory());
        connector.setHost(HOST);
        connector.setPort(port);
        connector.setIdleTimeout(Duration.ofSeconds(60).toMillis());   // heartbeats come far more often
        server.addConnector(connector);
        server.setHandler(new Routes());
        server.setStopTimeout(2000);
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pushbench-live-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, heartbeat.toMillis());
        heartbeats.scheduleAtFixedRate(() -> streams.forEach(LiveStream::heartbeat), every, every,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Starts serving {@code events} on {@code 127.0.0.1:port} (0: a free port). Throws when the port cannot be
     * bound or a resource is missing; nothing is left running then.
     */
    public static LiveServer start(LiveEvents events, int port, Duration heartbeat) throws Exception {
        LiveServer s = new LiveServer(events, port, heartbeat);
        try {
            s.server.start();
        } catch (Exception e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** The page's address, {@code http://127.0.0.1:PORT/}. */
    public URI url() {
        return URI.create("http://" + HOST + ":" + connector.getLocalPort() + "/");
    }

    /** Pages currently connected to the event stream. */
    public int streams() {
        return streams.size();
    }

    /** Ends every event stream after what is queued (waiting up to 2 s), then stops the server. */
    @Override
    public void close() {
        heartbeats.shutdownNow();
        CompletableFuture<?>[] ending = streams.stream().peek(LiveStream::closeCleanly).map(LiveStream::ended)
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(ending).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // a page that does not take its last bytes within 2 s is cut off by the stop below
        }
        try {
            server.stop();
        } catch (Exception e) {
            // stopping a local page server: nothing left to do about it
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LiveServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing class-path resource " + name);
            }
            return in.readAllBytes();
        }
    }

    private final class Routes extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            // Another Host than the one we printed means a page elsewhere resolved its own name to 127.0.0.1 (DNS
            // rebinding): it gets nothing.
            String host = request.getHeaders().get(HttpHeader.HOST);
            int port = connector.getLocalPort();
            if (host != null && !host.equals(HOST + ":" + port) && !host.equals("localhost:" + port)) {
                Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403);
                return true;
            }
            if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
                Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
                return true;
            }
            String path = Request.getPathInContext(request);
            if (EVENTS_PATH.equals(path)) {
                stream(request, response, callback);
                return true;
            }
            Asset a = assets.get("/index.html".equals(path) ? "/" : path);
            if (a == null) {
                Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                return true;
            }
            response.setStatus(HttpStatus.OK_200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, a.contentType());
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            response.write(true, ByteBuffer.wrap(a.bytes()), callback);
            return true;
        }

        private void stream(Request request, Response response, Callback callback) {
            response.setStatus(HttpStatus.OK_200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            LiveStream s = new LiveStream(response, callback, server.getThreadPool());
            streams.add(s);
            s.ended().whenComplete((v, x) -> {
                events.unsubscribe(s);
                streams.remove(s);
            });
            s.start();
            events.subscribe(lastEventId(request), s);
            if (s.ended().isDone()) {   // the page left before it was subscribed
                events.unsubscribe(s);
            }
        }
    }

    /** The id the page saw last: EventSource resends it on reconnect; 0 (replay everything) on a first visit. */
    static long lastEventId(Request request) {
        HttpField f = request.getHeaders().getField("Last-Event-ID");
        String v = f == null ? Request.extractQueryParameters(request).getValue("lastEventId") : f.getValue();
        if (v == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
