package io.pushbench.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until its issue lands; replaced by the real command. */
@Command(name = "jmh", mixinStandardHelpOptions = true, description = "(not built yet)")
public final class JmhCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'jmh' is not built yet");
    }
}
