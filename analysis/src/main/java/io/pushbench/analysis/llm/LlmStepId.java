package io.pushbench.analysis.llm;

import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import io.pushbench.wire.llm.LlmContract;

import java.util.Locale;
import java.util.Objects;

/**
 * What a measured step was: one transport, protocol and API at one offered load, one repeat.
 *
 * <pre>{@code
 * LlmStepId id = new LlmStepId(Transport.SSE, Protocol.H1, LlmContract.Api.CHAT, LoadMode.RATE, 4, 1);
 * id.name();   // "sse-h1-chat-rate4-r1"
 * }</pre>
 *
 * @param transport the transport ("sse", "ws" in JSON)
 * @param protocol  the HTTP protocol ("h1", "h2c")
 * @param api       the API ("chat", "responses"); chat runs over SSE only
 * @param loadMode  open-loop rate or closed-loop concurrency
 * @param load      the offered load: requests/s ({@link LoadMode#RATE}) or concurrent requests
 * @param repeat    1-based repeat number of this configuration
 */
public record LlmStepId(Transport transport, Protocol protocol, LlmContract.Api api, LoadMode loadMode, double load,
                        int repeat) {
    public LlmStepId {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(loadMode, "loadMode");
        if (!(load > 0) || !Double.isFinite(load)) {
            throw new IllegalArgumentException("load must be a positive number, was " + load);
        }
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be 1 or more, was " + repeat);
        }
        if (api == LlmContract.Api.CHAT && transport != Transport.SSE) {
            throw new IllegalArgumentException("the chat completions API runs over SSE only, was " + transport.key());
        }
    }

    /** Unique within a run, safe in file names: "sse-h1-chat-rate4-r1", "ws-h1-responses-concurrency16-r2". */
    public String name() {
        return transport.key() + "-" + protocol.key() + "-" + api.key() + "-" + loadMode.key() + loadLabel()
                + "-r" + repeat;
    }

    /** The load without a useless ".0": "4", "2.5". */
    public String loadLabel() {
        return load == Math.rint(load) ? Long.toString((long) load) : String.format(Locale.ROOT, "%s", load);
    }

    /** The arm this step belongs to (its repeats and loads share it): "SSE h1 chat". */
    public String armLabel() {
        return transport.label() + " " + protocol.key() + " " + api.key();
    }
}
