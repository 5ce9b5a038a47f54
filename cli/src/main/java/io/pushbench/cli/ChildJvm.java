package io.pushbench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the CLI's commands start their child JVMs: this JVM's java executable and class path, and the command of
 * {@code pushbench server} built from them (the orchestrator appends the server's flags).
 *
 * <pre>{@code
 * List<String> server = ChildJvm.serverCommand(ChildJvm.java(), List.of("-Xmx512m"), ChildJvm.classpath());
 * // [java, -Xmx512m, -cp, CP, io.pushbench.cli.Main, server]
 * }</pre>
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /** The java executable of this JVM. */
    static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The class path of this JVM; under Surefire the real test class path rather than its booter jar. */
    static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** The calibration's JVMs for {@code profile}: this JVM's java and class path, pinned as {@code pinning} says. */
    static io.pushbench.loadgen.calibrate.Launch launch(io.pushbench.loadgen.compare.CompareProfile profile,
                                                        io.pushbench.loadgen.compare.CpuPinning pinning) {
        String java = java();
        String cp = classpath();
        return new io.pushbench.loadgen.calibrate.Launch(java, cp, serverCommand(java, profile.serverJvmArgs(), cp),
                pinning.serverCpus(), pinning.loadgenCpus(), profile.loadgenJvmArgs());
    }

    /** {@code java <jvmArgs> -cp <classpath> io.pushbench.cli.Main server}. */
    static List<String> serverCommand(String java, List<String> jvmArgs, String classpath) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", classpath, Main.class.getName(), "server"));
        return cmd;
    }
}
