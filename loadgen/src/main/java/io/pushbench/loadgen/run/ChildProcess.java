package io.pushbench.loadgen.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A child JVM (server or Gatling) whose merged output goes line by line to a consumer on a daemon thread, and which
 * is stopped with its whole process tree: SIGTERM first (the JVM runs its shutdown hooks), SIGKILL after a grace.
 * A JVM shutdown hook stops it too, so an orchestrator killed by Ctrl-C leaves no orphan.
 *
 * <pre>{@code
 * try (ChildProcess p = ChildProcess.start("server", command, line -> log(line))) { ... }
 * }</pre>
 */
public final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Thread pump;
    private final Thread hook;

    private ChildProcess(String name, Process process, Consumer<String> lines) {
        this.name = name;
        this.process = process;
        this.pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "pushbench-" + name + "-output");
        pump.setDaemon(true);
        pump.start();
        // On JVM exit (Ctrl-C, kill): SIGTERM first so the child can write what it measured, SIGKILL after 10 s.
        this.hook = new Thread(() -> stop(10_000), "pushbench-stop-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static ChildProcess start(String name, List<String> command, Consumer<String> lines) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        return new ChildProcess(name, pb.start(), lines);
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the exit; returns the code, or -1 on timeout. */
    public int waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit) ? process.exitValue() : -1;
    }

    /** Waits until the output pump has read everything (after the exit). */
    public void drainOutput(long millis) throws InterruptedException {
        pump.join(millis);
    }

    /**
     * Writes one line to the child's standard input (the orchestrator's fault notices to the load generator).
     * Returns false when the child no longer reads it.
     */
    public synchronized boolean send(String line) {
        try {
            java.io.OutputStream os = process.getOutputStream();
            os.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            os.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL now, no grace (scenario restart: the process gets no chance to flush or close anything). */
    public void kill() throws InterruptedException, IOException {
        destroyTree();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IOException(name + " (pid " + process.pid() + ") still alive 10 s after SIGKILL");
        }
    }

    /** SIGTERM, wait up to {@code graceMillis}, then SIGKILL; descendants too. Safe to call more than once. */
    public void stop(long graceMillis) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                destroyTree();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            destroyTree();
            Thread.currentThread().interrupt();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private void destroyTree() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    @Override
    public void close() {
        stop(10_000);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
