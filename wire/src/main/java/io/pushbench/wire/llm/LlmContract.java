package io.pushbench.wire.llm;

/**
 * Names of the LLM token-streaming contract shared by pushbench's simulated model server and its LLM load generator
 * (and followed by any OpenAI-compatible server measured with {@code pushbench llm --server URL}). The prose version,
 * with one example of every event, is {@code docs/llm.md}, "Wire format".
 *
 * <p>Two APIs, both OpenAI-shaped:
 * <ul>
 *   <li><b>Chat completions</b> ({@link Api#CHAT}), SSE only: {@code POST /v1/chat/completions} with
 *       {@code "stream": true}; each event is {@code data: {chat.completion.chunk}}; the first chunk carries
 *       {@code delta.role} and empty content, a final {@code choices: []} chunk carries {@code usage} when
 *       {@code stream_options.include_usage} is true, and {@code data: [DONE]} ends the stream. Not resumable.</li>
 *   <li><b>Responses</b> ({@link Api#RESPONSES}), SSE and WebSocket with <em>identical JSON events</em>: over SSE,
 *       {@code POST /v1/responses} with {@code "stream": true}, each event {@code event: TYPE}, {@code id:
 *       RESPONSE_ID/SEQUENCE_NUMBER}, {@code data: JSON}; over WebSocket, one connection at {@link #RESPONSES_WS_PATH}
 *       that sends {@code {"type":"response.create", ...request body...}} and receives each event's JSON as one text
 *       frame, one response in flight per connection. Events: {@code response.created}, then
 *       {@code response.output_text.delta} ({@code delta} text), then {@code response.completed} (with
 *       {@code response.usage}); or {@code error}. Resumable: over SSE by {@code GET /v1/responses/ID?stream=true&
 *       starting_after=N} (or a {@code Last-Event-ID: ID/N} header), over WebSocket by sending
 *       {@code {"type":"response.resume","response_id":ID,"starting_after":N}} (a pushbench extension).</li>
 * </ul>
 *
 * <p>pushbench's server adds one object to every event, {@link #EXT} = {@code {"i": index, "emit_ns": scheduled
 * emit time, "tokens": tokens in this event}}: {@code emit_ns} is the event's <em>scheduled</em> emit instant on the
 * server's {@code System.nanoTime()} clock (CLOCK_MONOTONIC, shared by processes on one Linux host), so the client
 * separates transport delay (receive − emit_ns) from model time. Other servers omit it and the transport share is
 * then reported as unknown.
 */
public final class LlmContract {
    /** The two request/response APIs. */
    public enum Api {
        CHAT("chat"),
        RESPONSES("responses");

        private final String key;

        Api(String key) {
            this.key = key;
        }

        /** The name in flags and JSON. */
        public String key() {
            return key;
        }

        /** The API named {@code key}; IllegalArgumentException naming the known ones. */
        public static Api parse(String key) {
            return io.pushbench.wire.Keys.parse(values(), Api::key, "api", key);
        }
    }

    /** Chat completions endpoint (POST, SSE answer). */
    public static final String CHAT_PATH = "/v1/chat/completions";
    /** Responses endpoint: POST with {@code stream: true} answers SSE; {@code GET RESPONSES_PATH/ID?stream=true} resumes. */
    public static final String RESPONSES_PATH = "/v1/responses";
    /** WebSocket endpoint of the Responses API (the same path; an upgrade request goes to WebSocket). */
    public static final String RESPONSES_WS_PATH = "/v1/responses";
    /** Query parameter of an SSE resume: the last sequence number received. */
    public static final String STARTING_AFTER_PARAM = "starting_after";

    /** Event type: the response exists (first event; carries {@code response.id}). */
    public static final String RESPONSE_CREATED = "response.created";
    /** Event type: text tokens ({@code delta}). */
    public static final String OUTPUT_TEXT_DELTA = "response.output_text.delta";
    /** Event type: the response ended; {@code response.usage} holds the token counts. */
    public static final String RESPONSE_COMPLETED = "response.completed";
    /** Event type: the response failed ({@code code}, {@code message}). */
    public static final String ERROR = "error";
    /** Client message type: start a response (WebSocket). */
    public static final String RESPONSE_CREATE = "response.create";
    /** Client message type: resume a response after {@code starting_after} (WebSocket; pushbench extension). */
    public static final String RESPONSE_RESUME = "response.resume";
    /** Chat completions' end-of-stream data line. */
    public static final String DONE = "[DONE]";
    /** Chat completions' chunk object name. */
    public static final String CHAT_CHUNK_OBJECT = "chat.completion.chunk";

    /** pushbench's extension object on every server event. */
    public static final String EXT = "pushbench";
    /** In {@link #EXT}: the event's index within its response, from 0. */
    public static final String EXT_INDEX = "i";
    /** In {@link #EXT}: the event's scheduled emit instant, server {@code System.nanoTime()}. */
    public static final String EXT_EMIT_NS = "emit_ns";
    /** In {@link #EXT}: output tokens carried by this event (0 for events without text). */
    public static final String EXT_TOKENS = "tokens";

    /** In a request's {@link #EXT}: the {@link Fault} to perform (pushbench's server only). */
    public static final String EXT_FAULT = "fault";
    /** In a request's {@link #EXT}: the event index the fault takes effect at. */
    public static final String EXT_FAULT_AT = "at";

    /** SSE resume header of the Responses API: {@code RESPONSE_ID/SEQUENCE_NUMBER}, the last event received. */
    public static final String LAST_EVENT_ID_HEADER = "Last-Event-ID";
    /** {@code error} event code: the response id of a resume is unknown or its retention expired (SSE: 404). */
    public static final String ERROR_RESPONSE_NOT_FOUND = "response_not_found";
    /** {@code error} event code: a {@code response.create} while the connection's responses in flight are at the limit. */
    public static final String ERROR_RESPONSE_IN_PROGRESS = "response_in_progress";
    /** {@code error} event code: a client message or request body that cannot be served (bad JSON, bad field). */
    public static final String ERROR_INVALID_REQUEST = "invalid_request";
    /** {@code error} event code: the {@link Fault#ERROR_EVENT} fault (a simulated server failure mid-stream). */
    public static final String ERROR_SERVER = "server_error";

    /** Request field (vLLM's name): generate exactly the requested maximum, ignoring end-of-sequence. */
    public static final String IGNORE_EOS = "ignore_eos";
    /** The simulated model's name in answers. */
    public static final String SIMULATED_MODEL = "pushbench-sim";

    private LlmContract() {
    }
}
