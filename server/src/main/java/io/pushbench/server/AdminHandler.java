package io.pushbench.server;

import io.pushbench.server.llm.LlmService;
import io.pushbench.wire.Transport;

import io.pushbench.wire.FeedContract;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.io.EndPoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code POST /admin/drop?transport=sse|ws|all&fraction=0..1&mode=abort|close|connection} with
 * {@code Authorization: Bearer <token>}: drops {@code round(fraction × n)} randomly chosen subscribers of the
 * transport and answers {@code {"dropped":k}} (k = subscribers chosen).
 * <ul>
 *   <li>{@code abort}: no clean end of stream (HTTP/1.1: TCP close without the last chunk or close frame;
 *       h2c: stream reset, the connection's other streams go on);</li>
 *   <li>{@code close}: clean end (SSE: the response completes; WebSocket: close frame 1001);</li>
 *   <li>{@code connection}: closes the whole TCP connection under each chosen subscriber, without a clean end
 *       of anything. Over h2c this ends <em>every</em> stream on that connection, chosen or not (no GOAWAY, no
 *       reset: the socket just closes, as when a server or a middlebox dies); over HTTP/1.1, where a connection
 *       carries one stream, it is the same as {@code abort}. The answer adds the connections closed:
 *       {@code {"dropped":k,"connections":c}}, {@code c <= k}.</li>
 * </ul>
 * With {@code target=llm} (default {@code target=feed}) the same drop applies to the simulated model server's busy
 * streams instead: SSE responses and WebSocket connections with a response in flight, {@code mode=abort|close} only
 * ({@code connection} answers 400); the answer is {@code {"dropped":k}}. A dropped Responses API response goes on
 * generating and can be resumed; a dropped chat completion is cancelled.
 * Missing or wrong token: 401. Unknown transport or mode, fraction outside 0..1: 400 with a one-line reason.
 * Defaults: {@code transport=all}, {@code mode=abort}; {@code fraction} is required.
 *
 * <pre>
 * curl -X POST -H 'Authorization: Bearer TOKEN' 'http://127.0.0.1:8080/admin/drop?fraction=0.1&amp;mode=connection'
 * {"dropped":50,"connections":5}
 * </pre>
 *
 * <p>{@code POST /admin/rate?perSec=R} (same token) changes the publish rate from now on ({@link Publisher#reschedule}:
 * seqs go on without a gap, every message keeps its scheduled time) and answers {@code {"rate":R}}; R outside
 * (0, 1000000]: 400. {@code /metrics} reports the current rate as {@code publishRate}.
 *
 * <p>{@code POST /admin/gc} (same token) collects garbage and answers {@code {"heapUsedBytes":h,"connections":n}}:
 * the live heap, which the orchestrator reads once idle and once loaded (during the warm-up, never in the
 * measured window) to report heap per connection without counting uncollected garbage.
 */
final class AdminHandler extends HttpServlet {
    private final transient Feed feed;
    private final transient LlmService llm;
    private final transient java.util.function.DoubleConsumer rate;
    private final byte[] token;

    AdminHandler(Feed feed, String token) {
        this(feed, null, null, token);
    }

    /**
     * @param llm  the simulated model server ({@code target=llm}), or null
     * @param rate changes the publish rate ({@code /admin/rate}), or null (answers 404)
     */
    AdminHandler(Feed feed, LlmService llm, java.util.function.DoubleConsumer rate, String token) {
        this.feed = feed;
        this.llm = llm;
        this.rate = rate;
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
        if (FeedContract.ADMIN_RATE_PATH.equals(request.getServletPath())) {
            changeRate(request, response);
            return;
        }
        Transport only;
        Mode mode;
        double fraction;
        boolean targetLlm;
        try {
            targetLlm = targetLlm(request.getParameter("target"));
            only = transport(request.getParameter("transport"));
            mode = mode(request.getParameter("mode"));
            fraction = fraction(request.getParameter("fraction"));
            if (targetLlm && mode == Mode.CONNECTION) {
                throw new IllegalArgumentException("mode connection applies to target feed only (llm: abort or close)");
            }
        } catch (IllegalArgumentException e) {
            Responses.plain(response, 400, e.getMessage());
            return;
        }
        if (targetLlm) {
            int n = llm.drop(only, fraction, mode == Mode.ABORT);
            Responses.json(response, 200, ("{\"dropped\":" + n + "}").getBytes(StandardCharsets.US_ASCII));
            return;
        }
        List<Subscriber> chosen = choose(only, fraction);
        String answer;
        if (mode == Mode.CONNECTION) {
            answer = "{\"dropped\":" + chosen.size() + ",\"connections\":" + closeConnections(chosen) + "}";
        } else {
            for (Subscriber s : chosen) {
                s.terminate(mode == Mode.ABORT, "dropped by /admin/drop");
            }
            answer = "{\"dropped\":" + chosen.size() + "}";
        }
        Responses.json(response, 200, answer.getBytes(StandardCharsets.US_ASCII));
    }

    private void changeRate(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (rate == null) {
            Responses.plain(response, 404, "this server's rate cannot be changed");
            return;
        }
        String raw = request.getParameter("perSec");
        double r;
        try {
            r = raw == null ? Double.NaN : Double.parseDouble(raw.strip());
        } catch (NumberFormatException e) {
            r = Double.NaN;
        }
        if (!(r > 0 && r <= 1_000_000)) {
            Responses.plain(response, 400, "perSec must be a number in (0, 1000000], was '"
                    + (raw == null ? "" : clip(raw)) + "'");
            return;
        }
        rate.accept(r);
        Responses.json(response, 200, ("{\"rate\":" + r + "}").getBytes(StandardCharsets.US_ASCII));
    }

    /** The {@code target} parameter: "feed" (the default) or "llm" (the simulated model server's streams). */
    private boolean targetLlm(String raw) {
        String v = raw == null ? "feed" : raw.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "feed" -> false;
            case "llm" -> {
                if (llm == null) {
                    throw new IllegalArgumentException("this server has no LLM endpoints");
                }
                yield true;
            }
            default -> throw new IllegalArgumentException("target must be feed or llm, was '" + clip(raw) + "'");
        };
    }

    /** What {@code mode} asks for. */
    private enum Mode { ABORT, CLOSE, CONNECTION }

    /** {@code round(fraction × n)} of the transport's subscribers, chosen at random. */
    private List<Subscriber> choose(Transport only, double fraction) {
        List<Subscriber> candidates = new ArrayList<>();
        for (Subscriber s : feed.subscribers()) {
            if (only == null || s.transport() == only) {
                candidates.add(s);
            }
        }
        int n = (int) Math.round(fraction * candidates.size());
        Collections.shuffle(candidates, ThreadLocalRandom.current());
        return candidates.subList(0, n);
    }

    /**
     * Closes the TCP connection of each chosen subscriber (once per connection) and returns how many were closed.
     * The socket is closed first, so that the client sees the connection die rather than a reset stream; then every
     * subscriber that was on one of those connections, chosen or not, is terminated, so that none stays registered
     * until Jetty reports the failure.
     */
    private int closeConnections(List<Subscriber> chosen) {
        Set<EndPoint> closed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Subscriber s : chosen) {
            EndPoint tcp = s.tcp();
            if (tcp == null) {
                s.terminate(true, "dropped by /admin/drop (connection unknown: stream aborted)");
            } else if (closed.add(tcp)) {
                tcp.close(new IOException("connection closed by /admin/drop"));
            }
        }
        for (Subscriber s : feed.subscribers()) {
            if (s.tcp() != null && closed.contains(s.tcp())) {
                s.terminate(true, "connection closed by /admin/drop");
            }
        }
        return closed.size();
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

    private static Mode mode(String raw) {
        String v = raw == null ? "abort" : raw.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "abort" -> Mode.ABORT;
            case "close" -> Mode.CLOSE;
            case "connection" -> Mode.CONNECTION;
            default -> throw new IllegalArgumentException("mode must be abort, close or connection, was '"
                    + clip(raw) + "'");
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
