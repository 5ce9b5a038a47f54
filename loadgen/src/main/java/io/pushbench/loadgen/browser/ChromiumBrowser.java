package io.pushbench.loadgen.browser;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One headless Chromium instance driven through {@code chromedriver} (Selenium's {@link ChromeDriver}, given both
 * paths, so Selenium Manager never runs and nothing is downloaded), with its own throw-away profile directory,
 * hence its own connection pools.
 *
 * <pre>{@code
 * try (ChromiumBrowser b = ChromiumBrowser.launch(ChromiumInstall.detect(), profileDir, log, spkiPin)) {
 *     String page = b.openPage("http://127.0.0.1:8080/browser/subscriber.html");
 *     DevToolsPage cdp = b.devTools(page);
 * }
 * }</pre>
 *
 * <p>Flags: {@code --headless --no-sandbox --disable-gpu --disable-background-networking
 * --disable-component-update} as the project's browser tests use, {@code --disable-dev-shm-usage} (small
 * {@code /dev/shm} in containers), and the three that keep every page running as a foreground page would
 * ({@code --disable-background-timer-throttling --disable-renderer-backgrounding
 * --disable-backgrounding-occluded-windows}: the pages of one browser are windows, not background tabs, but the
 * page's WebSocket reconnect timer must not be throttled either way). Over TLS, {@code
 * --ignore-certificate-errors-spki-list=<pin>} trusts the server's self-signed key only; every other check stays on.
 */
final class ChromiumBrowser implements AutoCloseable {
    private final ChromeDriver driver;
    private final Path profile;
    private final List<String> pages = new ArrayList<>();

    private ChromiumBrowser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Starts the browser with an empty profile in {@code profile} (created; deleted at {@link #close}).
     *
     * @param log     where chromedriver's own log goes
     * @param spkiPin base64 SHA-256 of the server's TLS key to trust, or null (cleartext)
     */
    static ChromiumBrowser launch(ChromiumInstall install, Path profile, OutputStream log, String spkiPin)
            throws IOException {
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(install.chrome().toFile());
        options.addArguments(flags(profile, spkiPin));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(install.chromedriver().toFile()).usingAnyFreePort()
                .withLogOutput(log).build();
        ChromeDriver d = new ChromeDriver(service, options);
        d.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new ChromiumBrowser(d, profile);
    }

    /** The browser's command-line flags (see the class comment). */
    static List<String> flags(Path profile, String spkiPin) {
        List<String> f = new ArrayList<>(List.of("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows", "--user-data-dir=" + profile.toAbsolutePath()));
        if (spkiPin != null) {
            f.add("--ignore-certificate-errors-spki-list=" + spkiPin);
        }
        return f;
    }

    /**
     * Loads {@code url} in a page (the first in the browser's first window, the others in new windows) and waits
     * until its script has defined {@code window.pushbench}; returns the page's handle.
     */
    String openPage(String url) {
        if (!pages.isEmpty()) {
            driver.switchTo().newWindow(WindowType.WINDOW);
        }
        String handle = driver.getWindowHandle();
        driver.get(url);
        Object ready = script("return typeof window.pushbench === 'object' && location.href;");
        if (!(ready instanceof String)) {
            throw new IllegalStateException("the subscriber page at " + url + " did not load its script (is it a"
                    + " pushbench server?)");
        }
        pages.add(handle);
        return handle;
    }

    /**
     * A DevTools connection to the page {@code handle} (chromedriver's window handles are the DevTools target ids),
     * on the browser's debugging port.
     */
    DevToolsPage devTools(String handle) throws InterruptedException {
        Map<?, ?> chrome = (Map<?, ?>) driver.getCapabilities().getCapability("goog:chromeOptions");
        Object address = chrome == null ? null : chrome.get("debuggerAddress");
        if (address == null) {
            throw new IllegalStateException("chromedriver did not report the browser's debugger address");
        }
        return DevToolsPage.connect(java.net.URI.create("ws://" + address + "/devtools/page/" + handle));
    }

    /** Runs {@code js} in the current window (WebDriver's executeScript) and returns its value. */
    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** The browser's main process (found by its profile directory), if it is running. */
    Optional<ProcessHandle> process() {
        String mark = "--user-data-dir=" + profile.toAbsolutePath();
        return ProcessHandle.allProcesses().filter(p -> {
            String c = commandLine(p);
            return c.contains(mark) && !c.contains("--type=");
        }).findFirst();
    }

    /**
     * CPU time so far of each of the browser's processes, ns, by pid (the main process and every descendant:
     * renderers, network service, GPU and utility processes), each marked whether it is a renderer
     * ({@code --type=renderer}); empty when the browser is not found. {@link #cpuSince} turns two readings into the
     * CPU used in between.
     */
    Map<Long, ProcessCpu> cpu() {
        Map<Long, ProcessCpu> out = new java.util.HashMap<>();
        Optional<ProcessHandle> main = process();
        if (main.isEmpty()) {
            return out;
        }
        out.put(main.get().pid(), new ProcessCpu(cpu(main.get()), false));
        for (ProcessHandle p : main.get().descendants().toList()) {
            out.put(p.pid(), new ProcessCpu(cpu(p), commandLine(p).contains("--type=renderer")));
        }
        return out;
    }

    /** One process's CPU time so far, and whether it is a renderer. */
    record ProcessCpu(long nanos, boolean renderer) {
    }

    /**
     * The CPU used between two {@link #cpu} readings, ns: {@code [all, renderers]}. A process seen at both counts its
     * difference, one started in between all of its time; one that ended in between is not counted (its time is
     * gone with it), so the figure is a lower bound when processes came and went.
     */
    static long[] cpuSince(Map<Long, ProcessCpu> before, Map<Long, ProcessCpu> after) {
        long all = 0;
        long renderers = 0;
        for (Map.Entry<Long, ProcessCpu> e : after.entrySet()) {
            ProcessCpu b = before.get(e.getKey());
            long used = Math.max(0, e.getValue().nanos() - (b == null ? 0 : b.nanos()));
            all += used;
            if (e.getValue().renderer()) {
                renderers += used;
            }
        }
        return new long[] {all, renderers};
    }

    /**
     * A process's command line from {@code /proc/PID/cmdline}. Why not {@code ProcessHandle.Info}: Chromium's
     * child processes rewrite their argument area (one space-separated string), which the JDK reads as the bare
     * executable.
     */
    private static String commandLine(ProcessHandle p) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
            return new String(b, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return p.info().commandLine().orElse("");
        }
    }

    private static long cpu(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Quits the browser and deletes its profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } catch (RuntimeException e) {
            // already gone (crashed): nothing to quit
        }
        try (var walk = Files.walk(profile)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a profile left in the temp dir is harmless
        }
    }
}
