package io.pushbench.loadgen.run;

import io.pushbench.wire.FeedContract;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The admin POSTs to pushbench's server (docs/server.md): {@code /admin/drop}, through which the feed's scenarios and
 * the LLM runs' faults end a share of the server's streams, {@code /admin/rate}, through which a capacity search
 * changes the rate of its warm server between steps, and {@code /admin/gc}, with which it settles that server before
 * an idle measurement.
 *
 * <pre>{@code
 * String answer = AdminDrop.post("http://127.0.0.1:8080", token, "transport=ws&fraction=0.5&mode=abort");
 * // {"dropped":500}
 * }</pre>
 */
public final class AdminDrop {
    private AdminDrop() {
    }

    /**
     * Posts the drop with {@code query} (without the {@code ?}) and returns the server's answer.
     *
     * @throws IOException with the status and body when the server does not answer 200
     */
    public static String post(String baseUrl, String token, String query) throws IOException, InterruptedException {
        return admin(baseUrl, token, FeedContract.ADMIN_DROP_PATH, query);
    }

    /**
     * {@code POST /admin/rate?perSec=R}: the running server publishes at {@code perSec} from now on (a capacity
     * search's next step on its warm server); returns the server's answer.
     */
    public static String rate(String baseUrl, String token, double perSec) throws IOException, InterruptedException {
        return admin(baseUrl, token, FeedContract.ADMIN_RATE_PATH, "perSec=" + perSec);
    }

    /**
     * {@code POST /admin/gc}: the server collects garbage now; returns its answer
     * ({@code {"heapUsedBytes":h,"connections":n}}).
     */
    public static String gc(String baseUrl, String token) throws IOException, InterruptedException {
        return admin(baseUrl, token, FeedContract.ADMIN_GC_PATH, "");
    }

    private static String admin(String baseUrl, String token, String path, String query)
            throws IOException, InterruptedException {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest rq = HttpRequest.newBuilder(URI.create(base + path + "?" + query))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> rs = http.send(rq, HttpResponse.BodyHandlers.ofString());
        if (rs.statusCode() != 200) {
            throw new IOException("POST " + path + "?" + query + " answered " + rs.statusCode()
                    + ": " + rs.body().strip());
        }
        return rs.body().strip();
    }
}
