package io.pushbench.loadgen.llm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.pushbench.analysis.llm.RequestTimeline;
import io.pushbench.wire.llm.LlmContract;

import java.io.IOException;

/**
 * Reads one server event of either API with Jackson's streaming parser (no tree, unknown fields skipped) and says what
 * the load generator needs: its kind, whether it carries non-empty output text, the tokens and scheduled emit time
 * of pushbench's extension, usage, the response id and sequence number (for a resume), the error message.
 *
 * <pre>{@code
 * EventDecoder d = new EventDecoder(LlmContract.Api.RESPONSES);
 * EventDecoder.Event e = d.decode(data);          // reused: valid until the next decode
 * if (e.kind == EventDecoder.Kind.DELTA) timeline.chunk(recv, e.tokens, e.content, e.emitNs);
 * }</pre>
 *
 * <p>What counts as what:
 * <ul>
 *   <li>Responses: {@code type} decides; {@code response.output_text.delta} is a {@link Kind#DELTA} (content = its
 *       {@code delta} is non-empty), {@code response.created} {@link Kind#CREATED} (its {@code response.id}),
 *       {@code response.completed} {@link Kind#COMPLETED} (its {@code response.usage.input_tokens/output_tokens}),
 *       {@code error} and {@code response.failed} {@link Kind#ERROR}; any other type (in_progress, item and part
 *       events) is {@link Kind#OTHER}. An object without {@code type} is malformed.</li>
 *   <li>Chat: {@code [DONE]} is {@link Kind#DONE}; an object with an {@code error} member {@link Kind#ERROR}; one
 *       with a non-empty {@code choices} array a {@link Kind#DELTA} (content = some {@code choices[].delta.content}
 *       is non-empty: the usual first chunk that carries only the role is a delta without content); the final
 *       {@code choices: []} chunk {@link Kind#OTHER} with its usage. An object with neither is malformed.</li>
 * </ul>
 * Not thread-safe: one decoder per stream.
 */
public final class EventDecoder {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** What an event is. */
    public enum Kind { CREATED, DELTA, COMPLETED, ERROR, DONE, OTHER }

    /** An event that is not JSON or does not fit the API; the message says why. */
    public static final class MalformedEvent extends Exception {
        MalformedEvent(String message) {
            super(message, null, false, false);
        }
    }

    /** One decoded event (fields reset by each decode). */
    public static final class Event {
        public Kind kind;
        /** Non-empty output text. */
        public boolean content;
        /** Tokens from pushbench's extension, else {@link RequestTimeline#TOKENS_UNKNOWN}. */
        public int tokens;
        /** Scheduled emit instant from pushbench's extension, else {@link RequestTimeline#NO_EMIT}. */
        public long emitNs;
        /** The extension's event index, else -1. */
        public long index;
        /** Responses API {@code sequence_number}, else -1. */
        public long sequence;
        /** Whether usage was given, and its counts ({@link RequestTimeline#TOKENS_UNKNOWN} when a count is missing). */
        public boolean usage;
        public int promptTokens;
        public int completionTokens;
        /** {@code response.id} (Responses), else null. */
        public String responseId;
        /** Error message of an {@link Kind#ERROR}, else null. */
        public String error;

        void reset() {
            kind = Kind.OTHER;
            content = false;
            tokens = RequestTimeline.TOKENS_UNKNOWN;
            emitNs = RequestTimeline.NO_EMIT;
            index = -1;
            sequence = -1;
            usage = false;
            promptTokens = RequestTimeline.TOKENS_UNKNOWN;
            completionTokens = RequestTimeline.TOKENS_UNKNOWN;
            responseId = null;
            error = null;
        }

        /** The position a resume continues after: the sequence number, else the extension's index, else -1. */
        public long resumePoint() {
            return sequence >= 0 ? sequence : index;
        }
    }

    private final LlmContract.Api api;
    private final Event event = new Event();
    private String type;
    private boolean hasChoices;
    private boolean hasError;

    public EventDecoder(LlmContract.Api api) {
        this.api = java.util.Objects.requireNonNull(api, "api");
    }

