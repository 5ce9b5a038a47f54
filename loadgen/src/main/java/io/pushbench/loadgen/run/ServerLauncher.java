package io.pushbench.loadgen.run;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts a {@code pushbench server} child (the command line as the caller built it: pinning prefix, JVM, flags, with
 * {@code --port 0} for a free port) and waits until it prints its listening line, whose URL it returns.
 *
 * <pre>{@code
 * ServerLauncher.Started s = ServerLauncher.start(cmd, line -> log.child("server", line), () -> " (see console.log)");
 * try (ChildProcess server = s.process()) { load(s.url()); }
 * }</pre>
 */
public final class ServerLauncher {
    /** How long the server may take to print its listening line. */
    public static final long START_TIMEOUT_MS = 60_000;
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    private ServerLauncher() {
    }

    /** A server that listens: its process and the URL it printed ({@code http://HOST:PORT}). */
    public record Started(ChildProcess process, String url) {
    }

    /**
     * Starts {@code cmd}, hands every line it prints to {@code lines}, and returns once it printed its listening line.
     * The child is stopped when it does not get there.
     *
     * @param exitDetail appended to the message when the server exits before listening (where its output is)
     * @throws IOException when it exits before listening, or does not listen within {@link #START_TIMEOUT_MS}
     */
    public static Started start(List<String> cmd, Consumer<String> lines, Supplier<String> exitDetail)
            throws IOException, InterruptedException {
        CountDownLatch listening = new CountDownLatch(1);
        AtomicReference<String> url = new AtomicReference<>();
        ChildProcess p = ChildProcess.start("server", cmd, line -> {
            lines.accept(line);
            Matcher m = LISTENING.matcher(line);
            if (url.get() == null && m.find()) {
                url.set(m.group(1));
                listening.countDown();
            }
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
            while (!listening.await(200, TimeUnit.MILLISECONDS)) {
                if (!p.isAlive()) {
                    p.drainOutput(1000);
                    throw new IOException("the server exited with code " + p.process().exitValue()
                            + " before listening" + exitDetail.get());
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the server did not print its listening line within "
                            + START_TIMEOUT_MS / 1000 + " s");
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.close();
            throw e;
        }
        return new Started(p, url.get());
    }
}
