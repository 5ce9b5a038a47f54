package io.pushbench.loadgen.browser;

import io.pushbench.analysis.results.Calibration;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The calibration's browser clock step: how well the browser driver's page clock maps onto the load generator's
 * {@code System.nanoTime()} on this machine. It starts one headless Chromium as the driver does
 * ({@link ChromiumBrowser}), loads the subscriber page from a pushbench server, runs the driver's own page
 * calibration ({@link BrowserPage#calibrate}), then takes {@code estimates} estimates of
 * {@value BrowserInstance#CLOCK_SAMPLES} DevTools round trips each (the driver's count per page), spread evenly over
 * {@code window}, and summarises them ({@link ClockOffsetSpread}).
 *
 * <pre>{@code
 * Calibration.BrowserClock c = BrowserClockCheck.measure(URI.create("http://127.0.0.1:8080"),
 *         Path.of("results/calibration/browser-clock.chromedriver.log"), 5, Duration.ofSeconds(5));
 * c.errorBoundUs();   // what a run's page clock can be wrong by here
 * }</pre>
 *
 * <p>Over cleartext HTTP/1.1 only: the mapping is a property of the page's clock and of the DevTools round trip,
 * not of the feed's protocol.
 */
public final class BrowserClockCheck {
    private BrowserClockCheck() {
    }

    /**
     * Measures; see the class comment.
     *
     * @param origin    a pushbench server's base URL (it serves {@code /browser/subscriber.html})
     * @param log       where chromedriver's log goes (created)
     * @param estimates estimates to take, >= 2 (the first and the last give the drift)
     * @param window    from the first estimate to the last, >= 0
     * @throws IllegalStateException when Chromium is not installed (one line naming the package) or the page fails
     */
    public static Calibration.BrowserClock measure(URI origin, Path log, int estimates, Duration window)
            throws IOException, InterruptedException {
        if (estimates < 2) {
            throw new IllegalArgumentException("the browser clock step needs at least 2 estimates, was " + estimates);
        }
        ChromiumInstall install = ChromiumInstall.detect();
        if (install.problem() != null) {
            throw new IllegalStateException(install.problem());
        }
        Path profile = Files.createTempDirectory("pushbench-chromium-");
        if (log.getParent() != null) {
            Files.createDirectories(log.getParent());
        }
        try (OutputStream out = Files.newOutputStream(log);
             ChromiumBrowser chromium = ChromiumBrowser.launch(install, profile, out, null)) {
            String base = origin.toString().replaceAll("/+$", "");
            try (BrowserPage page = new BrowserPage(chromium.devTools(chromium.openPage(base
                    + "/browser/subscriber.html")))) {
                String userAgent = String.valueOf(chromium.script("return navigator.userAgent;"));
                // the driver's own calibration first: the page's step, and the same first round trips a run takes
                page.calibrate(BrowserInstance.CLOCK_SAMPLES);
                ClockOffsetSpread spread = new ClockOffsetSpread();
                long start = System.nanoTime();
                long every = window.toNanos() / (estimates - 1);
                for (int k = 0; k < estimates; k++) {
                    long due = start + k * every;
                    while (System.nanoTime() < due) {
                        LockSupport.parkNanos(due - System.nanoTime());
                        if (Thread.interrupted()) {
                            throw new InterruptedException("browser clock step interrupted");
                        }
                    }
                    long before = System.nanoTime();
                    ClockOffset o = page.measure(BrowserInstance.CLOCK_SAMPLES, spread);
                    spread.estimate(before + (System.nanoTime() - before) / 2, o);
                }
                return spread.summary(userAgent, page.isolated(), BrowserInstance.CLOCK_SAMPLES);
            }
        }
    }
}
