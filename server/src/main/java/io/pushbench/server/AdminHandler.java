package io.pushbench.server;

import io.pushbench.wire.Transport;

import io.pushbench.wire.FeedContract;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code POST /admin/drop?transport=sse|ws|all&fraction=0..1&mode=abort|close} with
 * {@code Authorization: Bearer <token>}: drops {@code round(fraction × n)} randomly chosen connections of the
 * transport and answers {@code {"dropped":k}}.
 * <ul>
 *   <li>{@code abort}: no clean end of stream (HTTP/1.1: TCP close without the last chunk or close frame;
 *       h2c: stream reset);</li>
 *   <li>{@code close}: clean end (SSE: the response completes; WebSocket: close frame 1001).</li>
 * </ul>
 * Missing or wrong token: 401. Unknown transport or mode, fraction outside 0..1: 400 with a one-line reason.
 * Defaults: {@code transport=all}, {@code mode=abort}; {@code fraction} is required.
 *
 * <p>{@code POST /admin/gc} (same token) collects garbage and answers {@code {"heapUsedBytes":h,"connections":n}}:
 * the live heap, which the orchestrator reads once idle and once loaded (during the warm-up, never in the
 * measured window) to report heap per connection without counting uncollected garbage.
 */
final class AdminHandler extends HttpServlet {
    private final transient Feed feed;
    private final byte[] token;

    AdminHandler(Feed feed, String token) {
        this.feed = feed;
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String auth = request.getHeader("Authorization");
        if (auth == null || !MessageDigest.isEqual(token, auth.strip().getBytes(StandardCharsets.UTF_8))) {
            response.setHeader("WWW-Authenticate", "Bearer");
            Responses.plain(response, 401, "admin endpoints need 'Authorization: Bearer <token>'");
            return;
        }
        if (FeedContract.ADMIN_GC_PATH.equals(request.getServletPath())) {
            Responses.json(response, 200, heapAfterGc());
            return;
        }
        Transport only;
        boolean abort;
        double fraction;
        try {
            only = transport(request.getParameter("transport"));
            abort = mode(request.getParameter("mode"));
            fraction = fraction(request.getParameter("fraction"));
        } catch (IllegalArgumentException e) {
            Responses.plain(response, 400, e.getMessage());
            return;
        }
        int dropped = drop(only, fraction, abort);
        Responses.json(response, 200, ("{\"dropped\":" + dropped + "}").getBytes(StandardCharsets.US_ASCII));
    }

    private int drop(Transport only, double fraction, boolean abort) {
        List<Subscriber> candidates = new ArrayList<>();
        for (Subscriber s : feed.subscribers()) {
            if (only == null || s.transport() == only) {
                candidates.add(s);
            }
        }
        int n = (int) Math.round(fraction * candidates.size());
        Collections.shuffle(candidates, ThreadLocalRandom.current());
        for (Subscriber s : candidates.subList(0, n)) {
            s.terminate(abort, "dropped by /admin/drop");
        }
        return n;
    }

    private byte[] heapAfterGc() {
        // Two requests: the first may only finish a concurrent cycle; the second leaves the live set.
        System.gc();
        System.gc();
        long used = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return ("{\"heapUsedBytes\":" + used + ",\"connections\":" + feed.subscribers().size() + "}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The {@code transport} parameter: a transport's key, or "all" (the default), which gives null. */
    private static Transport transport(String raw) {
        if (raw == null || raw.strip().equalsIgnoreCase("all")) {
            return null;
        }
        try {
            return Transport.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transport must be " + java.util.Arrays.stream(Transport.values())
                    .map(Transport::key).collect(java.util.stream.Collectors.joining(", ")) + " or all, was '"
                    + clip(raw) + "'");
        }
    }

    private static boolean mode(String raw) {
        String v = raw == null ? "abort" : raw.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "abort" -> true;
            case "close" -> false;
            default -> throw new IllegalArgumentException("mode must be abort or close, was '" + clip(raw) + "'");
        };
    }

    private static double fraction(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("fraction is required (0..1)");
        }
        double f;
        try {
            f = Double.parseDouble(raw.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fraction must be a number in 0..1, was '" + clip(raw) + "'");
        }
        if (!(f >= 0 && f <= 1)) {
            throw new IllegalArgumentException("fraction must be in 0..1, was " + clip(raw));
        }
        return f;
    }

    /** Echo at most 40 printable characters of client input in an error line. */
    private static String clip(String raw) {
        String s = raw.replaceAll("[^\\x20-\\x7e]", "?");
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
