package io.pushbench.loadgen.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A DevTools protocol (CDP) connection to one page, straight to the browser's debugging port (the
 * {@code debuggerAddress} chromedriver reports), beside chromedriver's own: one command at a time, answered in order.
 *
 * <pre>{@code
 * try (DevToolsPage cdp = DevToolsPage.connect(URI.create("ws://localhost:PORT/devtools/page/" + targetId))) {
 *     JsonNode now = cdp.evaluate("performance.now()");            // 1234.565
 *     JsonNode m = cdp.call("Performance.getMetrics", Map.of());   // {"metrics":[{"name":..,"value":..}, ...]}
 * }
 * }</pre>
 *
 * <p>Why not WebDriver's {@code executeScript}: a round trip through chromedriver took 3.7 ms at best on the
 * reference machine, a DevTools round trip 0.4 ms; the page clock's offset is bounded by the round trip, and the
 * drain every 200 ms costs less.
 */
final class DevToolsPage implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_MS = 30_000;

    private final WebSocket socket;
    private final Listener listener;
    private int nextId;

    private DevToolsPage(WebSocket socket, Listener listener) {
        this.socket = socket;
        this.listener = listener;
    }

    /** Connects to a page's {@code webSocketDebuggerUrl}. */
    static DevToolsPage connect(URI url) throws InterruptedException {
        Listener l = new Listener();
        try {
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(url, l)
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return new DevToolsPage(ws, l);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot open the DevTools connection " + url + ": " + e.getMessage(), e);
        }
    }

    /** Sends {@code method} with {@code params} and returns its {@code result}; IllegalStateException on error. */
    JsonNode call(String method, Map<String, ?> params) {
        int id = ++nextId;
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        listener.pending = answer;
        listener.pendingId = id;
        try {
            socket.sendText(msg.toString(), true).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            JsonNode r = answer.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (r.has("error")) {
                throw new IllegalStateException("DevTools " + method + " failed: " + r.get("error"));
            }
            return r.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during DevTools " + method, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable c = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("DevTools " + method + " got no answer: " + c, c);
        }
    }

    /** Evaluates {@code expression} in the page and returns its value (JSON); IllegalStateException if it threw. */
    JsonNode evaluate(String expression) {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("the page threw on '" + expression + "': "
                    + r.path("exceptionDetails").path("exception").path("description").asText(
                    r.path("exceptionDetails").toString()));
        }
        return r.path("result").path("value");
    }

    @Override
    public void close() {
        socket.abort();
    }

    /** Assembles messages and completes the one pending command; a closed or failed socket fails it. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private volatile CompletableFuture<JsonNode> pending;
        private volatile int pendingId;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String m = text.toString();
                text.setLength(0);
                try {
                    JsonNode n = JSON.readTree(m);
                    CompletableFuture<JsonNode> p = pending;
                    if (p != null && n.path("id").asInt(-1) == pendingId) {
                        p.complete(n);
                    }
                } catch (java.io.IOException e) {
                    fail(e);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            fail(new IllegalStateException("the DevTools connection closed (" + status + " " + reason + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            fail(error);
        }

        private void fail(Throwable t) {
            CompletableFuture<JsonNode> p = pending;
            if (p != null) {
                p.completeExceptionally(t);
            }
        }
    }
}
