package io.pushbench.analysis.results;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Where a run happened: enough to tell whether two results files are comparable.
 *
 * <pre>{@code
 * Environment env = Environment.detect(Path.of("."));   // this JVM, this host, the git commit of that checkout
 * }</pre>
 * Unknown values are null (never guessed).
 *
 * @param cpuModel       CPU model name (Linux {@code /proc/cpuinfo})
 * @param cores          processors available to this JVM
 * @param os             operating system (pretty name when known)
 * @param kernel         kernel release
 * @param jvm            runtime version of the JVM that wrote the file
 * @param jvmVendor      its vendor
 * @param jvmArgs        its input arguments
 * @param jettyVersion   Jetty version on the class path
 * @param gatlingVersion Gatling version on the class path
 * @param gitCommit      commit of the pushbench checkout, with "-dirty" when it has local changes
 * @param hostname       host name
 * @param extra          tool-specific extras (e.g. "cpuPinning"); readers ignore keys they do not know
 */
public record Environment(String cpuModel, int cores, String os, String kernel, String jvm, String jvmVendor,
                          List<String> jvmArgs, String jettyVersion, String gatlingVersion, String gitCommit,
                          String hostname, Map<String, Object> extra) {
    public Environment {
        jvmArgs = jvmArgs == null ? List.of() : List.copyOf(jvmArgs);
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }

    /** Detects this JVM's environment; {@code checkout} is the directory whose git commit is recorded (may be null). */
    public static Environment detect(Path checkout) {
        return new Environment(detectCpuModel(), Runtime.getRuntime().availableProcessors(), osName(),
                System.getProperty("os.version"), Runtime.version().toString(), System.getProperty("java.vendor"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(),
                mavenVersion("org.eclipse.jetty", "jetty-server"), detectGatlingVersion(),
                detectGitCommit(checkout), detectHostname(), Map.of());
    }

    /** A copy with {@code extra} replaced. */
    public Environment withExtra(Map<String, Object> newExtra) {
        return new Environment(cpuModel, cores, os, kernel, jvm, jvmVendor, jvmArgs, jettyVersion, gatlingVersion,
                gitCommit, hostname, newExtra);
    }

    static String detectCpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: unknown
        }
        return null;
    }

    static String osName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring(12).replace("\"", "").strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    /** The version in a jar's {@code META-INF/maven/g/a/pom.properties}, or null. */
    public static String mavenVersion(String groupId, String artifactId) {
        String res = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = Environment.class.getClassLoader().getResourceAsStream(res)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }

    /** The Gatling version on the class path (its jars carry no pom.properties, only a manifest), or null. */
    public static String detectGatlingVersion() {
        try {
            Class<?> c = Class.forName("io.gatling.core.config.GatlingConfiguration", false,
                    Environment.class.getClassLoader());
            return c.getPackage().getImplementationVersion();
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    static String detectGitCommit(Path checkout) {
        if (checkout == null) {
            return null;
        }
        String head = run(checkout, "git", "rev-parse", "HEAD");
        if (head == null || head.isBlank()) {
            return null;
        }
        String status = run(checkout, "git", "status", "--porcelain", "--untracked-files=no");
        return head.strip() + (status != null && !status.isBlank() ? "-dirty" : "");
    }

    static String detectHostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return System.getenv("HOSTNAME");
        }
    }

    private static String run(Path dir, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
