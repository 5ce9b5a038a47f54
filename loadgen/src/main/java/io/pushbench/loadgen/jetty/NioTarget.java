package io.pushbench.loadgen.jetty;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Where the lean client connects and what it names in its requests, from the run's base URL (cleartext HTTP only).
 *
 * <pre>{@code
 * NioTarget t = NioTarget.of(URI.create("http://127.0.0.1:8080/"));
 * t.address();  t.hostHeader();            // 127.0.0.1:8080
 * t.path("/sse");                          // "/sse", resolved against the base as the HttpClient streams do
 * }</pre>
 *
 * @param base       the base URL, ending with {@code /}
 * @param address    the server's socket address (resolved once)
 * @param hostHeader the {@code Host} header's value
 */
record NioTarget(URI base, InetSocketAddress address, String hostHeader) {
    /** The target of {@code base} ({@code http://host[:port]/...}; port 80 when none). */
    static NioTarget of(URI base) {
        if (!"http".equalsIgnoreCase(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("the lean HTTP/1.1 client speaks cleartext http://host:port only, was "
                    + base);
        }
        int port = base.getPort() < 0 ? 80 : base.getPort();
        String host = base.getHost();
        return new NioTarget(base, new InetSocketAddress(host, port), host + (base.getPort() < 0 ? "" : ":" + port));
    }

    /** The request target of {@code path} resolved against the base. */
    String path(String path) {
        return base.resolve(path).getRawPath();
    }
}
