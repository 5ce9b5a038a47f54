package io.pushbench.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events framing (WHATWG HTML, "server-sent events"), producing the exact bytes the server writes.
 *
 * <pre>{@code
 * byte[] e = SseEncoder.event(42, json);          // "id: 42\ndata: {...}\n\n"
 * byte[] r = SseEncoder.retry(1000);              // "retry: 1000\n\n"
 * byte[] h = SseEncoder.comment("hb");            // ": hb\n\n"
 * }</pre>
 *
 * <p>A data payload containing line breaks is split into several {@code data:} lines, as the specification
 * requires; a receiver joins them with {@code \n}. {@code \r\n} and lone {@code \r} count as line breaks.
 */
public final class SseEncoder {
    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);

    private SseEncoder() {
    }

    /** An event with an {@code id:} line and {@code data}. */
    public static byte[] event(long id, byte[] data) {
        return event(id, null, data);
    }

    /**
     * An event.
     *
     * @param id    the {@code id:} value, or a negative number for none
     * @param event the {@code event:} name, or null for the default "message"
     * @param data  UTF-8 data, may contain line breaks
     */
    public static byte[] event(long id, String event, byte[] data) {
        if (event != null && (event.indexOf('\n') >= 0 || event.indexOf('\r') >= 0)) {
            throw new IllegalArgumentException("event name must not contain line breaks");
        }
        if (id >= 0 && event == null && !hasLineBreak(data)) {
            return singleLine(id, data); // the hot path: one array, no intermediate stream
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 32);
        if (id >= 0) {
            out.writeBytes(ID);
            out.writeBytes(Long.toString(id).getBytes(StandardCharsets.US_ASCII));
            out.write('\n');
        }
        if (event != null) {
            out.writeBytes(EVENT);
            out.writeBytes(event.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        int start = 0;
        for (int i = 0; i <= data.length; i++) {
            boolean end = i == data.length;
            if (end || data[i] == '\n' || data[i] == '\r') {
                out.writeBytes(DATA);
                out.write(data, start, i - start);
                out.write('\n');
                if (!end && data[i] == '\r' && i + 1 < data.length && data[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static byte[] singleLine(long id, byte[] data) {
        int idDigits = FeedJson.digits(id);
        byte[] out = new byte[ID.length + idDigits + 1 + DATA.length + data.length + 2];
        System.arraycopy(ID, 0, out, 0, ID.length);
        int p = ID.length + idDigits;
        long v = id;
        for (int i = p - 1; i >= ID.length; i--) {
            out[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        out[p++] = '\n';
        System.arraycopy(DATA, 0, out, p, DATA.length);
        p += DATA.length;
        System.arraycopy(data, 0, out, p, data.length);
        p += data.length;
        out[p++] = '\n';
        out[p] = '\n';
        return out;
    }

    /** {@code retry: ms} sent once at the start of a stream: the reconnection delay a client should use. */
    public static byte[] retry(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("retry must be >= 0 ms, was " + millis);
        }
        return ("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A comment line ({@code : text}), used for heartbeats; clients ignore it. */
    public static byte[] comment(String text) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("comment must not contain line breaks");
        }
        return (": " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static boolean hasLineBreak(byte[] data) {
        for (byte b : data) {
            if (b == '\n' || b == '\r') {
                return true;
            }
        }
        return false;
    }
}
