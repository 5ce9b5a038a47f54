package io.pushbench.loadgen.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushbench.wire.llm.LlmContract;

/**
 * The JSON a request sends, one definition per API (docs/llm.md, "Wire format"):
 * <ul>
 *   <li>Responses over SSE: {@code {"model", "input", "max_output_tokens", "stream": true, "ignore_eos": true,
 *       "seed": k}};</li>
 *   <li>Responses over WebSocket: the same fields without {@code stream}, with {@code "type": "response.create"}
 *       first (OpenAI's WebSocket mode);</li>
 *   <li>Chat completions (SSE only): {@code {"model", "messages": [{"role": "user", "content"}], "max_tokens",
 *       "stream": true, "stream_options": {"include_usage": true}, "ignore_eos": true, "seed": k}}.</li>
 * </ul>
 * {@code ignore_eos} (vLLM's name) and {@code seed} make every server that honours them generate exactly
 * {@code max_tokens}, so both transports ask for the same work; a request's {@code pushbench} extension (fault hooks)
 * is copied verbatim.
 *
 * <pre>{@code
 * RequestBodies bodies = new RequestBodies("pushbench-sim");
 * String sse = bodies.responses(request);   String ws = bodies.responseCreate(request);
 * }</pre>
 */
public final class RequestBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String model;
    private final boolean ignoreEos;

    /** @param model the {@code model} field; {@code ignore_eos: true} is sent */
    public RequestBodies(String model) {
        this(model, true);
    }

    /**
     * @param model     the {@code model} field
     * @param ignoreEos whether to send {@code ignore_eos: true} (servers that reject unknown fields, such as
     *                  OpenAI's own, need false; output lengths then vary with the model's own end of sequence)
     */
    public RequestBodies(String model, boolean ignoreEos) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model name is empty");
        }
        this.model = model;
        this.ignoreEos = ignoreEos;
    }

    /** Responses API body over SSE. */
    public String responses(LlmRequest r) {
        ObjectNode n = responsesFields(JSON.createObjectNode(), r);
        n.put("stream", true);
        return write(ext(n, r));
    }

    /** Responses API {@code response.create} message over WebSocket. */
    public String responseCreate(LlmRequest r) {
        ObjectNode n = JSON.createObjectNode().put("type", LlmContract.RESPONSE_CREATE);
        return write(ext(responsesFields(n, r), r));
    }

    /** WebSocket resume message (pushbench extension): continue response {@code id} after event {@code after}. */
    public String responseResume(String id, long after) {
        return write(JSON.createObjectNode().put("type", LlmContract.RESPONSE_RESUME).put("response_id", id)
                .put(LlmContract.STARTING_AFTER_PARAM, after));
    }

    /** Chat completions body (SSE). */
    public String chat(LlmRequest r) {
        ObjectNode n = JSON.createObjectNode().put("model", model);
        n.putArray("messages").addObject().put("role", "user").put("content", r.prompt());
        n.put("max_tokens", r.maxTokens()).put("stream", true);
        n.putObject("stream_options").put("include_usage", true);
        eos(n).put("seed", r.id());
        return write(ext(n, r));
    }

    private ObjectNode responsesFields(ObjectNode n, LlmRequest r) {
        return eos(n.put("model", model).put("input", r.prompt()).put("max_output_tokens", r.maxTokens()))
                .put("seed", r.id());
    }

    private ObjectNode eos(ObjectNode n) {
        return ignoreEos ? n.put(LlmContract.IGNORE_EOS, true) : n;
    }

    private static ObjectNode ext(ObjectNode n, LlmRequest r) {
        if (r.extension() != null) {
            n.set(LlmContract.EXT, r.extension().deepCopy());
        }
        return n;
    }

    private static String write(ObjectNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request body", e);   // a tree of plain values always writes
        }
    }
}