    /** Decodes one event's data (an SSE event's data, a WebSocket text message). */
    public Event decode(String data) throws MalformedEvent {
        event.reset();
        if (api == LlmContract.Api.CHAT && LlmContract.DONE.equals(data.strip())) {
            event.kind = Kind.DONE;
            return event;
        }
        type = null;
        hasChoices = false;
        hasError = false;
        try (JsonParser p = FACTORY.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedEvent("event is not a JSON object: " + abbreviate(data));
            }
            top(p);
            if (p.nextToken() != null) {
                throw new MalformedEvent("text after the event's JSON object: " + abbreviate(data));
            }
        } catch (IOException e) {
            throw new MalformedEvent("event is not valid JSON (" + firstLine(e.getMessage()) + "): "
                    + abbreviate(data));
        }
        return api == LlmContract.Api.CHAT ? chatKind(data) : responsesKind(data);
    }

    private Event chatKind(String data) throws MalformedEvent {
        if (hasError) {
            event.kind = Kind.ERROR;
        } else if (hasChoices) {
            event.kind = Kind.DELTA;
        } else if (event.usage) {
            event.kind = Kind.OTHER;
        } else {
            throw new MalformedEvent("chat chunk without choices, usage or error: " + abbreviate(data));
        }
        return event;
    }

    private Event responsesKind(String data) throws MalformedEvent {
        if (type == null) {
            throw new MalformedEvent("Responses event without a \"type\": " + abbreviate(data));
        }
        event.kind = switch (type) {
            case LlmContract.OUTPUT_TEXT_DELTA -> Kind.DELTA;
            case LlmContract.RESPONSE_CREATED -> Kind.CREATED;
            case LlmContract.RESPONSE_COMPLETED -> Kind.COMPLETED;
            case LlmContract.ERROR, "response.failed", "response.incomplete" -> Kind.ERROR;
            default -> Kind.OTHER;
        };
        if (event.kind == Kind.ERROR && event.error == null) {
            event.error = type;
        }
        return event;
    }

    private void top(JsonParser p) throws IOException, MalformedEvent {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "type" -> type = v == JsonToken.VALUE_STRING ? p.getText() : null;
                case "sequence_number" -> event.sequence = v.isNumeric() ? p.getLongValue() : -1;
                case "delta" -> {
                    if (v == JsonToken.VALUE_STRING) {
                        event.content = p.getTextLength() > 0;
                    } else {
                        p.skipChildren();
                    }
                }
                case LlmContract.EXT -> extension(p, v);
                case "response" -> response(p, v);
                case "usage" -> usage(p, v, "prompt_tokens", "completion_tokens");
                case "choices" -> choices(p, v);
                case "error" -> {
                    hasError = v != JsonToken.VALUE_NULL;
                    if (hasError) {
                        event.error = errorText(p, v);
                    }
                }
                case "message" -> {
                    if (v == JsonToken.VALUE_STRING && event.error == null) {
                        event.error = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    /** Whether {@code v} (the current token) opens an object; when it does not, skips the value and says false. */
    private static boolean enterObject(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.START_OBJECT) {
            return true;
        }
        p.skipChildren();
        return false;
    }

    private void extension(JsonParser p, JsonToken v) throws IOException {
        if (!enterObject(p, v)) {
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (!t.isNumeric()) {
                p.skipChildren();
                continue;
            }
            switch (name) {
                case LlmContract.EXT_INDEX -> event.index = p.getLongValue();
                case LlmContract.EXT_EMIT_NS -> event.emitNs = p.getLongValue();
                case LlmContract.EXT_TOKENS -> event.tokens = p.getIntValue();
                default -> { }
            }
        }
    }

    private void response(JsonParser p, JsonToken v) throws IOException {
        if (!enterObject(p, v)) {
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "id" -> event.responseId = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "usage" -> usage(p, t, "input_tokens", "output_tokens");
                case "error" -> {
                    if (t != JsonToken.VALUE_NULL) {
                        event.error = errorText(p, t);
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    private void usage(JsonParser p, JsonToken v, String prompt, String completion) throws IOException {
        if (!enterObject(p, v)) {
            return;
        }
        event.usage = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t.isNumeric() && name.equals(prompt)) {
                event.promptTokens = p.getIntValue();
            } else if (t.isNumeric() && name.equals(completion)) {
                event.completionTokens = p.getIntValue();
            } else {
                p.skipChildren();
            }
        }
    }

    private void choices(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            hasChoices = true;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("delta") && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken c = p.nextToken();
                        if (field.equals("content") && c == JsonToken.VALUE_STRING) {
                            event.content |= p.getTextLength() > 0;
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private static String errorText(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (!enterObject(p, v)) {
            return "error";
        }
        String message = null;
        String code = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_STRING && name.equals("message")) {
                message = p.getText();
            } else if (t.isScalarValue() && name.equals("code")) {
                code = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return message != null ? (code != null ? code + ": " + message : message) : code != null ? code : "error";
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** The start of {@code s}, for a failure detail (never the whole of a long event). */
    static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
