package io.pushbench.cli.compare;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The comparison's console: every line goes to the terminal and to {@code console.log} in the results directory.
 * The live progress line is rewritten in place with {@code \r} on a terminal; without one (CI, a pipe) it is printed
 * as a plain line at most every {@code plainEvery} and also logged, so CI logs show progress without flooding.
 *
 * <pre>{@code
 * try (ConsoleLog console = ConsoleLog.open(out, dir.resolve("console.log"), ConsoleLog.isTerminal())) {
 *     console.line("plan: 2 runs");
 *     console.progress("[1/2] sse-h1-gatling-r1 steady 12/45s ...");
 * }
 * }</pre>
 *
 * Thread-safe: progress arrives on the orchestrator's sampling thread while the main thread prints lines.
 */
public final class ConsoleLog implements Closeable {
    private final PrintWriter out;
    private final Writer log;
    private final boolean tty;
    private final LongSupplier nanoClock;
    private final long plainEveryNanos;
    private int shownWidth = -1; // width of the progress line on screen, -1 when none is shown
    private long lastPlainNanos = Long.MIN_VALUE;
    private boolean logBroken;

    ConsoleLog(PrintWriter out, Writer log, boolean tty, LongSupplier nanoClock, long plainEveryNanos) {
        this.out = out;
        this.log = log;
        this.tty = tty;
        this.nanoClock = nanoClock;
        this.plainEveryNanos = plainEveryNanos;
    }

    /** A console printing to {@code out} and appending to {@code logFile}; plain progress at most every 10 s. */
    public static ConsoleLog open(PrintWriter out, Path logFile, boolean tty) throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        // APPEND: the run orchestrator appends its children's output to the same console.log; with O_APPEND on
        // both handles the lines interleave instead of overwriting each other.
        Writer w = new BufferedWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        return new ConsoleLog(out, w, tty, System::nanoTime, TimeUnit.SECONDS.toNanos(10));
    }

    /**
     * Whether stdout is an interactive terminal. {@code System.console()} alone is not enough on JDK 22+ (it
     * exists even when output is redirected), so {@code Console.isTerminal()} is asked when the JDK has it; CI
     * environments ({@code CI} set) never count as terminals.
     */
    public static boolean isTerminal() {
        if (System.getenv("CI") != null) {
            return false;
        }
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: System.console() is null when redirected
        }
    }

    /** Prints one line (ending any progress line shown) and logs it. */
    public synchronized void line(String s) {
        clearProgress();
        out.println(s);
        out.flush();
        log(s);
    }

    /** Prints one line on the screen only (for lines that something else already wrote to console.log). */
    public synchronized void screen(String s) {
        clearProgress();
        out.println(s);
        out.flush();
    }

    /** Shows the live progress line. */
    public synchronized void progress(String s) {
        if (tty) {
            int pad = Math.max(0, shownWidth - s.length());
            out.print("\r" + s + " ".repeat(pad));
            out.flush();
            shownWidth = s.length() + pad; // what is visible now, padding included
            return;
        }
        long now = nanoClock.getAsLong();
        if (lastPlainNanos == Long.MIN_VALUE || now - lastPlainNanos >= plainEveryNanos) {
            lastPlainNanos = now;
            out.println(s);
            out.flush();
            log(s);
        }
    }

    /** Lets the next plain progress line through whatever the time (used when a run starts or ends). */
    public synchronized void resetProgressThrottle() {
        lastPlainNanos = Long.MIN_VALUE;
    }

    private void clearProgress() {
        if (tty && shownWidth >= 0) {
            out.print("\r" + " ".repeat(shownWidth) + "\r");
            shownWidth = -1;
        }
    }

    private void log(String s) {
        if (log == null || logBroken) {
            return;
        }
        try {
            log.write(s);
            log.write('\n');
            log.flush(); // a killed comparison still leaves its log
        } catch (IOException e) {
            logBroken = true;
            out.println("pushbench: cannot write console.log (" + e.getMessage() + "); continuing without it");
        }
    }

    @Override
    public synchronized void close() {
        clearProgress();
        out.flush();
        if (log != null) {
            try {
                log.close();
            } catch (IOException ignored) {
                // nothing left to report it to
            }
        }
    }
}
