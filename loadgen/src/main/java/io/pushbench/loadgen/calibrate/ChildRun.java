package io.pushbench.loadgen.calibrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.loadgen.run.ChildProcess;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One calibration child JVM: its output lines are logged and queued, a line can be awaited (the port a writer
 * listens on, the server's listening line), and its result is the one line it prints with {@link #emit}.
 *
 * <pre>{@code
 * try (ChildRun c = ChildRun.start("hiccups", launch.jvm(Side.LOADGEN, HiccupMeter.class, "2", "20"), log)) {
 *     Calibration.Hiccups h = c.result(Calibration.Hiccups.class, 30_000);
 * }
 * // in the child's main:
 * ChildRun.emit(hiccups);   // prints "pushbench-calibrate {...}"
 * }</pre>
 */
final class ChildRun implements AutoCloseable {
    /** Prefix of a child's result line. */
    static final String RESULT_PREFIX = "pushbench-calibrate ";
    private static final ObjectWriter ONE_LINE = ResultsIO.mapper().writer()
            .without(SerializationFeature.INDENT_OUTPUT);

    private final String name;
    private final ChildProcess process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile String lastLine = "";

    private ChildRun(String name, List<String> command, Consumer<String> log) throws IOException {
        this.name = name;
        this.process = ChildProcess.start(name, command, line -> {
            lines.add(line);
            if (!line.startsWith(RESULT_PREFIX)) {
                lastLine = line;
                log.accept(name + ": " + line);
            }
        });
    }

    /** Starts {@code command}; each output line that is not the result goes to {@code log}, prefixed by name. */
    static ChildRun start(String name, List<String> command, Consumer<String> log) throws IOException {
        return new ChildRun(name, command, log);
    }

    /** Prints {@code result} as this child's one result line (called in the child). */
    static void emit(Object result) {
        try {
            System.out.println(RESULT_PREFIX + ONE_LINE.writeValueAsString(result));
            System.out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + result.getClass().getSimpleName(), e);
        }
    }

    /** The first group of the first line matching {@code pattern} within {@code timeoutMs}. */
    String awaitLine(Pattern pattern, long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            } else if (!process.isAlive() && lines.isEmpty()) {
                process.drainOutput(1000);
                if (lines.isEmpty()) {
                    throw new IOException(name + " exited with code " + process.process().exitValue()
                            + " before printing " + pattern + lastWords());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " printed no " + pattern + " within " + timeoutMs / 1000 + " s");
            }
        }
    }

    /** Waits for the exit and parses the result line as {@code type}. */
    <T> T result(Class<T> type, long timeoutMs) throws IOException, InterruptedException {
        int exit = process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
        if (exit == -1) {
            throw new IOException(name + " did not finish within " + timeoutMs / 1000 + " s");
        }
        process.drainOutput(2000);
        for (String line : lines) {
            if (line.startsWith(RESULT_PREFIX)) {
                return ResultsIO.mapper().readValue(line.substring(RESULT_PREFIX.length()), type);
            }
        }
        throw new IOException(name + " exited with code " + exit + " without a result" + lastWords());
    }

    private String lastWords() {
        return lastLine.isBlank() ? "" : " (last output: " + lastLine.strip() + ")";
    }

    @Override
    public void close() {
        process.close();
    }
}
