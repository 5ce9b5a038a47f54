package io.pushbench.server.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushbench.wire.Transport;
import io.pushbench.wire.llm.Fault;
import io.pushbench.wire.llm.LlmContract;
import io.pushbench.wire.llm.LlmContract.Api;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The SSE side of the simulated model server:
 * <ul>
 *   <li>{@code POST /v1/chat/completions} and {@code POST /v1/responses} with {@code "stream": true}: a
 *       {@code text/event-stream} of the response's events;</li>
 *   <li>{@code GET /v1/responses/ID?stream=true[&starting_after=N]} (or header {@code Last-Event-ID: ID/N}): the
 *       events of a retained response after N, then the live ones.</li>
 * </ul>
 * Refusals answer OpenAI's error shape on one line, {@code {"error":{"message":…,"type":…,"code":…}}}: 400 for a
 * body that cannot be served (not JSON, a bad field, {@code stream} not true), 413 over {@value #MAX_BODY} bytes,
 * 404 {@code response_not_found} for an unknown or expired resume, 500 for the {@code http_error} fault.
 * The body is read with a blocking read on the request's pool thread (bodies are small and arrive with the headers);
 * the events are written without blocking.
 */
final class LlmServlet extends HttpServlet {
    /** Largest request body, bytes (also the largest WebSocket message). */
    static final int MAX_BODY = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient LlmService service;

    LlmServlet(LlmService service) {
        this.service = service;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Api api;
        if (LlmContract.CHAT_PATH.equals(request.getServletPath()) && request.getPathInfo() == null) {
            api = Api.CHAT;
        } else if (LlmContract.RESPONSES_PATH.equals(request.getServletPath()) && request.getPathInfo() == null) {
            api = Api.RESPONSES;
        } else {
            error(response, 404, "invalid_request_error", "not_found", "no such endpoint: POST " + request.getRequestURI());
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            service.metrics().rejected();
            error(response, 413, "invalid_request_error", LlmContract.ERROR_INVALID_REQUEST,
                    "request body over " + MAX_BODY + " bytes");
            return;
        }
        ModelRequest r;
        try {
            r = ModelRequest.parse(readJson(body), api);
            if (!r.stream()) {
                throw new IllegalArgumentException("only streaming is simulated: set \"stream\": true");
            }
        } catch (IllegalArgumentException e) {
            service.metrics().rejected();
            error(response, 400, "invalid_request_error", LlmContract.ERROR_INVALID_REQUEST, e.getMessage());
            return;
        }
        if (r.fault() == Fault.HTTP_ERROR) {
            service.metrics().fault();
            error(response, 500, "server_error", LlmContract.ERROR_SERVER,
                    "simulated server error (pushbench fault http_error)");
            return;
        }
        Generation g = service.newGeneration(r);
        try {
            stream(request, response, g, FaultPlan.of(r, Transport.SSE, g.events(), service.metrics()), -1);
        } catch (IOException | RuntimeException e) {
            service.forget(g);   // never submitted: it would never end, so never expire
            throw e;
        }
        service.model().submit(g);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (!LlmContract.RESPONSES_PATH.equals(request.getServletPath()) || path == null || path.length() < 2
                || path.indexOf('/', 1) >= 0) {
            error(response, 404, "invalid_request_error", "not_found", "no such endpoint: GET " + request.getRequestURI());
            return;
        }
        String id = path.substring(1);
        int after;
        try {
            if (!"true".equals(request.getParameter("stream"))) {
                throw new IllegalArgumentException("only streaming is simulated: GET " + LlmContract.RESPONSES_PATH
                        + "/ID?stream=true");
            }
            after = startingAfter(id, request);
        } catch (IllegalArgumentException e) {
            service.metrics().rejected();
            error(response, 400, "invalid_request_error", LlmContract.ERROR_INVALID_REQUEST, e.getMessage());
            return;
        }
        Generation g = service.retained(id);
        if (g == null) {
            service.metrics().notFound();
            error(response, 404, "invalid_request_error", LlmContract.ERROR_RESPONSE_NOT_FOUND,
                    "no response " + clip(id) + " (unknown, or its retention expired)");
            return;
        }
        service.metrics().resumed();
        stream(request, response, g, FaultPlan.NONE, after);
    }

    /** {@code starting_after} (query) or the {@code Last-Event-ID: ID/N} header (it must name this response); -1 when neither. */
    private static int startingAfter(String id, HttpServletRequest request) {
        String header = request.getHeader(LlmContract.LAST_EVENT_ID_HEADER);
        String param = request.getParameter(LlmContract.STARTING_AFTER_PARAM);
        String raw = param;
        String what = LlmContract.STARTING_AFTER_PARAM;
        if (param == null && header != null) {
            int slash = header.lastIndexOf('/');
            if (slash < 0 || !header.substring(0, slash).strip().equals(id)) {
                throw new IllegalArgumentException(LlmContract.LAST_EVENT_ID_HEADER + " must be " + clip(id) + "/N, was '"
                        + clip(header) + "'");
            }
            raw = header.substring(slash + 1).strip();
            what = LlmContract.LAST_EVENT_ID_HEADER;
        }
        if (raw == null) {
            return -1;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            if (n < -1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be an integer >= -1, was '" + clip(raw) + "'");
        }
    }

    private void stream(HttpServletRequest request, HttpServletResponse response, Generation g, FaultPlan plan,
                        int startingAfter) throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        ServletOutputStream out = response.getOutputStream();
        LlmSseStream s = new LlmSseStream(service, g, plan, request, async, out);
        async.addListener(s);
        ServletContextRequest.getServletContextRequest(request).addIdleTimeoutListener(timeout -> {
            s.idleTimeout();
            return true;
        });
        service.register(s);
        out.setWriteListener(s);      // before any event is offered: the drain guards every write with isReady()
        g.attach(s, startingAfter);
    }

    private static JsonNode readJson(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("the body cannot be read: " + e.getMessage());
        }
    }

    /** OpenAI's error shape, on one line. */
    static void error(HttpServletResponse response, int status, String type, String code, String message)
            throws IOException {
        var node = JSON.createObjectNode();
        node.putObject("error").put("message", message).put("type", type).put("code", code);
        byte[] body = (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Echo at most 60 printable characters of client input. */
    static String clip(String raw) {
        String s = raw.replaceAll("[^\\x20-\\x7e]", "?");
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
