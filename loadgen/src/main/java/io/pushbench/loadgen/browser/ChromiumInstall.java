package io.pushbench.loadgen.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the browser and its WebDriver are: Debian's {@code chromium} and {@code chromium-driver} packages by default
 * ({@code /usr/lib/chromium/chromium}, else {@code /usr/bin/chromium}; {@code /usr/bin/chromedriver}), or the
 * {@code PUSHBENCH_CHROME} and {@code PUSHBENCH_CHROMEDRIVER} settings (environment, or {@code -Dpushbench.chrome},
 * {@code -Dpushbench.chromedriver}). Nothing is ever downloaded: a missing browser is a one-line usage error.
 *
 * <pre>{@code
 * ChromiumInstall c = ChromiumInstall.detect();
 * if (c.problem() != null) { throw new UsageException(c.problem()); }   // how to install it, in one line
 * }</pre>
 */
public record ChromiumInstall(Path chrome, Path chromedriver) {
    /** The one line a missing browser gets. */
    public static final String INSTALL_HINT = "sudo apt-get install -y chromium chromium-driver";

    /** The configured or default paths (not checked; see {@link #problem()}). */
    public static ChromiumInstall detect() {
        Path driver = Path.of(setting("PUSHBENCH_CHROMEDRIVER", "/usr/bin/chromedriver"));
        Path chrome = Path.of(setting("PUSHBENCH_CHROME",
                Files.isExecutable(Path.of("/usr/lib/chromium/chromium")) ? "/usr/lib/chromium/chromium"
                        : "/usr/bin/chromium"));
        return new ChromiumInstall(chrome, driver);
    }

    /** Null when both are executable, else one line saying what is missing and how to install it. */
    public String problem() {
        boolean browser = Files.isExecutable(chrome);
        boolean driver = Files.isExecutable(chromedriver);
        if (browser && driver) {
            return null;
        }
        String missing = !browser && !driver ? "Chromium (" + chrome + ") and chromedriver (" + chromedriver + ")"
                : !browser ? "Chromium (" + chrome + ")" : "chromedriver (" + chromedriver + ")";
        return "the browser driver needs " + missing + ", not installed: " + INSTALL_HINT;
    }

    private static String setting(String name, String dflt) {
        String v = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'), System.getenv(name));
        return v == null || v.isBlank() ? dflt : v;
    }
}
