package io.pushbench.loadgen.calibrate;

import io.pushbench.wire.FeedJson;
import io.pushbench.wire.Transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One connection of the {@link BareReader}: its request, and the minimal parse of what it reads, as a state
 * machine that takes the bytes of each read once. The response head up to its blank line (status 200 for SSE, 101
 * for WebSocket); then SSE: HTTP/1.1 chunking undone, an event ends at a blank line; WebSocket: a frame is a 2-byte
 * header, a 2- or 8-byte length when the 7-bit one says so, and the payload (server frames are never masked). A
 * complete event or text frame is searched for {@code seq} and {@code mono}; one without a seq (the subscribed
 * marker, {@code retry:}, heartbeats) is skipped, as are control frames.
 *
 * <pre>{@code
 * Connection c = new Connection(channel, Transport.SSE, requestBytes);
 * c.consume(readBuffer, System.nanoTime(), reader);   // calls reader.onMessage(c, seq, mono, now) per message
 * }</pre>
 */
final class Connection {
    private enum State { HEAD, SIZE, DATA, DATA_END, BODY, WS_HEADER, WS_PAYLOAD }

    final SocketChannel channel;
    final ByteBuffer request;
    boolean subscribed;
    long lastSeq;

    private final Transport transport;
    private State state = State.HEAD;
    private byte[] acc = new byte[1024];
    private ByteBuffer accView = ByteBuffer.wrap(acc);
    private int accLen;
    private long chunkLeft;
    private boolean chunkExtension;
    private final byte[] header = new byte[10];
    private int headerHave;
    private int headerNeed;
    private long payloadLeft;

    Connection(SocketChannel channel, Transport transport, byte[] request) {
        this.channel = channel;
        this.transport = transport;
        this.request = ByteBuffer.wrap(request);
    }

    /** Consumes every remaining byte of {@code b}, read at {@code now}. */
    void consume(ByteBuffer b, long now, BareReader reader) throws IOException {
        while (b.hasRemaining()) {
            switch (state) {
                case HEAD -> head(b);
                case SIZE -> chunkSize(b.get());
                case DATA -> {
                    int n = (int) Math.min(b.remaining(), chunkLeft);
                    events(b, n, now, reader);
                    chunkLeft -= n;
                    state = chunkLeft == 0 ? State.DATA_END : State.DATA;
                }
                case DATA_END -> state = b.get() == '\n' ? State.SIZE : State.DATA_END;
                case BODY -> events(b, b.remaining(), now, reader);
                case WS_HEADER -> wsHeader(b.get());
                case WS_PAYLOAD -> {
                    int n = (int) Math.min(b.remaining(), payloadLeft);
                    append(b, n);
                    payloadLeft -= n;
                    if (payloadLeft == 0) {
                        frame(now, reader);
                    }
                }
            }
        }
    }

    private void head(ByteBuffer b) throws IOException {
        ensure(1);
        acc[accLen++] = b.get();
        if (accLen >= 4 && acc[accLen - 1] == '\n' && acc[accLen - 2] == '\r' && acc[accLen - 3] == '\n'
                && acc[accLen - 4] == '\r') {
            String head = new String(acc, 0, accLen, StandardCharsets.ISO_8859_1);
            String status = head.substring(0, head.indexOf('\r'));
            String expected = transport == Transport.SSE ? " 200" : " 101";
            if (!status.startsWith("HTTP/1.1" + expected)) {
                throw new IOException("the server answered the bare " + transport.key() + " reader with '" + status
                        + "'");
            }
            boolean chunked = head.toLowerCase(Locale.ROOT).contains("\ntransfer-encoding: chunked");
            state = transport == Transport.WS ? State.WS_HEADER : chunked ? State.SIZE : State.BODY;
            headerHave = 0;
            headerNeed = 2;
            accLen = 0;
            subscribed = true;
        }
    }

    private void chunkSize(byte x) {
        if (x == '\n') {
            // a 0-size chunk ends the stream; the server never ends it while the reader runs
            state = chunkLeft == 0 ? State.SIZE : State.DATA;
            chunkExtension = false;
            return;
        }
        int digit = Character.digit(x, 16);
        if (digit < 0) {
            chunkExtension = true;   // '\r' or ";ext": the size has ended
        } else if (!chunkExtension) {
            chunkLeft = chunkLeft * 16 + digit;
        }
    }

    /** Appends {@code n} event bytes; a blank line ends an event. */
    private void events(ByteBuffer b, int n, long now, BareReader reader) {
        ensure(n);
        for (int i = 0; i < n; i++) {
            byte x = b.get();
            acc[accLen++] = x;
            if (x == '\n' && accLen >= 2 && (acc[accLen - 2] == '\n'
                    || acc[accLen - 2] == '\r' && accLen >= 3 && acc[accLen - 3] == '\n')) {
                message(now, reader);
                accLen = 0;
            }
        }
    }

    private void wsHeader(byte x) throws IOException {
        header[headerHave++] = x;
        if (headerHave == 2) {
            if ((header[1] & 0x80) != 0) {
                throw new IOException("the server sent a masked WebSocket frame (RFC 6455 forbids it)");
            }
            int len7 = header[1] & 0x7f;
            headerNeed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0);
        }
        if (headerHave < headerNeed) {
            return;
        }
        int len7 = header[1] & 0x7f;
        long len = len7;
        if (len7 >= 126) {
            len = 0;
            for (int i = 2; i < headerNeed; i++) {
                len = len << 8 | header[i] & 0xff;
            }
        }
        headerHave = 0;
        headerNeed = 2;
        accLen = 0;
        payloadLeft = len;
        state = State.WS_PAYLOAD;
        if (len == 0) {
            frame(0, null);
        }
    }

    private void frame(long now, BareReader reader) {
        if ((header[0] & 0x0f) == 1 && reader != null) {   // text: a feed message or a control message
            message(now, reader);
        }
        accLen = 0;
        state = State.WS_HEADER;
    }

    private void message(long now, BareReader reader) {
        accView.limit(accLen).position(0);
        long seq = FeedJson.longField(accView, FeedJson.SEQ);
        if (seq > 0) {
            reader.onMessage(this, seq, FeedJson.longField(accView, FeedJson.MONO), now);
        }
    }

    private void append(ByteBuffer b, int n) {
        ensure(n);
        b.get(acc, accLen, n);
        accLen += n;
    }

    private void ensure(int more) {
        if (accLen + more > acc.length) {
            acc = Arrays.copyOf(acc, Math.max(acc.length * 2, accLen + more));
            accView = ByteBuffer.wrap(acc);
        }
    }
}
