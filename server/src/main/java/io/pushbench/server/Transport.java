package io.pushbench.server;

/** The two push transports; the key is the name used in flags, URLs and the /metrics JSON. */
public enum Transport {
    SSE("sse"),
    WS("ws");

    private final String key;

    Transport(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
