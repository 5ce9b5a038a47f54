package io.pushbench.analysis.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;


/**
 * The load generator that drove a run: the one definition results, verdicts, the load generator and the CLI use. The
 * key is the name in flags, run ids and JSON; a new driver (the Jetty client, browsers) is one more constant, and
 * what it supports (protocols, transports) is checked where it is launched.
 *
 * <pre>{@code
 * Driver d = Driver.parse("gatling");   // GATLING
 * d.key();                              // "gatling"
 * d.label();                            // "Gatling"
 * }</pre>
 */
public enum Driver {
    /** Gatling's SSE and WebSocket support, one JVM of virtual users (HTTP/1.1 only). */
    GATLING("gatling", "Gatling"),
    /**
     * Jetty 12's HttpClient (SSE, HTTP/1.1 and h2c) and WebSocketClient (HTTP/1.1 and RFC 8441), pushbench's lean
     * driver: one JVM, selectors sized to the cores.
     */
    JETTY("jetty", "Jetty client"),
    /**
     * Headless Chromium (Debian's {@code chromium} through {@code chromedriver}): {@code EventSource} and
     * {@code WebSocket} subscribers in pages of the server's own origin; HTTP/1.1 in cleartext, HTTP/2 over TLS
     * (a browser never speaks h2c). docs/browser.md.
     */
    BROWSER("browser", "Chromium"),
    /** Subscribers simulated in memory, without sockets: tests of orchestration, phases and accounting only. */
    IN_MEMORY("in-memory", "in-memory");

    private final String key;
    private final String label;

    Driver(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The name in flags, run ids, file names and JSON: "gatling". */
    @JsonValue
    public String key() {
        return key;
    }

    /** The human name: "Gatling". */
    public String label() {
        return label;
    }

    /** Whether this driver can carry {@code protocol}: Gatling speaks HTTP/1.1 only. */
    public boolean supports(io.pushbench.wire.Protocol protocol) {
        return this != GATLING || protocol == io.pushbench.wire.Protocol.H1;
    }

    /** The driver named {@code key} (case-insensitive); IllegalArgumentException naming the known ones. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Driver parse(String key) {
        return io.pushbench.wire.Keys.parse(values(), Driver::key, "driver", key);
    }
}
