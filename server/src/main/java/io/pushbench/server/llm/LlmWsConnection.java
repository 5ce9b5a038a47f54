package io.pushbench.server.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushbench.server.SubscriberQueue;
import io.pushbench.wire.Transport;
import io.pushbench.wire.WebSocketFrames;
import io.pushbench.wire.llm.LlmContract;
import io.pushbench.wire.llm.LlmContract.Api;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The WebSocket twin of the Responses API at {@code /v1/responses}: the client sends
 * {@code {"type":"response.create", ...the POST body's fields...}} (or {@code {"type":"response.resume",
 * "response_id":ID,"starting_after":N}}) and receives each event's JSON as one text frame, byte for byte the SSE
 * {@code data:} value. At most {@code wsConcurrent} responses are in flight per connection; a message beyond it,
 * an unknown type or a bad body gets an {@code error} event (codes in {@link LlmContract}) and the connection stays.
 *
 * <p>Fairness with SSE: one bounded {@link SubscriberQueue} per connection with the feed's bound and slow-consumer
 * rule (a full queue aborts the connection), drained on the same pool, each frame sent through the
 * {@link CoreSession} with the event's shared bytes (as the feed's {@code WsConnection} does). A frame leaves the
 * queue depth when its callback succeeds (public only because Jetty binds listener methods reflectively). When the connection ends, its responses go on generating and stay
 * resumable (OpenAI's background mode).
 */
public final class LlmWsConnection implements Session.Listener.AutoDemanding, LlmStream {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LlmService service;
    private final SubscriberQueue queue;
    private final Set<Attachment> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile CoreSession core;

    /** One response carried by this connection. */
    private final class Attachment implements EventSink {
        final Generation generation;
        final FaultPlan plan;

        Attachment(Generation generation, FaultPlan plan) {
            this.generation = generation;
            this.plan = plan;
        }

        private boolean over;

        /** Called by one thread at a time (the generation's lock). */
        @Override
        public void offer(LlmEvent event) {
            if (over) {
                return;   // after an error event or no_done the generation goes on; this stream does not
            }
            Outgoing o = plan.map(event, this);
            if (o.after() != Outgoing.After.NONE) {
                // The response is over on this connection from here: a response.create sent after its last frame
                // arrives is never refused as busy, and events the model still emits are not forwarded.
                over = true;
                inFlight.remove(this);
                generation.detach(this);
            }
            enqueue(o);
        }
    }

    LlmWsConnection(LlmService service) {
        this.service = service;
        this.queue = new SubscriberQueue(service.queueBound());
    }

    @Override
    public Transport transport() {
        return Transport.WS;
    }

    @Override
    public boolean busy() {
        return !inFlight.isEmpty();
    }

    @Override
    public void onWebSocketOpen(Session session) {
        // A prompt may exceed the feed's small client-frame limit, and response.completed carries the whole text.
        session.setMaxTextMessageSize(LlmServlet.MAX_BODY);
        session.setMaxFrameSize(LlmServlet.MAX_BODY);
        core = ((WebSocketSession) session).getCoreSession();
        service.register(this);
    }

    @Override
    public void onWebSocketText(String message) {
        JsonNode msg;
        try {
            msg = JSON.readTree(message);
        } catch (Exception e) {
            refuse(LlmContract.ERROR_INVALID_REQUEST, "the message is not JSON");
            return;
        }
        JsonNode type = msg == null ? null : msg.get("type");
        String t = type == null || !type.isTextual() ? "" : type.asText();
        switch (t) {
            case LlmContract.RESPONSE_CREATE -> create((ObjectNode) msg);
            case LlmContract.RESPONSE_RESUME -> resume(msg);
            default -> refuse(LlmContract.ERROR_INVALID_REQUEST, "unknown message type '" + LlmServlet.clip(t)
                    + "' (known: " + LlmContract.RESPONSE_CREATE + ", " + LlmContract.RESPONSE_RESUME + ")");
        }
    }

    private void create(ObjectNode msg) {
        ModelRequest r;
        try {
            r = ModelRequest.parse(msg, Api.RESPONSES);
        } catch (IllegalArgumentException e) {
            refuse(LlmContract.ERROR_INVALID_REQUEST, e.getMessage());
            return;
        }
        if (atLimit()) {
            return;
        }
        Generation g = service.newGeneration(r);
        Attachment a = new Attachment(g, FaultPlan.of(r, Transport.WS, g.events(), service.metrics()));
        inFlight.add(a);
        g.attach(a, -1);
        service.model().submit(g);
    }

    private void resume(JsonNode msg) {
        JsonNode id = msg.get("response_id");
        JsonNode after = msg.get(LlmContract.STARTING_AFTER_PARAM);
        if (id == null || !id.isTextual()) {
            refuse(LlmContract.ERROR_INVALID_REQUEST, "response_id must be a string");
            return;
        }
        if (after != null && !after.isNull() && !(after.isIntegralNumber() && after.canConvertToInt() && after.asInt() >= -1)) {
            refuse(LlmContract.ERROR_INVALID_REQUEST, LlmContract.STARTING_AFTER_PARAM + " must be an integer >= -1");
            return;
        }
        Generation g = service.retained(id.asText());
        if (g == null) {
            service.metrics().notFound();
            refuse(LlmContract.ERROR_RESPONSE_NOT_FOUND, "no response " + LlmServlet.clip(id.asText())
                    + " (unknown, or its retention expired)");
            return;
        }
        if (atLimit()) {
            return;
        }
        service.metrics().resumed();
        Attachment a = new Attachment(g, FaultPlan.NONE);
        inFlight.add(a);
        g.attach(a, after == null || after.isNull() ? -1 : after.asInt());
    }

    private boolean atLimit() {
        if (inFlight.size() < service.config().wsConcurrent()) {
            return false;
        }
        refuse(LlmContract.ERROR_RESPONSE_IN_PROGRESS, "a response is in flight on this connection (at most "
                + service.config().wsConcurrent() + "; see --llm-ws-concurrent)");
        return true;
    }

    private void refuse(String code, String message) {
        service.metrics().rejected();
        LlmEvent e = LlmEvents.error(Api.RESPONSES, null, 0, System.nanoTime(), code, message);
        enqueue(new Outgoing(null, e.json(), e.sse(), Outgoing.After.NONE, null));
    }

    private void enqueue(Outgoing o) {
        LlmStream.enqueue(this, queue, o, service, this::drainSafely);
    }

    private void drainSafely() {
        try {
            Object item;
            while ((item = queue.next()) != null) {
                send((Outgoing) item);
            }
        } catch (RuntimeException e) {
            terminate(true, "drain failed: " + e);
        }
    }

    private void send(Outgoing o) {
        CoreSession c = core;
        switch (o.after()) {
            case ABORT -> {
                queue.completed(1);
                // Frames before the fault are delivered first: abort once Jetty's flusher has written them.
                c.flush(Callback.from(() -> terminate(true, "pushbench fault close_early"),
                        x -> terminate(true, "pushbench fault close_early")));
                return;
            }
            case CLOSE_1011 -> {
                queue.completed(1);
                c.close(StatusCode.SERVER_ERROR, "simulated server error (pushbench fault http_error)", Callback.NOOP);
                return;
            }
            default -> {
            }
        }
        if (o.json() == null) {
            queue.completed(1);
            return;
        }
        Frame frame = new Frame(OpCode.TEXT, ByteBuffer.wrap(o.json()).asReadOnlyBuffer());
        long bytes = WebSocketFrames.headerLength(frame.getPayloadLength()) + frame.getPayloadLength();
        c.sendFrame(frame, Callback.from(() -> {
            queue.completed(1);
            service.metrics().written(Transport.WS, 1, bytes);
        }, x -> {
            queue.completed(1);
            terminate(true, "write failed: " + x);
        }), false);
    }

    @Override
    public void terminate(boolean abort, String reason) {
        CoreSession c = core;
        queue.close();
        if (c != null) {
            if (abort) {
                c.abort();
            } else {
                c.close(StatusCode.SHUTDOWN, reason, Callback.NOOP);
            }
        }
        ended();
    }

    private void ended() {
        if (ended.compareAndSet(false, true)) {
            queue.close();
            for (Attachment a : inFlight) {
                a.generation.detach(a);   // the generation goes on: resumable on any connection
            }
            inFlight.clear();
            service.unregister(this);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, org.eclipse.jetty.websocket.api.Callback callback) {
        ended();
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        ended();
    }
}
