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
 * every chart rendered to a non-empty SVG and that the page logged no error. Saves a screenshot to
 * {@code target/report-screenshot.png}. Skipped when Chromium is not installed; {@code PUSHBENCH_CHROME} and
 * {@code PUSHBENCH_CHROMEDRIVER} (environment or {@code -Dpushbench.chrome=...}) point at another browser build.
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
        Path binary = CHROME;
        assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(binary),
                "Chromium not installed (apt-get install -y chromium chromium-driver)");
        Path dir = ReportsTest.copy(Golden.fixture("comparison-3x"), tmp.resolve("r"));
        Reports.generate(dir);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--window-size=1400,5200", "--user-data-dir=" + tmp.resolve("profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            driver.get(dir.resolve("report.html").toUri().toString());
            List<WebElement> charts = driver.findElements(By.cssSelector("div.chart"));
            assertThat(charts).hasSizeGreaterThanOrEqualTo(9);
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
            assertThat(driver.findElement(By.id("summary-table")).getText()).contains("p99 (lower is better)");
            assertThat(driver.findElement(By.id("comparison-table")).getText()).contains("90% interval");
            assertThat(driver.findElement(By.id("jmh-table")).getText()).contains("sseEvent").contains("wsServerFrame");

            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path target = Path.of("target/report-screenshot.png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(target)).isGreaterThan(10_000);
        } finally {
            driver.quit();
        }
    }
}
