package io.pushbench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code pushbench} command. Each subcommand lives in its own class; this class only wires them and sets the
 * exit-code and error-message conventions shared by all:
 * <ul>
 *   <li>0: success (a valid run, a passing gate);</li>
 *   <li>1: the command ran but its verdict is negative (an invalid run, a failed gate);</li>
 *   <li>2: bad input (unknown flag, bad value, missing file), reported as one line, never a stack trace.</li>
 * </ul>
 */
@Command(name = "pushbench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Should this feed be pushed over Server-Sent Events or WebSocket, and what will each cost?",
        subcommands = {
                ServerCommand.class,
                RunCommand.class,
                CalibrateCommand.class,
                CompareCommand.class,
                LlmCommand.class,
                CapacityCommand.class,
                ReportCommand.class,
                BaselineCommand.class,
                GateCommand.class,
                JmhCommand.class,
                PowerCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    /** Exit code for a command that ran and produced a negative verdict. */
    public static final int EXIT_NEGATIVE = 1;
    /** Exit code for bad input. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (used by tests to avoid {@code System.exit}). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, with the shared error conventions. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("pushbench: " + ex.getMessage().lines().findFirst().orElse("bad arguments")
                    + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex instanceof UsageException || ex instanceof IllegalArgumentException) {
                c.getErr().println("pushbench: " + ex.getMessage());
                return EXIT_USAGE;
            }
            c.getErr().println("pushbench: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            if (Boolean.getBoolean("pushbench.debug")) {
                ex.printStackTrace(c.getErr());
            }
            return EXIT_NEGATIVE;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Version from the jar manifest when packaged. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"pushbench " + (v == null ? "dev" : v)};
        }
    }
}
