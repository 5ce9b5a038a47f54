package io.pushbench.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Incremental {@code text/event-stream} parser that follows the WHATWG HTML specification's "Interpreting an event
 * stream" rules exactly. Feed it bytes as they arrive, in chunks of any size split anywhere (inside a line, between
 * the CR and LF of a CRLF, inside a UTF-8 sequence), and it calls the {@link Listener} for each complete event:
 * <ul>
 *   <li>the stream is decoded with the Encoding standard's <em>UTF-8 decode</em>: one UTF-8 BOM at the very start
 *       is dropped, malformed sequences become U+FFFD exactly as that algorithm says;</li>
 *   <li>lines end with CRLF, LF or CR;</li>
 *   <li>an empty line dispatches the event; a line starting with {@code :} is a comment; otherwise the field name
 *       is what precedes the first {@code :} (the whole line if there is none, with an empty value) and the value
 *       what follows it, less one leading space;</li>
 *   <li>{@code data} appends the value and a LF to the data buffer, {@code event} sets the event type, {@code id}
 *       sets the last event ID unless the value contains U+0000, {@code retry} reports the reconnection time when
 *       the value is all ASCII digits; any other field, and a malformed {@code id} or {@code retry}, is ignored;
 *       field names are compared case-sensitively;</li>
 *   <li>dispatch makes the last event ID buffer the stream's last event ID (it persists across events until an
 *       {@code id} field changes it; an empty {@code id} resets it), then, if the data buffer is empty, only clears
 *       the buffers; otherwise it drops the data's final LF and calls {@link Listener#onEvent} with the event type
 *       ({@code "message"} when none or an empty one was given), then clears the data and event type buffers.</li>
 * </ul>
 * There is deliberately no end-of-stream method: the specification discards whatever follows the last empty line,
 * so an event that is not terminated by an empty line is never dispatched, and dropping the parser is enough.
 *
 * <pre>{@code
 * SseParser parser = new SseParser((lastEventId, event, data) -> handle(event, data));
 * parser.feed(chunk);                  // a ByteBuffer, or feed(bytes, off, len); any split
 * String resumeFrom = parser.lastEventId();   // what a reconnect sends as Last-Event-ID
 * }</pre>
 *
 * <p>Cost: lines are scanned as bytes and a line that lies within one chunk is interpreted in place; only a line cut
 * by a chunk boundary is copied into a reusable line buffer. Field names are matched as bytes and values stay bytes
 * until dispatch, so an event costs the Strings handed to the listener: its data, plus its event type and last event
 * ID only when they differ from the previous event's (those are cached). Comments are decoded only for a listener
 * that overrides {@link Listener#onComment}. The reusable buffers grow to the largest line and event seen.
 *
 * <p>Not thread-safe: one parser per stream, fed by one thread at a time; the listener is called on that thread.
 */
public final class SseParser {
    /** Receives what the stream carries. */
    @FunctionalInterface
    public interface Listener {
        /**
         * One dispatched event.
         *
         * @param lastEventId the stream's last event ID as of this event (an earlier event's ID when this one had no
         *                    {@code id} field; empty when none was ever set or it was reset)
         * @param event       the event type: {@code "message"} when no {@code event} field, or an empty one, was given
         * @param data        the {@code data} field values joined with {@code \n} (empty for a bare {@code data} line)
         */
        void onEvent(String lastEventId, String event, String data);

        /** A {@code retry} field made of ASCII digits only: the reconnection time, saturated at Long.MAX_VALUE. */
        default void onRetry(long millis) {
        }

        /**
         * A comment line ({@code :} first; heartbeats), without the colon and one following space. The specification
         * ignores comments; this is a hook for observing heartbeats, and comment text is decoded only for listeners
         * that override this method.
         */
        default void onComment(String text) {
        }
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte COLON = ':';
    private static final byte SPACE = ' ';

    private final Listener listener;
    private final boolean wantsComments;
    // The current line while it is cut by a chunk boundary, without its terminator. A plain growable array, not a
    // ByteArrayOutputStream: that one synchronises every write, and this buffer is filled in bulk ranges.
    private byte[] line = new byte[512];
    private int lineLength;
    // A CR ended the previous chunk: a LF starting the next one belongs to the same line end.
    private boolean lastWasCr;
    // The first line has not been interpreted yet, so it may still start with the BOM the UTF-8 decode drops.
    private boolean atStreamStart = true;
    // The specification's data buffer as UTF-8 bytes: each data value followed by LF. Decoding the whole buffer once
    // at dispatch gives the same text as decoding line by line, because LF is ASCII and so ends any pending
    // malformed sequence in both cases.
    private byte[] data = new byte[512];
    private int dataLength;
    private byte[] eventType = new byte[32];
    private int eventTypeLength;
    // The event type and last event ID Strings last handed out, and the bytes they were decoded from (reused arrays,
    // so that an unchanged value costs a comparison, and a changed one only its String).
    private byte[] cachedTypeBytes = new byte[32];
    private int cachedTypeLength;
    private String cachedType = "";
    // The last event ID buffer (bytes) and the stream's last event ID string that dispatch copies it to.
    private byte[] idBuffer = new byte[32];
    private int idLength;
    private boolean idFieldSeen;
    private byte[] lastEventIdBytes = new byte[32];
    private int lastEventIdLength;
    private String lastEventId = "";
    private byte[] scratch; // for feeding ByteBuffers without an accessible array
    private long bytes;

    /**
     * @param listener receives events, retry times and comments; whether it overrides {@link Listener#onComment} is
     *                 checked once here
     */
    public SseParser(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.wantsComments = overridesOnComment(listener);
    }

    /** Consumes all remaining bytes of {@code chunk}, leaving its position at its limit. */
    public void feed(ByteBuffer chunk) {
        if (chunk.hasArray()) {
            int n = chunk.remaining();
            feed(chunk.array(), chunk.arrayOffset() + chunk.position(), n);
            chunk.position(chunk.position() + n);
            return;
        }
        if (scratch == null) {
            scratch = new byte[8192];
        }
        while (chunk.hasRemaining()) {
            int n = Math.min(scratch.length, chunk.remaining());
            chunk.get(scratch, 0, n);
            feed(scratch, 0, n);
        }
    }

    /** Consumes {@code len} bytes of {@code buf} from {@code off}. */
    public void feed(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        bytes += len;
        int end = off + len;
        int i = off;
        if (lastWasCr && i < end) {
            lastWasCr = false;
            if (buf[i] == LF) {
                i++; // second half of a CRLF cut by the chunk boundary: that line already ended at the CR
            }
        }
        while (i < end) {
            int start = i;
            while (i < end && buf[i] != LF && buf[i] != CR) {
                i++;
            }
            if (i == end) {
                append(buf, start, end - start); // the rest of the line comes with a later chunk
                return;
            }
            int lineEnd = i;
            if (buf[i++] == CR) {
                if (i == end) {
                    lastWasCr = true;
                } else if (buf[i] == LF) {
                    i++;
                }
            }
            if (lineLength == 0) {
                interpret(buf, start, lineEnd - start);
            } else {
                append(buf, start, lineEnd - start);
                int n = lineLength;
                lineLength = 0; // before interpreting, so a listener that throws leaves the parser at a line start
                interpret(line, 0, n);
            }
        }
    }

    /** Total bytes consumed so far. */
    public long bytes() {
        return bytes;
    }

    /**
     * The stream's last event ID as of the last dispatch (each empty line), empty when none: what a reconnecting
     * client sends as {@code Last-Event-ID}. An {@code id} field takes effect at the empty line that follows it.
     */
    public String lastEventId() {
        return lastEventId;
    }

    private void append(byte[] buf, int off, int len) {
        line = ensure(line, lineLength + len);
        System.arraycopy(buf, off, line, lineLength, len);
        lineLength += len;
    }

    /** Interprets one line, {@code len} bytes of {@code b} from {@code off}, without its terminator. */
    private void interpret(byte[] b, int off, int len) {
        if (atStreamStart) {
            atStreamStart = false;
            // The UTF-8 decode drops one BOM at the start of the stream. It cannot contain CR or LF, so if the stream
            // starts with one it lies whole at the start of the first line.
            if (len >= 3 && b[off] == (byte) 0xEF && b[off + 1] == (byte) 0xBB && b[off + 2] == (byte) 0xBF) {
                off += 3;
                len -= 3;
            }
        }
        if (len == 0) {
            dispatch();
            return;
        }
        int end = off + len;
        if (b[off] == COLON) {
            if (wantsComments) {
                int from = off + 1 < end && b[off + 1] == SPACE ? off + 2 : off + 1;
                listener.onComment(decode(b, from, end - from));
            }
            return;
        }
        // Field names and values are split and compared as bytes: the colon and the space are ASCII, so they never
        // occur inside a multi-byte sequence, and a name that decodes to "data" is exactly the bytes of "data".
        int colon = off;
        while (colon < end && b[colon] != COLON) {
            colon++;
        }
        int nameLength = colon - off;
        int value = colon == end ? end : colon + 1;
        if (value < end && b[value] == SPACE) {
            value++;
        }
        int valueLength = end - value;
        switch (nameLength) {
            case 4 -> {
                if (b[off] == 'd' && b[off + 1] == 'a' && b[off + 2] == 't' && b[off + 3] == 'a') {
                    data = ensure(data, dataLength + valueLength + 1);
                    System.arraycopy(b, value, data, dataLength, valueLength);
                    dataLength += valueLength;
                    data[dataLength++] = LF;
                }
            }
            case 5 -> {
                if (b[off] == 'e' && b[off + 1] == 'v' && b[off + 2] == 'e' && b[off + 3] == 'n' && b[off + 4] == 't') {
                    eventType = ensure(eventType, valueLength);
                    System.arraycopy(b, value, eventType, 0, valueLength);
                    eventTypeLength = valueLength;
                } else if (b[off] == 'r' && b[off + 1] == 'e' && b[off + 2] == 't' && b[off + 3] == 'r'
                        && b[off + 4] == 'y') {
                    retry(b, value, valueLength);
                }
            }
            case 2 -> {
                if (b[off] == 'i' && b[off + 1] == 'd' && !contains(b, value, end, (byte) 0)) {
                    // U+0000 is encoded as the byte 0 and nothing else in UTF-8 contains that byte
                    idBuffer = ensure(idBuffer, valueLength);
                    System.arraycopy(b, value, idBuffer, 0, valueLength);
                    idLength = valueLength;
                    idFieldSeen = true;
                }
            }
            default -> {
                // any other field is ignored, as the specification says
            }
        }
    }

    private void retry(byte[] b, int off, int len) {
        // "Only ASCII digits" is read as one or more: an empty value has no base-ten integer to interpret.
        if (len == 0) {
            return;
        }
        long millis = 0;
        for (int i = off; i < off + len; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9) {
                return;
            }
            // The specification puts no bound on the integer; a value too large for a long is as good as forever.
            millis = millis > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : millis * 10 + digit;
        }
        listener.onRetry(millis);
    }

    private void dispatch() {
        if (idFieldSeen) {
            idFieldSeen = false;
            if (!Arrays.equals(idBuffer, 0, idLength, lastEventIdBytes, 0, lastEventIdLength)) {
                lastEventIdBytes = ensure(lastEventIdBytes, idLength);
                System.arraycopy(idBuffer, 0, lastEventIdBytes, 0, idLength);
                lastEventIdLength = idLength;
                lastEventId = decode(idBuffer, 0, idLength);
            }
        }
        if (dataLength == 0) {
            eventTypeLength = 0;
            return;
        }
        String type = eventTypeLength == 0 ? "message" : eventType();
        String text = decode(data, 0, dataLength - 1); // without the final LF
        // Reset before calling out, so that a listener that throws leaves the parser ready for the next event.
        dataLength = 0;
        eventTypeLength = 0;
        listener.onEvent(lastEventId, type, text);
    }

    private String eventType() {
        if (!Arrays.equals(eventType, 0, eventTypeLength, cachedTypeBytes, 0, cachedTypeLength)) {
            cachedTypeBytes = ensure(cachedTypeBytes, eventTypeLength);
            System.arraycopy(eventType, 0, cachedTypeBytes, 0, eventTypeLength);
            cachedTypeLength = eventTypeLength;
            cachedType = decode(eventType, 0, eventTypeLength);
        }
        return cachedType;
    }

    /**
     * The Encoding standard's UTF-8 decode (without the BOM step) of {@code len} bytes of {@code b} from {@code off}.
     * The JDK's decoder gives the same result on valid input and on every malformed input except encoded
     * surrogates ({@code ED A0..BF}), where it replaces the whole sequence with one U+FFFD and the standard with
     * one per byte. A U+FFFD in the JDK's result is therefore the cheap signal to decode again by the standard; for
     * Latin-1 results {@code indexOf} answers without scanning.
     */
    static String decode(byte[] b, int off, int len) {
        if (len == 0) {
            return "";
        }
        String s = new String(b, off, len, StandardCharsets.UTF_8);
        return s.indexOf('\uFFFD') < 0 ? s : decodeByTheStandard(b, off, len);
    }

    /** The Encoding standard's UTF-8 decoder, step by step, with replacement. */
    static String decodeByTheStandard(byte[] b, int off, int len) {
        StringBuilder out = new StringBuilder(len);
        int codePoint = 0;
        int needed = 0;
        int seen = 0;
        int lower = 0x80;
        int upper = 0xBF;
        int end = off + len;
        int i = off;
        while (i < end) {
            int x = b[i] & 0xFF;
            if (needed == 0) {
                i++;
                if (x <= 0x7F) {
                    out.append((char) x);
                } else if (x >= 0xC2 && x <= 0xDF) {
                    needed = 1;
                    codePoint = x & 0x1F;
                } else if (x >= 0xE0 && x <= 0xEF) {
                    if (x == 0xE0) {
                        lower = 0xA0;
                    } else if (x == 0xED) {
                        upper = 0x9F;
                    }
                    needed = 2;
                    codePoint = x & 0xF;
                } else if (x >= 0xF0 && x <= 0xF4) {
                    if (x == 0xF0) {
                        lower = 0x90;
                    } else if (x == 0xF4) {
                        upper = 0x8F;
                    }
                    needed = 3;
                    codePoint = x & 0x7;
                } else {
                    out.append('\uFFFD');
                }
                continue;
            }
            if (x < lower || x > upper) {
                // an error for the sequence so far; the byte is not consumed but starts over
                codePoint = 0;
                needed = 0;
                seen = 0;
                lower = 0x80;
                upper = 0xBF;
                out.append('\uFFFD');
                continue;
            }
            i++;
            lower = 0x80;
            upper = 0xBF;
            codePoint = codePoint << 6 | x & 0x3F;
            if (++seen == needed) {
                out.appendCodePoint(codePoint);
                codePoint = 0;
                needed = 0;
                seen = 0;
            }
        }
        if (needed != 0) {
            out.append('\uFFFD'); // a sequence cut short by the end of the input
        }
        return out.toString();
    }

    private static boolean contains(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return true;
            }
        }
        return false;
    }

    private static byte[] ensure(byte[] buf, int capacity) {
        return capacity <= buf.length ? buf : Arrays.copyOf(buf, Math.max(buf.length * 2, capacity));
    }

    private static boolean overridesOnComment(Listener listener) {
        try {
            return listener.getClass().getMethod("onComment", String.class).getDeclaringClass() != Listener.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("Listener declares onComment(String)", e);
        }
    }
}
