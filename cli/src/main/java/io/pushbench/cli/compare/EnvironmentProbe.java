package io.pushbench.cli.compare;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The machine and software fingerprint stored under {@code environment} in results.json, so that a reader can tell
 * whether two comparisons are comparable: CPU model and count, OS and kernel, the JVM and its flags, the Jetty and
 * Gatling versions on the class path, the git commit, and how the children were pinned.
 *
 * <pre>{@code
 * Map<String, Object> env = EnvironmentProbe.collect(pinning, Path.of(System.getProperty("pushbench.home", ".")));
 * }</pre>
 *
 * Every probe is best effort: a figure that cannot be read is "unknown", never an error.
 */
public final class EnvironmentProbe {
    private EnvironmentProbe() {
    }

    public static Map<String, Object> collect(CpuPinning pinning, Path home) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpuModel", cpuModel());
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("kernel", System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")");
        m.put("javaHome", System.getProperty("java.home"));
        m.put("cliJvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
        m.put("jetty", version("org.eclipse.jetty.server.Server"));
        m.put("gatling", version("io.gatling.app.Gatling"));
        m.put("hdrHistogram", version("org.HdrHistogram.Histogram"));
        m.put("gitCommit", gitCommit(home));
        m.put("taskset", CpuPinning.tasksetAvailable());
        m.put("pinning", pinning.toMap());
        return m;
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or no access
        }
        return "unknown";
    }

    static String version(String className) {
        try {
            Class<?> c = Class.forName(className, false, EnvironmentProbe.class.getClassLoader());
            String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
            if (v == null) {
                // Jars without Implementation-Version: take it from the jar name (.../gatling-app-3.15.1.jar).
                var src = c.getProtectionDomain().getCodeSource();
                if (src != null && src.getLocation() != null) {
                    String path = src.getLocation().getPath();
                    var m = java.util.regex.Pattern.compile("-(\\d+(?:\\.\\d+)+[^/]*)\\.jar$").matcher(path);
                    if (m.find()) {
                        v = m.group(1);
                    }
                }
            }
            return v == null ? "unknown" : v;
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return "not on class path";
        }
    }

    static String gitCommit(Path home) {
        try {
            Process p = new ProcessBuilder(List.of("git", "-C", home.toString(), "rev-parse", "--short=12", "HEAD"))
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(200);
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            String s = new String(out, StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0 || !s.matches("[0-9a-f]{7,40}")) {
                return "unknown";
            }
            Process dirty = new ProcessBuilder(List.of("git", "-C", home.toString(), "status", "--porcelain",
                    "--untracked-files=no")).redirectErrorStream(true).start();
            dirty.getOutputStream().close();
            byte[] d = dirty.getInputStream().readNBytes(1);
            dirty.waitFor(5, TimeUnit.SECONDS);
            dirty.destroy();
            return d.length > 0 ? s + "-dirty" : s;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
