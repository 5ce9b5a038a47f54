package io.pushbench.loadgen.calibrate;

import io.pushbench.loadgen.run.Pinning;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the calibration starts its child JVMs, pinned as {@code compare} pins its runs: the server side (the pushbench
 * server, the loopback writer) on {@code serverCpus}, the reader side (readers, the hiccup meter, the drivers) on
 * {@code loadgenCpus}, each with {@code taskset -c} when it exists ({@link Pinning}).
 *
 * <pre>{@code
 * Launch l = new Launch(java, cp, List.of(java, "-cp", cp, "io.pushbench.cli.Main", "server"), "0", "1", List.of());
 * List<String> cmd = l.jvm(Launch.Side.LOADGEN, HiccupMeter.class, "2", "20");   // taskset -c 1 java -cp ... HiccupMeter 2 20
 * }</pre>
 *
 * @param javaCommand   the java executable of the child JVMs (null: this JVM's)
 * @param classpath     their class path; must hold pushbench-loadgen
 * @param serverCommand the command that starts {@code pushbench server} (the calibration appends
 *                      {@code --host 127.0.0.1 --port 0 --rate R --payload B}, as the orchestrator does)
 * @param serverCpus    taskset CPU list of the server side, or null (not pinned)
 * @param loadgenCpus   taskset CPU list of the reader side, or null (not pinned)
 * @param driverJvmArgs extra JVM flags of the drivers' JVMs in the driver floor runs (as {@code compare}'s
 *                      load-generator flags)
 */
public record Launch(String javaCommand, String classpath, List<String> serverCommand, String serverCpus,
                     String loadgenCpus, List<String> driverJvmArgs) {
    /** Heap of the calibration's own small child JVMs: their working sets are a few MB. */
    static final List<String> CHILD_JVM_ARGS = List.of("-Xms128m", "-Xmx256m");

    /** Which CPUs a child runs on. */
    public enum Side { SERVER, LOADGEN }

    public Launch {
        if (classpath == null || classpath.isBlank()) {
            throw new IllegalArgumentException("the calibration's child JVMs need a class path");
        }
        if (serverCommand == null || serverCommand.isEmpty()) {
            throw new IllegalArgumentException("the calibration needs the command that starts pushbench server");
        }
        serverCommand = List.copyOf(serverCommand);
        driverJvmArgs = driverJvmArgs == null ? List.of() : List.copyOf(driverJvmArgs);
        javaCommand = javaCommand == null || javaCommand.isBlank()
                ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : javaCommand;
    }

    /** The pinning in force (taskset found, or not). */
    public Pinning pinning() {
        return Pinning.detect(serverCpus, loadgenCpus);
    }

    /** Whether the children are actually pinned. */
    public boolean pinned() {
        return pinning().applied() && (serverCpus != null || loadgenCpus != null);
    }

    /** The CPU list of {@code side}, or null. */
    public String cpus(Side side) {
        return side == Side.SERVER ? serverCpus : loadgenCpus;
    }

    /** {@code [taskset -c CPUS] java <small heap> -cp CP MAIN ARGS...} for a calibration child. */
    public List<String> jvm(Side side, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(pinning().prefix(cpus(side)));
        cmd.add(javaCommand);
        cmd.addAll(CHILD_JVM_ARGS);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(Objects.requireNonNull(main, "main").getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The pushbench server on a free loopback port at {@code rate} msg/s of {@code payload} B, pinned. */
    public List<String> server(double rate, int payload) {
        return server(rate, payload, null);
    }

    /** {@link #server(double, int)} whose admin endpoints answer {@code adminToken} (null: the server's own). */
    public List<String> server(double rate, int payload, String adminToken) {
        List<String> cmd = new ArrayList<>(pinning().prefix(serverCpus));
        cmd.addAll(serverCommand);
        cmd.addAll(List.of("--host", "127.0.0.1", "--port", "0", "--rate", Double.toString(rate), "--payload",
                Integer.toString(payload)));
        if (adminToken != null) {
            cmd.addAll(List.of("--admin-token", adminToken));
        }
        return cmd;
    }
}
