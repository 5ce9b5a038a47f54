package io.pushbench.server;

import org.eclipse.jetty.http.HttpVersion;

/** The HTTP protocol a connection arrived on; the key is the name used in the /metrics JSON. */
public enum Protocol {
    H1("h1"),
    H2C("h2c");

    private final String key;

    Protocol(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** HTTP/2 (cleartext: this server has no TLS connector) or HTTP/1.x. */
    public static Protocol of(HttpVersion version) {
        return version == HttpVersion.HTTP_2 ? H2C : H1;
    }
}
