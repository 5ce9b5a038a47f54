package io.pushbench.cli.live;

import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.Variant;
import io.pushbench.loadgen.compare.PlannedRun;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The live page in headless Chromium (Debian's chromium + chromedriver, started directly: Selenium Manager downloads
 * nothing), fed synthetic listener events through a {@link LiveFeed}, no load: a page that connects after the first
 * run renders its history, then updates as more events arrive, ends cleanly, and logs no error. Saves
 * {@code target/live-page.png}. Skipped without Chromium; {@code PUSHBENCH_CHROME} and {@code PUSHBENCH_CHROMEDRIVER}
 * point at another browser build, as for the report's browser test.
 */
@Timeout(60)
class LivePageTest {
    private static final Path CHROMEDRIVER = Path.of(setting("PUSHBENCH_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Path CHROME = Path.of(setting("PUSHBENCH_CHROME",
            Files.isExecutable(Path.of("/usr/lib/chromium/chromium")) ? "/usr/lib/chromium/chromium"
                    : "/usr/bin/chromium"));
    private static final List<String> CHARTS = List.of("chart-rate", "chart-p99", "chart-connections");

    private static String setting(String name, String dflt) {
        String v = System.getProperty(name.toLowerCase(java.util.Locale.ROOT).replace('_', '.'), System.getenv(name));
        return v == null || v.isBlank() ? dflt : v;
    }

    @Test
    void rendersTheHistoryThenUpdatesLiveWithoutErrors(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROME),
                "Chromium not installed (apt-get install -y chromium chromium-driver)");
        LiveEvents events = new LiveEvents(1000);
        // one second per sample, as the load generator sends them (the synthetic events come all at once)
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        LiveFeed feed = new LiveFeed(events, "compare", clock::get);
        LiveRun sse = run(0, "sse-h1-jetty-r1", Transport.SSE);
        LiveRun ws = run(1, "ws-h1-jetty-r1", Transport.WS);
        feed.planned(sse);
        feed.runStarting(sse);
        for (int t = 1; t <= 6; t++) {
            clock.addAndGet(1_000_000_000L);
            feed.onInterval(sample(t, 3000 + 10 * t, 800 + 50 * t));
        }
        feed.onMessage("pushbench: wrote sse-h1-jetty-r1.json");

        try (LiveServer server = LiveServer.start(events, 0, Duration.ofSeconds(1))) {
            ChromeDriver driver = open(tmp);
            try {
                driver.get(server.url().toString());
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
                // the history: one run of six seconds
                wait.until(d -> CHARTS.stream().allMatch(id -> points(d, id) >= 6));
                assertThat(driver.findElement(By.id("status-run")).getText()).isEqualTo("1 of 2: sse-h1-jetty-r1");
                assertThat(driver.findElement(By.id("status-series")).getText()).isEqualTo("SSE / h1 / jetty");
                assertThat(driver.findElement(By.id("status-phase")).getText()).isEqualTo("measure (steady window) 2 of 10 s");

                // live: a second run after the page connected
                clock.addAndGet(3_000_000_000L);   // the gap between two runs (JVM starts)
                feed.runStarting(ws);
                for (int t = 1; t <= 5; t++) {
                    clock.addAndGet(1_000_000_000L);
                    feed.onInterval(sample(t, 2990 + 5 * t, 700 - 20 * t));
                }
                wait.until(d -> points(d, "chart-rate") >= 11);
                assertThat(driver.findElement(By.id("status-run")).getText()).isEqualTo("2 of 2: ws-h1-jetty-r1");
                assertThat(driver.findElement(By.id("chart-rate")).getText()).contains("SSE h1/jetty")
                        .contains("WS h1/jetty");
                for (String id : CHARTS) {
                    assertThat(driver.findElement(By.id(id)).getAttribute("data-rendered")).as(id).isEqualTo("true");
                    Long shapes = (Long) ((JavascriptExecutor) driver).executeScript(
                            "return document.getElementById(arguments[0]).querySelectorAll('svg path').length;", id);
                    assertThat(shapes).as("SVG paths in %s", id).isGreaterThan(10);
                }
                feed.runFailed(new PlannedRun(1, "ws-h1-jetty-r1", Transport.WS, Variant.PLAIN, Protocol.H1,
                        Driver.JETTY, 1), 2, "the load generator crashed");
                feed.finished(false, "comparison incomplete");
                wait.until(d -> d.findElement(By.id("outcome")).getText().contains("comparison incomplete"));
                wait.until(d -> d.findElement(By.id("runs-table")).getText().contains("INVALID"));   // redrawn in 0.2 s
                assertThat(driver.findElement(By.id("runs-table")).getText())
                        .contains("ws-h1-jetty-r1 WS h1/jetty INVALID").contains("failed: the load generator crashed");
                assertThat(driver.findElement(By.id("connection")).getText()).startsWith("closed");
                assertThat(driver.findElement(By.id("log")).getText()).contains("pushbench: wrote sse-h1-jetty-r1.json");

                Object pageErrors = ((JavascriptExecutor) driver).executeScript("return window.pushbenchErrors;");
                assertThat((List<?>) pageErrors).as("errors caught by the page").isEmpty();
                List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
                assertThat(severe).as("browser console errors").isEmpty();
                Path shot = Path.of("target", "live-page.png");
                Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), shot,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                driver.quit();
            }
        }
    }

    private static long points(org.openqa.selenium.WebDriver d, String chart) {
        String v = d.findElement(By.id(chart)).getAttribute("data-points");
        return v == null ? 0 : Long.parseLong(v);
    }

    private static LiveRun run(int index, String id, Transport t) {
        return new LiveRun(index, 2, id, t, Protocol.H1, Driver.JETTY, Variant.PLAIN, "steady", null, 1000, 4,
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /** A made-up second of a run (the test's, not a measurement): ramp, warm-up, then steady. */
    private static IntervalSample sample(int t, double perSec, double p99Us) {
        String phase = t <= 2 ? "ramp" : t <= 4 ? "warmup" : "steady";
        return new IntervalSample(t, phase, Math.min(1000, 500L * t), perSec, perSec * 256, p99Us / 2, p99Us,
                p99Us * 2, 0, 0, 0, 0, 0.4);
    }

    private static ChromeDriver open(Path tmp) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROME.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--window-size=1300,1400", "--user-data-dir=" + tmp.resolve("profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return driver;
    }
}
