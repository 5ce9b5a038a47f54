package io.pushbench.wire;


/**
 * The two push transports, the one definition every module uses (server endpoints, drivers, results, verdicts).
 * The key is the name in flags, URLs, file names and JSON.
 *
 * <pre>{@code
 * Transport t = Transport.parse("ws");   // WS
 * t.key();                               // "ws"
 * t.label();                             // "WS"
 * }</pre>
 */
public enum Transport {
    SSE("sse", "SSE"),
    WS("ws", "WS");

    private final String key;
    private final String label;

    Transport(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The name in flags, URLs, file names and JSON: "sse", "ws". */
    public String key() {
        return key;
    }

    /** The short human name: "SSE", "WS". */
    public String label() {
        return label;
    }

    /** The transport named {@code key} (case-insensitive); IllegalArgumentException naming the known ones. */
    public static Transport parse(String key) {
        return Keys.parse(values(), Transport::key, "transport", key);
    }
}
