package io.pushbench.cli;

import io.pushbench.loadgen.compare.CompareProfile;
import io.pushbench.loadgen.compare.PinMode;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.List;

/**
 * Where the child JVMs run and with which flags: the options {@code compare} and {@code calibrate} share (a picocli
 * mixin), applied over a profile so that both pin and size their JVMs the same way.
 *
 * <pre>{@code
 * @Mixin PinningOptions pinning;
 * CompareProfile.Builder b = pinning.applyTo(ProfileLoader.builtIn("quick"));
 * }</pre>
 */
final class PinningOptions {
    @Option(names = "--pin", paramLabel = "auto|on|off", description = "pin the server and the load generator (or "
            + "calibrate's reader) to separate CPUs with taskset (default: the profile's, auto)")
    String pin;

    @Option(names = "--server-cpus", paramLabel = "LIST", description = "taskset CPU list of the server (default 0)")
    String serverCpus;

    @Option(names = "--loadgen-cpus", paramLabel = "LIST",
            description = "taskset CPU list of the load generator (default: the other CPUs)")
    String loadgenCpus;

    @Option(names = "--server-jvm-args", paramLabel = "ARGS",
            description = "server JVM flags, space separated (same for every run; default: the profile's)")
    String serverJvmArgs;

    @Option(names = "--loadgen-jvm-args", paramLabel = "ARGS",
            description = "load generator JVM flags, space separated (same for every run; default: the profile's)")
    String loadgenJvmArgs;

    /** Applies the options given to {@code b} and returns it. */
    CompareProfile.Builder applyTo(CompareProfile.Builder b) {
        if (pin != null) b.pin(PinMode.parse(pin));
        if (serverCpus != null) b.serverCpus(serverCpus);
        if (loadgenCpus != null) b.loadgenCpus(loadgenCpus);
        if (serverJvmArgs != null) b.serverJvmArgs(words(serverJvmArgs));
        if (loadgenJvmArgs != null) b.loadgenJvmArgs(words(loadgenJvmArgs));
        return b;
    }

    private static List<String> words(String s) {
        return Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}
