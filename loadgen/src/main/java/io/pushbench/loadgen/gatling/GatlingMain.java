package io.pushbench.loadgen.gatling;

import io.pushbench.loadgen.driver.DriverConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The Gatling driver's run inside the load-generator JVM ({@link io.pushbench.loadgen.LoadgenMain} with
 * {@code -Dpushbench.driver=gatling}): runs {@link PushSimulation} with the {@code pushbench.*} system properties,
 * then moves Gatling's report folder to {@code <outDir>/gatling/<runId>/}. Returns Gatling's exit code (0 ok, 2
 * assertions failed).
 *
 * <pre>
 * java --add-opens=java.base/java.lang=ALL-UNNAMED -cp "cli/target/pushbench-cli.jar:cli/target/lib/*" \
 *      -Dpushbench.driver=gatling -Dpushbench.transport=sse -Dpushbench.url=http://127.0.0.1:8080 ... \
 *      io.pushbench.loadgen.LoadgenMain
 * </pre>
 * The {@code --add-opens} is required by Gatling's binary log writer. Gatling is driven through
 * {@code Gatling$.fromArgs}, which is public in bytecode but not a supported API.
 */
public final class GatlingMain {
    private GatlingMain() {
    }

    /** Runs the simulation; Gatling's exit code. */
    public static int run() throws IOException {
        DriverConfig c = DriverConfig.fromSystemProperties();
        Path gatlingDir = c.outDir().resolve("gatling");
        Path tmp = gatlingDir.resolve(".tmp-" + c.runId());
        Files.createDirectories(tmp);
        int code = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[]{
                "-s", PushSimulation.class.getName(),
                "-rf", tmp.toString(),
                "-rd", "pushbench " + c.runId()});
        moveReport(tmp, gatlingDir.resolve(c.runId()));
        return code;
    }

    /** Moves the newest run folder under {@code tmp} to {@code target} (replacing it), then removes {@code tmp}. */
    static void moveReport(Path tmp, Path target) throws IOException {
        Path newest;
        try (Stream<Path> s = Files.list(tmp)) {
            newest = s.filter(Files::isDirectory).max(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElse(null);
        }
        if (newest != null) {
            deleteTree(target);
            Files.move(newest, target, StandardCopyOption.ATOMIC_MOVE);
        }
        deleteTree(tmp);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
