package io.pushbench.analysis.llm;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a request's output-token count came from, in order of preference ({@link LlmMetrics#tokenSource()}). A count
 * is never estimated: when neither source gives it, it is {@link #UNKNOWN} and per-token figures are not computed.
 *
 * <pre>{@code
 * TokenSource.USAGE.key();   // "usage"
 * }</pre>
 */
public enum TokenSource {
    /** The server's {@code usage.completion_tokens} (chat's final usage chunk, {@code response.completed}). */
    USAGE("usage"),
    /** The sum of the content events' token counts ({@code pushbench.tokens}), every content event stating one. */
    EVENTS("events"),
    /** Neither: only content chunks were counted, and they are reported as chunks, never as tokens. */
    UNKNOWN("unknown");

    private final String key;

    TokenSource(String key) {
        this.key = key;
    }

    /** The name in JSON. */
    @JsonValue
    public String key() {
        return key;
    }

    /** The source named {@code key}; IllegalArgumentException naming the known ones. */
    @JsonCreator
    public static TokenSource parse(String key) {
        return io.pushbench.wire.Keys.parse(values(), TokenSource::key, "token source", key);
    }
}
