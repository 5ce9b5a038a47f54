package io.pushbench.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /health}: 200 {@code {"status":"up","lastSeq":n}} while the server runs. */
final class HealthServlet extends HttpServlet {
    private final transient Feed feed;

    HealthServlet(Feed feed) {
        this.feed = feed;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Responses.json(response, 200, ("{\"status\":\"up\",\"lastSeq\":" + feed.lastSeq() + "}")
                .getBytes(StandardCharsets.US_ASCII));
    }
}
