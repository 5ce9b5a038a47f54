package io.pushbench.server;

import io.pushbench.wire.Protocol;
import org.eclipse.jetty.http.HttpVersion;

/** Maps Jetty's view of a connection to the one {@link Protocol} type every module uses. */
final class HttpProtocols {
    private HttpProtocols() {
    }

    /** HTTP/2 (cleartext: this server has no TLS connector) or HTTP/1.x. */
    static Protocol of(HttpVersion version) {
        return version == HttpVersion.HTTP_2 ? Protocol.H2C : Protocol.H1;
    }
}
