package io.pushbench.wire;

import java.io.ByteArrayOutputStream;
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
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
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
        while (chunk.hasRemaining()) {
            accept(chunk.get());
        }
    }

    /** Consumes {@code len} bytes of {@code buf} from {@code off}. */
    public void feed(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            accept(buf[i]);
        }
    }

    /** Total bytes consumed so far. */
    public long bytes() {
        return bytes;
    }

    /** The last event id seen on this stream, empty when none. */
    public String lastEventId() {
        return lastEventId;
    }

    private void accept(byte b) {
        bytes++;
        if (b == '\n') {
            if (lastWasCr) {
                lastWasCr = false; // second half of \r\n: the line already ended at \r
                return;
            }
            endLine();
        } else if (b == '\r') {
            lastWasCr = true;
            endLine();
        } else {
            lastWasCr = false;
            line.write(b);
        }
    }

    private void endLine() {
        if (line.size() == 0) {
            dispatch();
            return;
        }
        String l = line.toString(StandardCharsets.UTF_8);
        line.reset();
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
