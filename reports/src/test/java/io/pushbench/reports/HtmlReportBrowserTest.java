package io.pushbench.reports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens the generated report.html from disk in headless Chromium (Debian's chromium + chromedriver) and checks that
 * every chart rendered to a non-empty SVG and that the page logged no error. Saves screenshots to
 * {@code target/report-screenshot.png} and, for the reconnection fixture, {@code target/report-reconnection-*.png}
 * (the LLM and capacity fixtures: {@code target/report-llm.png}, {@code target/report-capacity.png}).
 * Skipped when Chromium is not installed; {@code PUSHBENCH_CHROME} and {@code PUSHBENCH_CHROMEDRIVER} (environment or
 * {@code -Dpushbench.chrome=...}) point at another browser build.
 */
@Timeout(180)
class HtmlReportBrowserTest {
    /** Overridable where Chromium lives elsewhere (e.g. GitHub's runners: Chrome + $CHROMEWEBDRIVER). */
    private static final Path CHROMEDRIVER = Path.of(setting("PUSHBENCH_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Path CHROME = Path.of(setting("PUSHBENCH_CHROME",
            Files.isExecutable(Path.of("/usr/lib/chromium/chromium")) ? "/usr/lib/chromium/chromium"
                    : "/usr/bin/chromium"));

    private static String setting(String name, String dflt) {
        String v = System.getProperty(name.toLowerCase(java.util.Locale.ROOT).replace('_', '.'), System.getenv(name));
        return v == null || v.isBlank() ? dflt : v;
    }

    @Test
    void everyChartRendersWithoutErrors(@TempDir Path tmp) throws Exception {
        ChromeDriver driver = open(tmp, "comparison-3x", 5200);
        try {
            assertEveryChartRendered(driver, 9);
            assertThat(driver.findElement(By.id("summary-table")).getText()).contains("p99 (lower is better)");
            assertThat(driver.findElement(By.id("comparison-table")).getText()).contains("90% interval");
            assertThat(driver.findElement(By.id("jmh-table")).getText()).contains("sseEvent").contains("wsServerFrame");
            assertThat(driver.findElements(By.id("reconnection"))).isEmpty();
            screenshot(driver, "report-screenshot.png");
        } finally {
            driver.quit();
        }
    }

    @Test
    void reconnectionSectionRendersWithoutErrors(@TempDir Path tmp) throws Exception {
        ChromeDriver driver = open(tmp, "reconnect-3x", 2400);
        try {
            // 7 general charts, then per case a timeline and a recovery or slow-group chart
            assertEveryChartRendered(driver, 13);
            for (String id : List.of("reconnect-drop-abort", "recovery-drop-abort", "reconnect-restart",
                    "recovery-restart", "reconnect-slow", "slow-group-slow")) {
                assertThat(driver.findElement(By.id("chart-" + id)).getAttribute("data-rendered")).as(id)
                        .isEqualTo("true");
            }
            // the fault is a labelled vertical line, msg/s has its own axis
            String restart = driver.findElement(By.id("chart-reconnect-restart")).getText();
            assertThat(restart).contains("restart 8.3 s").contains("msg/s").contains("connections");
            assertThat(driver.findElement(By.id("reconnection-table-restart")).getText())
                    .contains("2 never came back").contains("recovery p99");
            assertThat(driver.findElement(By.id("reconnection-slow-slow")).getText()).contains("slow group");
            for (String section : List.of("reconnection", "reconnection-restart", "reconnection-slow")) {
                ((JavascriptExecutor) driver).executeScript(
                        "document.getElementById(arguments[0]).scrollIntoView();", section);
                screenshot(driver, "report-" + section + ".png");
            }
        } finally {
            driver.quit();
        }
    }

    @Test
    void llmReportRendersWithoutErrors(@TempDir Path tmp) throws Exception {
        ChromeDriver driver = open(tmp, "llm-2x", 3000);   // an LLM-only directory: the LLM report alone
        try {
            // per load a TTFT and an ITL spectrum (2 loads), throughput, tokens, E2E, transport share, failures
            assertEveryChartRendered(driver, 9);
            assertThat(driver.findElement(By.id("chart-llm-ttft-rate8")).getText()).contains("WS h1 responses")
                    .contains("p99");
            assertThat(driver.findElement(By.id("llm-summary-table")).getText()).contains("ITL per token");
            assertThat(driver.findElement(By.id("llm-invalid")).getText()).contains("ws-h1-responses-rate8-r2");
            screenshot(driver, "report-llm.png");
        } finally {
            driver.quit();
        }
    }

    @Test
    void capacityReportRendersWithoutErrors(@TempDir Path tmp) throws Exception {
        ChromeDriver driver = open(tmp, "capacity-2x", 2600);   // a capacity-only directory: the section alone
        try {
            // one latency-against-load chart per transport, side by side
            assertEveryChartRendered(driver, 2);
            String sse = driver.findElement(By.id("chart-capacity-sse-h1")).getText();
            assertThat(sse).contains("p99 #1").contains("objective: p99 ≤ 50ms").contains("capacity #1")
                    .contains("offered load (msg/s)");
            assertThat(driver.findElement(By.id("chart-capacity-ws-h1")).getText()).contains("instrument limit");
            assertThat(driver.findElement(By.id("capacity-verdict-lines")).getText())
                    .contains("WS h1: no capacity: stopped on the instrument, not the server");
            assertThat(driver.findElement(By.id("capacity-cost-table")).getText()).contains("291.0 B");
            screenshot(driver, "report-capacity.png");
        } finally {
            driver.quit();
        }
    }

    /**
     * A results directory given with {@code -Dpushbench.reportDir=DIR} (a real run's, e.g. a capacity search's): its
     * report is generated in place and must render every chart without an error. Skipped without the property.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "pushbench.reportDir", matches = ".+")
    void aGivenDirectorysReportRendersWithoutErrors(@TempDir Path tmp) throws Exception {
        Path dir = Path.of(System.getProperty("pushbench.reportDir"));
        Reports.generate(dir);
        ChromeDriver driver = openGenerated(tmp, dir, 2600);
        try {
            assertEveryChartRendered(driver, 1);
            screenshot(driver, "report-given.png");
        } finally {
            driver.quit();
        }
    }

    private static ChromeDriver open(Path tmp, String fixture, int height) throws Exception {
        Path dir = ReportsTest.copy(Golden.fixture(fixture), tmp.resolve("r"));
        Reports.generate(dir);
        return openGenerated(tmp, dir, height);
    }

    private static ChromeDriver openGenerated(Path tmp, Path dir, int height) throws Exception {
        Path binary = CHROME;
        assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(binary),
                "Chromium not installed (apt-get install -y chromium chromium-driver)");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--window-size=1400," + height, "--user-data-dir=" + tmp.resolve("profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.get(dir.resolve("report.html").toUri().toString());
        return driver;
    }

    private static void assertEveryChartRendered(ChromeDriver driver, int atLeast) {
        List<WebElement> charts = driver.findElements(By.cssSelector("div.chart"));
        assertThat(charts).hasSizeGreaterThanOrEqualTo(atLeast);
        for (WebElement chart : charts) {
            String id = chart.getAttribute("id");
            assertThat(chart.getAttribute("data-rendered")).as("chart %s rendered", id).isEqualTo("true");
            Long shapes = (Long) ((JavascriptExecutor) driver).executeScript(
                    "return arguments[0].querySelectorAll('svg path, svg text').length;", chart);
            assertThat(shapes).as("SVG elements in %s", id).isGreaterThan(10);
        }
        Object pageErrors = ((JavascriptExecutor) driver).executeScript("return window.pushbenchErrors;");
        assertThat((List<?>) pageErrors).as("errors caught by the page").isEmpty();
        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(severe).as("browser console errors").isEmpty();
    }

    private static void screenshot(ChromeDriver driver, String name) throws Exception {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(target)).isGreaterThan(10_000);
    }
}
