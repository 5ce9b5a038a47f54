package io.pushbench.wire;


/**
 * The HTTP protocol a subscription runs on, the one definition every module uses. The key is the name in flags,
 * file names and JSON.
 *
 * <pre>{@code
 * Protocol.parse("h2c").key();   // "h2c"
 * }</pre>
 */
public enum Protocol {
    /** HTTP/1.1. */
    H1("h1"),
    /** HTTP/2 cleartext (prior knowledge or upgrade; RFC 8441 for WebSocket). */
    H2C("h2c");

    private final String key;

    Protocol(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /**
     * The protocol named {@code key} (case-insensitive; "h2" is accepted for {@link #H2C}, the only HTTP/2 pushbench
     * speaks, as the flags {@code --protocol h1|h2} spell it); IllegalArgumentException naming the known ones.
     */
    public static Protocol parse(String key) {
        if ("h2".equalsIgnoreCase(key)) {
            return H2C;
        }
        return Keys.parse(values(), Protocol::key, "protocol", key);
    }
}
