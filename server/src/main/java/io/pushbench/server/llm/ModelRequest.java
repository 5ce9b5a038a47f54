package io.pushbench.server.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.wire.llm.Fault;
import io.pushbench.wire.llm.LlmContract;
import io.pushbench.wire.llm.LlmContract.Api;

/**
 * What the simulated model needs from one request body (chat completions or Responses API), read by {@link #parse}.
 *
 * <p>The simulated tokenizer: a prompt's tokens are its whitespace-separated words, over every message's text
 * (chat: {@code messages[].content}, a string or parts with {@code text}; Responses: {@code input}, a string or
 * messages like chat's). The output text is made of words too, so re-tokenizing it this way gives the usage count.
 *
 * @param api          which API the body is for
 * @param stream       the body's {@code stream} (ignored over WebSocket)
 * @param promptTokens prompt words
 * @param maxTokens    {@code max_completion_tokens}/{@code max_tokens} (chat) or {@code max_output_tokens}
 *                     (Responses); 0 when absent
 * @param ignoreEos    vLLM's {@code ignore_eos}: generate exactly {@code maxTokens}
 * @param seed         the body's {@code seed}, or null
 * @param includeUsage chat's {@code stream_options.include_usage}
 * @param fault        pushbench's fault extension, or null
 * @param faultAt      the fault's event index
 */
public record ModelRequest(Api api, boolean stream, int promptTokens, int maxTokens, boolean ignoreEos, Long seed,
                           boolean includeUsage, Fault fault, int faultAt) {
    /** Largest {@code max_tokens} accepted (a simulated context limit; it also bounds the size of {@code response.completed}, which carries the whole text). */
    public static final int MAX_OUTPUT_TOKENS = 32_768;

    /**
     * Reads a body.
     *
     * @throws IllegalArgumentException one line saying which field is wrong
     */
    public static ModelRequest parse(JsonNode body, Api api) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        int prompt = api == Api.CHAT ? chatPrompt(body) : responsesPrompt(body);
        int max = api == Api.CHAT
                ? intField(body, body.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens")
                : intField(body, "max_output_tokens");
        boolean ignoreEos = boolField(body, LlmContract.IGNORE_EOS);
        if (ignoreEos && max == 0) {
            throw new IllegalArgumentException(LlmContract.IGNORE_EOS + " needs "
                    + (api == Api.CHAT ? "max_tokens" : "max_output_tokens"));
        }
        Long seed = null;
        JsonNode s = body.get("seed");
        if (s != null && !s.isNull()) {
            if (!s.canConvertToLong() || !s.isIntegralNumber()) {
                throw new IllegalArgumentException("seed must be an integer");
            }
            seed = s.asLong();
        }
        JsonNode options = body.get("stream_options");
        boolean usage = options != null && options.isObject() && boolField(options, "include_usage");
        Fault fault = null;
        int at = 0;
        JsonNode ext = body.get(LlmContract.EXT);
        if (ext != null && !ext.isNull()) {
            if (!ext.isObject()) {
                throw new IllegalArgumentException(LlmContract.EXT + " must be an object");
            }
            JsonNode f = ext.get(LlmContract.EXT_FAULT);
            if (f != null && !f.isNull()) {
                if (!f.isTextual()) {
                    throw new IllegalArgumentException(LlmContract.EXT + "." + LlmContract.EXT_FAULT + " must be a string");
                }
                fault = Fault.parse(f.asText());
                JsonNode a = ext.get(LlmContract.EXT_FAULT_AT);
                if (a == null || a.isNull()) {
                    at = fault.defaultAt();
                } else if (a.isIntegralNumber() && a.canConvertToInt() && a.asInt() >= 0) {
                    at = a.asInt();
                } else {
                    throw new IllegalArgumentException(LlmContract.EXT + "." + LlmContract.EXT_FAULT_AT
                            + " must be an integer >= 0");
                }
            }
        }
        return new ModelRequest(api, boolField(body, "stream"), prompt, max, ignoreEos, seed, usage, fault, at);
    }

    private static int chatPrompt(JsonNode body) {
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new IllegalArgumentException("messages must be a non-empty array");
        }
        int words = 0;
        for (JsonNode m : messages) {
            words += contentWords(m == null ? null : m.get("content"), "messages[].content");
        }
        return words;
    }

    private static int responsesPrompt(JsonNode body) {
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            throw new IllegalArgumentException("input is required (a string or an array of messages)");
        }
        if (input.isTextual()) {
            return words(input.asText());
        }
        if (!input.isArray()) {
            throw new IllegalArgumentException("input must be a string or an array of messages");
        }
        int words = 0;
        for (JsonNode m : input) {
            words += contentWords(m == null ? null : m.get("content"), "input[].content");
        }
        return words;
    }

    /** A message's content: a string, or parts whose {@code text} fields are counted (images etc. count 0). */
    private static int contentWords(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            return 0;
        }
        if (content.isTextual()) {
            return words(content.asText());
        }
        if (!content.isArray()) {
            throw new IllegalArgumentException(where + " must be a string or an array of parts");
        }
        int words = 0;
        for (JsonNode part : content) {
            JsonNode text = part == null ? null : part.get("text");
            if (text != null && text.isTextual()) {
                words += words(text.asText());
            }
        }
        return words;
    }

    /** The simulated tokenizer: whitespace-separated words. */
    public static int words(String text) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < text.length(); i++) {
            boolean ws = Character.isWhitespace(text.charAt(i));
            if (!ws && !in) {
                n++;
            }
            in = !ws;
        }
        return n;
    }

    private static int intField(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1 || v.asInt() > MAX_OUTPUT_TOKENS) {
            throw new IllegalArgumentException(name + " must be an integer in 1.." + MAX_OUTPUT_TOKENS);
        }
        return v.asInt();
    }

    private static boolean boolField(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(name + " must be true or false");
        }
        return v.asBoolean();
    }
}
