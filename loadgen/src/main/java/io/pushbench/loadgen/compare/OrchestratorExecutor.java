package io.pushbench.loadgen.compare;

import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.verdict.Arm;
import io.pushbench.loadgen.run.RunListener;
import io.pushbench.loadgen.run.RunOrchestrator;
import io.pushbench.loadgen.run.RunSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a planned run through the load generator's {@link RunOrchestrator}: a fresh server JVM (the given server
 * main started from this JVM's class path with the profile's server JVM flags, under taskset when pinned) and a load
 * generator JVM of the run's driver (same class path, the profile's load-generator flags), on the run's protocol.
 * The orchestrator writes the run's files into the comparison directory and stops both children when this thread is
 * interrupted.
 *
 * <pre>{@code
 * RunExecutor ex = new OrchestratorExecutor(List.of("io.pushbench.cli.Main", "server"));
 * RunResult r = ex.execute(run, profile, pinning, dir, progress);
 * }</pre>
 */
public final class OrchestratorExecutor implements RunExecutor {
    private final String javaCommand;
    private final String classpath;
    private final List<String> serverMain;

    /**
     * Children use this JVM's java executable and class path (the launcher's {@code cli/target/lib/*}).
     *
     * @param serverMain the main class that starts {@code pushbench server}, and its arguments before the flags the
     *                   orchestrator appends: {@code [io.pushbench.cli.Main, server]} (this module cannot name it)
     */
    public OrchestratorExecutor(List<String> serverMain) {
        this(currentJava(), currentClasspath(), serverMain);
    }

    public OrchestratorExecutor(String javaCommand, String classpath, List<String> serverMain) {
        if (serverMain == null || serverMain.isEmpty()) {
            throw new IllegalArgumentException("the server main class is required, e.g. [io.pushbench.cli.Main, "
                    + "server]");
        }
        this.javaCommand = javaCommand;
        this.classpath = classpath;
        this.serverMain = List.copyOf(serverMain);
    }

    @Override
    public RunResult execute(PlannedRun run, CompareProfile p, CpuPinning pinning, Path outDir, RunListener progress)
            throws IOException, InterruptedException {
        Variants.Definition v = Variants.require(run.variant());
        RunSpec spec = RunSpec.builder()
                .transport(run.transport()).protocol(run.protocol()).driver(run.driver()).variant(run.variant())
                .repeat(run.repeat()).runId(run.runId())
                .connections(p.connections()).rate(p.rate()).payloadBytes(p.payload())
                .streamsPerConnection(p.streamsPerConnection(run.protocol()))
                .ramp(p.ramp()).warmup(p.warmup()).duration(p.duration())
                .serverUrl(null).allowRemote(false).outDir(outDir)
                .serverCommand(serverCommand(p))
                .serverArgs(v.serverFlags())
                .javaCommand(javaCommand).classpath(classpath)
                .serverCpus(pinning.serverCpus()).loadgenCpus(pinning.loadgenCpus())
                .serverJvmArgs(p.serverJvmArgs()).loadgenJvmArgs(p.loadgenJvmArgs())
                .scenario(run.scenario())
                .build();
        RunResult r = new RunOrchestrator().run(spec, progress);
        if (run.arm() == null) {
            return r;
        }
        // A/A: the same configuration twice; the arm's name is what tells the runs apart in the verdict.
        Map<String, Object> ext = new LinkedHashMap<>(r.extensions());
        ext.put(Arm.ARM_EXTENSION, run.arm());
        return r.withExtensions(ext);
    }

    /** {@code java <server JVM flags> -cp <class path> <server main...>}; the orchestrator adds flags. */
    List<String> serverCommand(CompareProfile p) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaCommand);
        cmd.addAll(p.serverJvmArgs());
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.addAll(serverMain);
        return cmd;
    }

    static String currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The class path of this JVM; under Surefire the real test class path rather than its booter jar. */
    static String currentClasspath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
