package io.pushbench.loadgen.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushbench.analysis.results.Driver;
import io.pushbench.loadgen.driver.DriverConfig;
import io.pushbench.loadgen.driver.LoadDriver;
import io.pushbench.loadgen.driver.LoadSession;
import io.pushbench.loadgen.scenario.Scenarios;
import io.pushbench.wire.FeedContract;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The browser driver: subscribers are {@code EventSource} or {@code WebSocket} objects in pages of headless
 * Chromium, each page loaded from the server's own {@code /browser/subscriber.html} (same origin as the feed). Pages
 * keep every event with its {@code performance.now()} receive time; the driver drains them every
 * {@value BrowserInstance#DRAIN_MS} ms and hands them to the measurement core through the same
 * {@link io.pushbench.loadgen.driver.FeedEvents} as the other drivers, on the JVM's clock ({@link ClockOffsetEstimator}).
 *
 * <pre>{@code
 * BrowserDriver d = BrowserDriver.launch(config);     // browsers started, pages loaded, clocks measured
 * LoadSession s = LoadSession.start(config, System.out);
 * d.run(s);                                           // returns after the drain, browsers quit
 * s.finish(0);
 * }</pre>
 *
 * <p>HTTP/1.1 runs on the server's cleartext port; {@link Protocol#H2C} runs as HTTP/2 over TLS on the server's TLS
 * port ({@code pushbench server --tls}; a browser never speaks h2c), found in {@code /browser/tls.json} with the key
 * pin Chromium is told to trust. Layout and limits: {@link BrowserLayout}. Results: {@code extensions.browser}
 * (clock, cost, per-stream time to first message, layout).
 */
public final class BrowserDriver implements LoadDriver {
    private final DriverConfig config;
    private final URI origin;
    private final BrowserLayout layout;
    private final List<BrowserInstance> browsers;
    private final String version;

    private BrowserDriver(DriverConfig config, URI origin, BrowserLayout layout, List<BrowserInstance> browsers,
                          String version) {
        this.config = config;
        this.origin = origin;
        this.layout = layout;
        this.browsers = browsers;
        this.version = version;
    }

    /** Whether this run is the {@code six-connections} scenario: every subscriber in one page of one browser. */
    static boolean oneBrowser(DriverConfig c) {
        return Scenarios.SIX_CONNECTIONS.equals(c.behaviour().scenario());
    }

    /**
     * Starts the browsers, loads their pages and measures each page's clock, before the run's schedule starts.
     *
     * @throws IllegalStateException when Chromium is not installed (one line naming the package) or, over h2, the
     *                               server has no TLS port
     */
    public static BrowserDriver launch(DriverConfig c) throws IOException, InterruptedException {
        if (c.driver() != Driver.BROWSER) {
            throw new IllegalArgumentException("the browser driver runs configurations of driver "
                    + Driver.BROWSER.key() + ", was " + c.driver().key());
        }
        ChromiumInstall install = ChromiumInstall.detect();
        if (install.problem() != null) {
            throw new IllegalStateException(install.problem());
        }
        URI origin = URI.create(c.baseUrl().replaceAll("/+$", ""));
        String pin = null;
        if (c.protocol() == Protocol.H2C) {
            JsonNode tls = tlsInfo(origin);
            if (!tls.path("tls").asBoolean(false)) {
                throw new IllegalStateException("the browser driver runs HTTP/2 over TLS: start the server with --tls"
                        + " (" + origin + "/browser/tls.json says it has no TLS port)");
            }
            origin = URI.create(tls.path("url").asText());
            pin = tls.path("spkiSha256").asText();
        }
        if (!oneBrowser(c)) {
            BrowserLayout.checkFits(c.connections(), c.transport(), c.protocol());
        }
        BrowserLayout layout = BrowserLayout.plan(c.connections(), c.transport(), c.protocol(), oneBrowser(c));
        List<BrowserInstance> browsers = new ArrayList<>();
        String version = "unknown";
        try {
            for (int b = 0; b < layout.browsers(); b++) {
                Files.createDirectories(c.outDir());
                Path profile = Files.createTempDirectory("pushbench-chromium-");
                OutputStream log = Files.newOutputStream(c.outDir().resolve(c.runId() + ".chromedriver-" + b
                        + ".log"));
                ChromiumBrowser chromium = ChromiumBrowser.launch(install, profile, log, pin);
                List<BrowserLayout.Page> mine = layout.pagesOf(b);
                List<BrowserPage> pages = new ArrayList<>();
                BrowserInstance instance = new BrowserInstance(b, chromium, pages, mine);
                browsers.add(instance);
                for (int p = 0; p < mine.size(); p++) {
                    BrowserPage page = new BrowserPage(chromium.devTools(
                            chromium.openPage(origin + "/browser/subscriber.html")));
                    page.calibrate(BrowserInstance.CLOCK_SAMPLES);
                    pages.add(page);
                }
                if (b == 0) {
                    version = String.valueOf(chromium.script("return navigator.userAgent;"));
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            browsers.forEach(BrowserInstance::close);
            throw e;
        }
        return new BrowserDriver(c, origin, layout, browsers, version);
    }

    private static JsonNode tlsInfo(URI origin) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(origin + "/browser/tls.json"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the browser driver needs a pushbench server (" + origin
                        + "/browser/tls.json answered " + r.statusCode() + ")");
            }
            return new ObjectMapper().readTree(r.body());
        }
    }

    @Override
    public Driver kind() {
        return Driver.BROWSER;
    }

    @Override
    public void run(LoadSession session) throws Exception {
        DriverConfig c = session.config();
        BrowserSubscriber[] subscribers = new BrowserSubscriber[c.connections()];
        for (int i = 0; i < subscribers.length; i++) {
            subscribers[i] = new BrowserSubscriber(session, i);
        }
        String transport = c.transport().key();
        String url = c.transport() == Transport.SSE ? origin + FeedContract.SSE_PATH
                : origin.toString().replaceFirst("^http", "ws") + FeedContract.WS_PATH;
        Map<String, Object> backoff = Map.of("policy", c.behaviour().reconnect().key(),
                "minMs", c.backoffMin().toMillis(), "maxMs", c.backoffMax().toMillis());
        List<Thread> threads = new ArrayList<>();
        try {
            for (BrowserInstance b : browsers) {
                threads.add(Thread.ofPlatform().name("pushbench-browser-" + threads.size())
                        .start(() -> b.run(session, subscribers, transport, url, backoff)));
            }
            for (Thread t : threads) {
                t.join();
            }
        } finally {
            browsers.forEach(BrowserInstance::close);
        }
        session.describeDriver(Map.of("browser", BrowserFigures.describe(this, subscribers)));
    }

    DriverConfig config() {
        return config;
    }

    URI origin() {
        return origin;
    }

    BrowserLayout layout() {
        return layout;
    }

    List<BrowserInstance> browsers() {
        return browsers;
    }

    String version() {
        return version;
    }
}
