package io.pushbench.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The flags of the server a command starts itself when no {@code --server} is given: the options {@code run} and
 * {@code llm} share (a picocli mixin).
 *
 * <pre>{@code
 * @Mixin StartedServerOptions started;
 * List<String> cmd = ChildJvm.serverCommand(java, started.serverJvmArgs, cp);   // then started.serverArgs
 * }</pre>
 */
final class StartedServerOptions {
    @Option(names = "--server-arg", paramLabel = "FLAG", description = "Extra flag for the started server, repeatable "
            + "(e.g. --server-arg=--ws-deflate).")
    List<String> serverArgs = new ArrayList<>();

    @Option(names = "--server-jvm-arg", paramLabel = "FLAG", description = "Extra JVM flag for the started server's "
            + "JVM, repeatable.")
    List<String> serverJvmArgs = new ArrayList<>();
}
