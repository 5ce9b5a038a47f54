package io.pushbench.loadgen.calibrate;

import io.pushbench.analysis.results.Calibration;
import io.pushbench.loadgen.browser.BrowserClockCheck;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The calibration's browser clock step in its own JVM, pinned like the load generator (the browser driver's JVM
 * is, and the Chromium it starts inherits its CPUs): {@link BrowserClockCheck} against a running pushbench server,
 * printed as the child's result line.
 *
 * <pre>{@code
 * // taskset -c 1 java -cp CP io.pushbench.loadgen.calibrate.BrowserClockStep http://127.0.0.1:PORT 5 4 DIR/browser-clock.chromedriver.log
 * try (ChildRun c = ChildRun.start("browser clock", launch.jvm(Launch.Side.LOADGEN, BrowserClockStep.class,
 *         url, "5", "4", log), this.log)) {
 *     Calibration.BrowserClock b = c.result(Calibration.BrowserClock.class, 60_000);
 * }
 * }</pre>
 */
public final class BrowserClockStep {
    /** Estimates the step takes (the first and the last give the drift). */
    static final int ESTIMATES = 5;
    /**
     * From the first estimate to the last: long enough to show a drift, short enough that the whole step (server,
     * JVM and browser start included) stays about 10 s, as it must to be in the default calibration (with 5 s it took
     * 11 s on the reference machine).
     */
    static final Duration WINDOW = Duration.ofSeconds(4);

    private BrowserClockStep() {
    }

    /** {@code BrowserClockStep URL ESTIMATES SECONDS LOGFILE}: measures and prints the result line. */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: BrowserClockStep URL ESTIMATES SECONDS LOGFILE");
        }
        Calibration.BrowserClock c = BrowserClockCheck.measure(URI.create(args[0]), Path.of(args[3]),
                Integer.parseInt(args[1]), Duration.ofMillis(Math.round(Double.parseDouble(args[2]) * 1000)));
        ChildRun.emit(c);
        // chromedriver's and Selenium's non-daemon threads may outlive the browser: the result is out, end here
        System.exit(0);
    }
}
