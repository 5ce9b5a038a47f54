package io.pushbench.server.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushbench.wire.llm.LlmContract;
import io.pushbench.wire.llm.LlmContract.Api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Encodes the events of one response in OpenAI's shapes, each with pushbench's {@code {"i","emit_ns","tokens"}}
 * extension ({@link LlmContract#EXT}); one instance per response (it holds the ids and the creation time).
 *
 * <pre>{@code
 * LlmEvents e = LlmEvents.forApi(Api.RESPONSES);
 * LlmEvent created = e.created(0, emitNs);     // event: response.created / id: resp_…/0 / data: {…}
 * }</pre>
 */
public final class LlmEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DONE_SSE = ("data: " + LlmContract.DONE + "\n\n").getBytes(StandardCharsets.US_ASCII);

    private final Api api;
    private final String id;
    private final String itemId;
    private final long createdSeconds;

    private LlmEvents(Api api, String id, String itemId, long createdSeconds) {
        this.api = api;
        this.id = id;
        this.itemId = itemId;
        this.createdSeconds = createdSeconds;
    }

    /** New ids ({@code chatcmpl-…} or {@code resp_…}, random) and the creation time now. */
    public static LlmEvents forApi(Api api) {
        byte[] r = new byte[12];
        ThreadLocalRandom.current().nextBytes(r);
        String hex = HexFormat.of().formatHex(r);
        return new LlmEvents(api, (api == Api.CHAT ? "chatcmpl-" : "resp_") + hex, "msg_" + hex,
                System.currentTimeMillis() / 1000);
    }

    /** The response's id ({@code chatcmpl-…} or {@code resp_…}). */
    public String id() {
        return id;
    }

    public Api api() {
        return api;
    }

    // ---- chat completions ----

    /** The first chunk: {@code delta: {role: assistant, content: ""}}. */
    public LlmEvent role(int i, long emitNs) {
        ObjectNode c = chunk();
        ObjectNode delta = choice(c).putObject("delta");
        delta.put("role", "assistant");
        delta.put("content", "");
        return chat(c, i, emitNs, 0, false);
    }

    /** A content chunk of {@code tokens} tokens. */
    public LlmEvent content(int i, long emitNs, int tokens, String text) {
        ObjectNode c = chunk();
        choice(c).putObject("delta").put("content", text);
        return chat(c, i, emitNs, tokens, false);
    }

    /** The last choices chunk: empty delta, {@code finish_reason} {@code stop} or {@code length}. */
    public LlmEvent finish(int i, long emitNs, String reason) {
        ObjectNode c = chunk();
        ObjectNode choice = choice(c);
        choice.putObject("delta");
        choice.put("finish_reason", reason);
        return chat(c, i, emitNs, 0, false);
    }

    /** The usage chunk ({@code stream_options.include_usage}): {@code choices: []} and {@code usage}. */
    public LlmEvent usage(int i, long emitNs, int promptTokens, int completionTokens) {
        ObjectNode c = JSON.createObjectNode();
        header(c);
        c.putArray("choices");
        c.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return chat(c, i, emitNs, 0, false);
    }

    /** {@code data: [DONE]}. */
    public LlmEvent done(int i, long emitNs) {
        return new LlmEvent(i, LlmContract.DONE, emitNs, 0, LlmContract.DONE.getBytes(StandardCharsets.US_ASCII),
                DONE_SSE, true);
    }

    private ObjectNode chunk() {
        ObjectNode c = JSON.createObjectNode();
        header(c);
        c.putArray("choices");
        return c;
    }

    private void header(ObjectNode c) {
        c.put("id", id);
        c.put("object", LlmContract.CHAT_CHUNK_OBJECT);
        c.put("created", createdSeconds);
        c.put("model", LlmContract.SIMULATED_MODEL);
    }

    private static ObjectNode choice(ObjectNode chunk) {
        ObjectNode choice = ((com.fasterxml.jackson.databind.node.ArrayNode) chunk.get("choices")).addObject();
        choice.put("index", 0);
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return choice;
    }

    private LlmEvent chat(ObjectNode c, int i, long emitNs, int tokens, boolean terminal) {
        ext(c, i, emitNs, tokens);
        byte[] json = bytes(c);
        return new LlmEvent(i, LlmContract.CHAT_CHUNK_OBJECT, emitNs, tokens, json, chatSse(json), terminal);
    }

    private static byte[] chatSse(byte[] json) {
        byte[] sse = new byte[6 + json.length + 2];
        System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, sse, 0, 6);
        System.arraycopy(json, 0, sse, 6, json.length);
        sse[sse.length - 2] = '\n';
        sse[sse.length - 1] = '\n';
        return sse;
    }

    // ---- Responses API ----

    /** {@code response.created}: the response exists, {@code status: in_progress}. */
    public LlmEvent created(int i, long emitNs) {
        ObjectNode e = typed(LlmContract.RESPONSE_CREATED, i);
        response(e, "in_progress", null, -1, -1);
        return responses(e, LlmContract.RESPONSE_CREATED, i, emitNs, 0, false);
    }

    /** {@code response.output_text.delta} of {@code tokens} tokens. */
    public LlmEvent delta(int i, long emitNs, int tokens, String text) {
        ObjectNode e = typed(LlmContract.OUTPUT_TEXT_DELTA, i);
        e.put("item_id", itemId);
        e.put("output_index", 0);
        e.put("content_index", 0);
        e.put("delta", text);
        return responses(e, LlmContract.OUTPUT_TEXT_DELTA, i, emitNs, tokens, false);
    }

    /** {@code response.completed} with the whole text and {@code usage}. */
    public LlmEvent completed(int i, long emitNs, String text, int inputTokens, int outputTokens) {
        ObjectNode e = typed(LlmContract.RESPONSE_COMPLETED, i);
        response(e, "completed", text, inputTokens, outputTokens);
        return responses(e, LlmContract.RESPONSE_COMPLETED, i, emitNs, 0, true);
    }

    private ObjectNode typed(String type, int i) {
        ObjectNode e = JSON.createObjectNode();
        e.put("type", type);
        e.put("sequence_number", i);
        return e;
    }

    private void response(ObjectNode e, String status, String text, int inputTokens, int outputTokens) {
        ObjectNode r = e.putObject("response");
        r.put("id", id);
        r.put("object", "response");
        r.put("created_at", createdSeconds);
        r.put("status", status);
        r.put("model", LlmContract.SIMULATED_MODEL);
        var output = r.putArray("output");
        if (text == null) {
            r.putNull("usage");
            return;
        }
        ObjectNode msg = output.addObject();
        msg.put("type", "message");
        msg.put("id", itemId);
        msg.put("status", "completed");
        msg.put("role", "assistant");
        msg.putArray("content").addObject().put("type", "output_text").put("text", text).putArray("annotations");
        r.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", outputTokens)
                .put("total_tokens", inputTokens + outputTokens);
    }

    private LlmEvent responses(ObjectNode e, String type, int i, long emitNs, int tokens, boolean terminal) {
        ext(e, i, emitNs, tokens);
        byte[] json = bytes(e);
        return new LlmEvent(i, type, emitNs, tokens, json, responsesSse(type, id, i, json), terminal);
    }

    private static byte[] responsesSse(String type, String id, int i, byte[] json) {
        byte[] head = ("event: " + type + "\nid: " + id + "/" + i + "\ndata: ").getBytes(StandardCharsets.UTF_8);
        byte[] sse = Arrays.copyOf(head, head.length + json.length + 2);
        System.arraycopy(json, 0, sse, head.length, json.length);
        sse[sse.length - 2] = '\n';
        sse[sse.length - 1] = '\n';
        return sse;
    }

    // ---- both ----

    /**
     * An error event at index {@code i}: chat {@code data: {"error":{...}}} (vLLM's and OpenAI's mid-stream form),
     * Responses {@code {"type":"error","code":...,"message":...}}; terminal.
     */
    public LlmEvent error(int i, long emitNs, String code, String message) {
        return error(api, id, i, emitNs, code, message);
    }

    /** An error event outside any response (WebSocket: a refused message); {@code responseId} may be null. */
    public static LlmEvent error(Api api, String responseId, int i, long emitNs, String code, String message) {
        ObjectNode e = JSON.createObjectNode();
        if (api == Api.CHAT) {
            e.putObject("error").put("message", message).put("type", "server_error").put("code", code);
            ext(e, i, emitNs, 0);
            byte[] json = bytes(e);
            return new LlmEvent(i, LlmContract.ERROR, emitNs, 0, json, chatSse(json), true);
        }
        e.put("type", LlmContract.ERROR);
        e.put("sequence_number", i);
        e.put("code", code);
        e.put("message", message);
        e.putNull("param");
        ext(e, i, emitNs, 0);
        byte[] json = bytes(e);
        byte[] head = ("event: " + LlmContract.ERROR + "\n" + (responseId == null ? "" : "id: " + responseId + "/" + i + "\n")
                + "data: ").getBytes(StandardCharsets.UTF_8);
        byte[] sse = Arrays.copyOf(head, head.length + json.length + 2);
        System.arraycopy(json, 0, sse, head.length, json.length);
        sse[sse.length - 2] = '\n';
        sse[sse.length - 1] = '\n';
        return new LlmEvent(i, LlmContract.ERROR, emitNs, 0, json, sse, true);
    }

    /** {@code e} with its JSON cut in half (the {@link io.pushbench.wire.llm.Fault#MALFORMED} fault); not terminal. */
    public LlmEvent malformed(LlmEvent e) {
        byte[] json = Arrays.copyOf(e.json(), Math.max(1, e.json().length / 2));
        byte[] sse = api == Api.CHAT ? chatSse(json) : responsesSse(e.type(), id, e.index(), json);
        return new LlmEvent(e.index(), e.type(), e.emitNs(), e.tokens(), json, sse, false);
    }

    private static void ext(ObjectNode e, int i, long emitNs, int tokens) {
        e.putObject(LlmContract.EXT).put(LlmContract.EXT_INDEX, i).put(LlmContract.EXT_EMIT_NS, emitNs)
                .put(LlmContract.EXT_TOKENS, tokens);
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an event: " + e, e);
        }
    }
}
