package io.pushbench.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Incremental {@code text/event-stream} parser: feed it bytes as they arrive, in chunks of any size, and it
 * dispatches complete events. It follows the WHATWG event-stream interpretation rules: {@code \n}, {@code \r\n}
 * and {@code \r} end lines, one optional space after the colon is dropped, several {@code data:} lines are joined
 * with {@code \n}, comment lines are skipped, and the last event id persists across events (it is what a client
 * sends back as {@code Last-Event-ID}).
 *
 * <pre>{@code
 * SseParser parser = new SseParser((id, event, data) -> handle(data));
 * parser.feed(chunk);            // any split, including mid-line and mid-UTF-8 sequence
 * }</pre>
 *
 * <p>Not thread-safe: one parser per stream, fed by one thread at a time.
 */
public final class SseParser {
    /** Receives each dispatched event. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param lastEventId the stream's last event id after this event (may be empty)
         * @param event       the event name ("message" when none was given)
         * @param data        the data, lines joined with {@code \n}
         */
        void onEvent(String lastEventId, String event, String data);

        /** A {@code retry:} field was received. */
        default void onRetry(long millis) {
        }

        /** A comment line was received (heartbeats). */
        default void onComment(String text) {
        }
    }

    private final Listener listener;
    // The current line, without its terminator. A plain growable array, not a ByteArrayOutputStream: that one
    // synchronises every write, and this buffer is filled in bulk ranges, not byte by byte.
    private byte[] line = new byte[512];
    private int lineLength;
    private final StringBuilder data = new StringBuilder(512);
    private boolean hasData;
    private String event;
    private String lastEventId = "";
    private boolean lastWasCr;
    private long bytes;

    public SseParser(Listener listener) {
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** Consumes all remaining bytes of {@code chunk}. */
    public void feed(ByteBuffer chunk) {
        if (chunk.hasArray()) {
            int n = chunk.remaining();
            feed(chunk.array(), chunk.arrayOffset() + chunk.position(), n);
            chunk.position(chunk.position() + n);
            return;
        }
        byte[] copy = new byte[Math.min(chunk.remaining(), 8192)];
        while (chunk.hasRemaining()) {
            int n = Math.min(copy.length, chunk.remaining());
            chunk.get(copy, 0, n);
            feed(copy, 0, n);
        }
    }

    /** Consumes {@code len} bytes of {@code buf} from {@code off}. */
    public void feed(byte[] buf, int off, int len) {
        int end = off + len;
        bytes += len;
        int i = off;
        while (i < end) {
            if (lastWasCr) {
                lastWasCr = false;
                if (buf[i] == '\n') {
                    i++; // second half of \r\n: the line already ended at \r
                    continue;
                }
            }
            int start = i;
            while (i < end && buf[i] != '\n' && buf[i] != '\r') {
                i++;
            }
            append(buf, start, i - start);
            if (i < end) {
                lastWasCr = buf[i] == '\r';
                i++;
                endLine();
            }
        }
    }

    private void append(byte[] buf, int off, int len) {
        if (lineLength + len > line.length) {
            line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, lineLength + len));
        }
        System.arraycopy(buf, off, line, lineLength, len);
        lineLength += len;
    }

    /** Total bytes consumed so far. */
    public long bytes() {
        return bytes;
    }

    /** The last event id seen on this stream, empty when none. */
    public String lastEventId() {
        return lastEventId;
    }

    private void endLine() {
        if (lineLength == 0) {
            dispatch();
            return;
        }
        String l = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        int colon = l.indexOf(':');
        if (colon == 0) {
            listener.onComment(l.length() > 1 && l.charAt(1) == ' ' ? l.substring(2) : l.substring(1));
            return;
        }
        String field = colon < 0 ? l : l.substring(0, colon);
        String value = "";
        if (colon >= 0) {
            int v = colon + 1;
            if (v < l.length() && l.charAt(v) == ' ') {
                v++;
            }
            value = l.substring(v);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> event = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(Character::isDigit) && value.length() < 19) {
                    listener.onRetry(Long.parseLong(value));
                }
            }
            default -> {
                // unknown fields are ignored, as the specification says
            }
        }
    }

    private void dispatch() {
        if (hasData) {
            listener.onEvent(lastEventId, event == null || event.isEmpty() ? "message" : event, data.toString());
        }
        data.setLength(0);
        hasData = false;
        event = null;
    }
}
