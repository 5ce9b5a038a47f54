package io.pushbench.jmh.bench;

import io.pushbench.jmh.run.JmhDefaults;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * UTF-8 encoding and decoding of one message's text, ASCII against multi-byte ({@code text} = {@code ascii}: the
 * pushbench feed; {@code multibyte}: Cyrillic, CJK, € and emoji, 2-4 bytes per character). {@code payloadBytes}
 * is the UTF-8 size in both cases.
 *
 * <p>Why it matters for the comparison: Jetty's {@code Session.sendText(String)} encodes the String for every
 * session it is sent to (the server avoids that by sending one shared UTF-8 buffer), and a client handing
 * text to an application decodes every message ({@code SseParser} once per event's data, a WebSocket client per
 * text frame).
 * JDK strings with only Latin-1 characters are stored compactly and encode by a near-copy; any other character
 * switches the string to UTF-16 and the slow path, which is what this pair shows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = JmhDefaults.FORKS, jvmArgsAppend = {JmhDefaults.HEAP_MIN, JmhDefaults.HEAP_MAX})
@Warmup(iterations = JmhDefaults.WARMUP_ITERATIONS, time = JmhDefaults.WARMUP_MILLIS, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = JmhDefaults.MEASUREMENT_ITERATIONS, time = JmhDefaults.MEASUREMENT_MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
public class Utf8Benchmark {

    @Param({"64", "256", "4096"})
    public int payloadBytes;

    @Param({"ascii", "multibyte"})
    public String text;

    private String string;
    private byte[] utf8;

    @Setup
    public void setUp() {
        string = Payloads.text(payloadBytes, switch (text) {
            case "ascii" -> false;
            case "multibyte" -> true;
            default -> throw new IllegalArgumentException("text must be ascii or multibyte, was " + text);
        });
        utf8 = string.getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] encode() {
        return string.getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public String decode() {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
