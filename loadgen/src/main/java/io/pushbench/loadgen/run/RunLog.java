package io.pushbench.loadgen.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A run's {@code console.log} (every line of both child JVMs, prefixed with their name, and the orchestrator's own
 * lines) plus the listener's {@code onMessage} for what a person should see: the orchestrator's lines and child
 * lines that look like errors.
 */
final class RunLog {
    private final BufferedWriter console;
    private final RunListener listener;

    RunLog(BufferedWriter console, RunListener listener) {
        this.console = console;
        this.listener = listener;
    }

    synchronized void line(String s) {
        write(s);
        listener.onMessage(s);
    }

    synchronized void child(String name, String s) {
        write("[" + name + "] " + s);
        if (s.contains(" ERROR ") || s.startsWith("pushbench") || s.contains("Exception")) {
            listener.onMessage("[" + name + "] " + s);
        }
    }

    private void write(String s) {
        try {
            console.write(s);
            console.newLine();
            console.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
