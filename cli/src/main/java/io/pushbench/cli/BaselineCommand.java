package io.pushbench.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until its issue lands; replaced by the real command. */
@Command(name = "baseline", mixinStandardHelpOptions = true, description = "(not built yet)")
public final class BaselineCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'baseline' is not built yet");
    }
}
