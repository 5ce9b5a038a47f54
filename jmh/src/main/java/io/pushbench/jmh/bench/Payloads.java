package io.pushbench.jmh.bench;

import io.pushbench.wire.FeedJson;
import io.pushbench.wire.FeedMessage;

import java.nio.charset.StandardCharsets;

/**
 * Fixtures shared by the benchmarks: realistic feed messages (current-era epoch microseconds, an hour-old JVM's
 * nanoTime, so that number formatting costs what it costs in a run) and text of an exact UTF-8 size.
 *
 * <p>The smallest payload parameter, 64 bytes, is exactly the JSON of such a message with an empty pad
 * (4-digit seq, 16-digit ts, 13-digit mono); benchmarks therefore cycle through {@link #RING} consecutive
 * messages instead of counting up forever, so that every message has the same digit counts and size.
 */
final class Payloads {
    /** First sequence number used; {@code SEQ + RING - 1} still has 4 digits. */
    static final long SEQ = 1_000L;
    /** Number of distinct consecutive messages the benchmarks cycle through (a power of two). */
    static final int RING = 1024;
    /** Scheduled epoch microseconds (2026-11-24). */
    static final long TS = 1_795_538_562_219_385L;
    /** Scheduled monotonic nanoseconds (a JVM up for an hour). */
    static final long MONO = 3_600_123_456_789L;

    private Payloads() {
    }

    /** The {@code i}-th message after {@link #SEQ}, one millisecond apart. */
    static FeedMessage message(long i) {
        return new FeedMessage(SEQ + i, TS + i * 1_000L, MONO + i * 1_000_000L);
    }

    /** The JSON of {@link #message}{@code (i)}, exactly {@code payloadBytes} long. */
    static byte[] json(long i, int payloadBytes) {
        byte[] json = FeedJson.encode(message(i), payloadBytes);
        if (json.length != payloadBytes) {
            throw new IllegalArgumentException("payloadBytes must be >= " + json.length + ", was " + payloadBytes);
        }
        return json;
    }

    /**
     * The same bytes with a line break every {@code lineLength} bytes (never as the last byte): an SSE payload
     * that needs several {@code data:} lines, {@code length / lineLength} of them. Same size as {@code json}; the
     * result is no longer JSON, which SSE framing does not care about.
     */
    static byte[] multiLine(byte[] json, int lineLength) {
        byte[] copy = json.clone();
        for (int i = lineLength - 1; i < copy.length - 1; i += lineLength) {
            copy[i] = '\n';
        }
        return copy;
    }

    /**
     * A JSON text of exactly {@code utf8Bytes} UTF-8 bytes whose text field is ASCII ({@code multiByte == false}) or a mix
     * of 2-, 3- and 4-byte characters (Cyrillic, CJK, € and an emoji), as a feed of user-generated text would carry.
     */
    static String text(int utf8Bytes, boolean multiByte) {
        StringBuilder sb = new StringBuilder("{\"seq\":1000,\"text\":\"");
        String cycle = "Привет, 世界 € 😀 ";
        int i = 0;
        // Fill to the size with the cycle, then finish with ASCII so the byte count is exact.
        while (true) {
            int have = sb.toString().getBytes(StandardCharsets.UTF_8).length + 2;
            if (have >= utf8Bytes) {
                break;
            }
            int cp = multiByte ? cycle.codePointAt(i) : 'x';
            int cpBytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (have + cpBytes > utf8Bytes) {
                cp = 'x';
            }
            sb.appendCodePoint(cp);
            if (multiByte) {
                i = (i + Character.charCount(cycle.codePointAt(i))) % cycle.length();
            }
        }
        sb.append("\"}");
        String s = sb.toString();
        int n = s.getBytes(StandardCharsets.UTF_8).length;
        if (n != utf8Bytes) {
            throw new IllegalArgumentException("cannot build " + utf8Bytes + " UTF-8 bytes of text, got " + n);
        }
        return s;
    }
}
