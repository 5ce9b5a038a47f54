package io.pushbench.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /browser/*}: the browser driver's subscriber page, served from the feed's own origin so that its
 * {@code EventSource} and {@code WebSocket} subscribers are same-origin (no CORS) on the cleartext and the TLS port
 * alike.
 *
 * <ul>
 *   <li>{@code /browser/subscriber.html} and {@code /browser/subscriber.js}: the page (see the script's header);
 *       both are sent with {@code Cross-Origin-Opener-Policy: same-origin} and
 *       {@code Cross-Origin-Embedder-Policy: require-corp}, which make the page cross-origin isolated, so that
 *       Chromium coarsens {@code performance.now()} to 5 µs instead of 100 µs;</li>
 *   <li>{@code /browser/tls.json}: {@code {"tls":true,"url":"https://...","spkiSha256":"..."}} or
 *       {@code {"tls":false}}: where the TLS port is and the certificate's key pin, for the driver.</li>
 * </ul>
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(new BrowserPageServlet(() -> "{\"tls\":false}")), "/browser/*");
 * }</pre>
 */
final class BrowserPageServlet extends HttpServlet {
    /** The path prefix of the browser driver's files. */
    static final String PATH = "/browser";
    private static final Map<String, String> FILES = Map.of(
            "/subscriber.html", "text/html;charset=utf-8",
            "/subscriber.js", "text/javascript;charset=utf-8");

    private final transient Supplier<String> tlsInfo;

    BrowserPageServlet(Supplier<String> tlsInfo) {
        this.tlsInfo = tlsInfo;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if ("/tls.json".equals(path)) {
            Responses.json(response, 200, tlsInfo.get().getBytes(StandardCharsets.UTF_8));
            return;
        }
        String type = FILES.get(path);
        if (type == null) {
            Responses.plain(response, 404, "no such file: " + PATH + path);
            return;
        }
        byte[] body;
        try (InputStream in = BrowserPageServlet.class.getResourceAsStream("browser" + path)) {
            if (in == null) {
                Responses.plain(response, 500, "missing resource browser" + path);
                return;
            }
            body = in.readAllBytes();
        }
        response.setStatus(200);
        response.setContentType(type);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        response.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
        response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
