package io.pushbench.cli.compare;

import io.pushbench.analysis.results.RunResult;
import io.pushbench.loadgen.run.RunListener;
import io.pushbench.loadgen.run.RunOrchestrator;
import io.pushbench.loadgen.run.RunSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a planned run through the load generator's {@link RunOrchestrator}: a fresh server JVM
 * ({@code pushbench server} started from this JVM's class path with the profile's server JVM flags, under taskset
 * when pinned) and a Gatling JVM (same class path, the profile's load-generator flags). The orchestrator writes the
 * run's files into the comparison directory and stops both children when this thread is interrupted.
 *
 * <pre>{@code
 * RunResult r = new OrchestratorExecutor().execute(run, profile, pinning, dir, progress);
 * }</pre>
 */
public final class OrchestratorExecutor implements RunExecutor {
    private final String javaCommand;
    private final String classpath;

    /** Children use this JVM's java executable and class path (the launcher's {@code cli/target/lib/*}). */
    public OrchestratorExecutor() {
        this(currentJava(), currentClasspath());
    }

    public OrchestratorExecutor(String javaCommand, String classpath) {
        this.javaCommand = javaCommand;
        this.classpath = classpath;
    }

    @Override
    public RunResult execute(PlannedRun run, CompareProfile p, CpuPinning pinning, Path outDir, RunListener progress)
            throws IOException, InterruptedException {
        Variants.Definition v = Variants.require(run.variant());
        RunSpec spec = RunSpec.builder()
                .transport(run.transport()).protocol(run.protocol()).driver(run.driver()).variant(run.variant())
                .repeat(run.repeat()).runId(run.runId())
                .connections(p.connections()).rate(p.rate()).payloadBytes(p.payload())
                .ramp(p.ramp()).warmup(p.warmup()).duration(p.duration())
                .serverUrl(null).allowRemote(false).outDir(outDir)
                .serverCommand(serverCommand(p))
                .serverArgs(v.serverFlags())
                .javaCommand(javaCommand).classpath(classpath)
                .serverCpus(pinning.serverCpus()).loadgenCpus(pinning.loadgenCpus())
                .serverJvmArgs(p.serverJvmArgs()).loadgenJvmArgs(p.loadgenJvmArgs())
                .build();
        RunResult r = new RunOrchestrator().run(spec, progress);
        if (run.arm() == null) {
            return r;
        }
        // A/A: the same configuration twice; the arm's name is what tells the runs apart in the verdict.
        java.util.Map<String, Object> ext = new java.util.LinkedHashMap<>(r.extensions());
        ext.put(io.pushbench.analysis.verdict.Arm.ARM_EXTENSION, run.arm());
        return r.withExtensions(ext);
    }

    /** {@code java <server JVM flags> -cp <class path> io.pushbench.cli.Main server}; the orchestrator adds flags. */
    List<String> serverCommand(CompareProfile p) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaCommand);
        cmd.addAll(p.serverJvmArgs());
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add("io.pushbench.cli.Main");
        cmd.add("server");
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
