package io.pushbench.loadgen.jetty;

import io.pushbench.loadgen.core.ConnectionProbe;
import io.pushbench.loadgen.core.NanoClock;
import io.pushbench.loadgen.driver.FeedEvents;
import io.pushbench.wire.FeedContract;
import io.pushbench.wire.WebSocketFrameParser;
import io.pushbench.wire.WebSocketFrames;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket subscription over HTTP/1.1 (RFC 6455) on pushbench's own selector loops ({@link NioConnection}): a raw
 * upgrade of {@code GET /ws}, with {@code ?lastEventId=} when resuming; the 101 response parsed by Jetty's
 * {@link HttpParser} and validated (Upgrade, Connection, {@code Sec-WebSocket-Accept}, no extension the client did not
 * offer); then the frames by the {@code wire} module's {@link WebSocketFrameParser}. Each text message goes to
 * {@link FeedEvents} with the receive time of the read that brought its last bytes.
 *
 * <pre>{@code
 * JettySubscriber.Stream s = new NioWsStream(loops, NioTarget.of(URI.create("http://127.0.0.1:8080/")), clock);
 * s.open(attempt, resumePoint);      // on the scheduler's thread; the rest happens on a loop
 * }</pre>
 *
 * <p>Client frames are masked with a fresh key each: a pong echoes each ping, a close frame answers the server's
 * (then the connection closes and the attempt ends), and the attempt's abort sends a close frame (1000) and closes
 * when the server's reply arrives, or after {@value #CLOSE_WAIT_MS} ms without one. Fragmented text messages are
 * reassembled; binary messages are ignored (the feed sends text).
 */
final class NioWsStream implements JettySubscriber.Stream {
    /** Largest message accepted, as the HttpClient path's {@code maxTextMessageSize}. */
    static final int MAX_MESSAGE = 4 << 20;
    static final long CLOSE_WAIT_MS = 1_000;
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final byte[] NORMAL_CLOSE = {0x03, (byte) 0xE8};

    private final NioLoops loops;
    private final NioTarget target;
    private final NanoClock clock;

    NioWsStream(NioLoops loops, NioTarget target, NanoClock clock) {
        this.loops = loops;
        this.target = target;
        this.clock = clock;
    }

    @Override
    public void open(JettySubscriber.Attempt attempt, long resumePoint) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        new Connection(loops, attempt, target.address(), clock, request(key, resumePoint), acceptFor(key)).start();
    }

    /** The RFC 6455 upgrade request for {@code key}, with the resume parameter when {@code resumePoint} > 0. */
    byte[] request(String key, long resumePoint) {
        return ("GET " + target.path(FeedContract.WS_PATH)
                + (resumePoint > 0 ? "?" + FeedContract.LAST_EVENT_ID_PARAM + "=" + resumePoint : "") + " HTTP/1.1\r\n"
                + "Host: " + target.hostHeader() + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The {@code Sec-WebSocket-Accept} a server must answer to {@code key} (RFC 6455 §4.2.2). */
    static String acceptFor(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID)
                    .getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** One attempt's connection: the upgrade response, then frames. */
    static final class Connection extends NioConnection implements HttpParser.ResponseHandler {
        private final byte[] request;
        private final String expectedAccept;
        private final ConnectionProbe probe;
        private final HttpParser http = new HttpParser(this);
        private final WebSocketFrameParser frames = WebSocketFrameParser.ofServerFrames(MAX_MESSAGE, this::onFrame);
        private int status;
        private String upgradeHeader;
        private boolean connectionUpgrade;
        private String accept;
        private String extensions;
        private boolean upgraded;
        private boolean closeSent;
        private long recvNanos;
        // a fragmented message: its opcode (text or binary) while fragments arrive, and the text so far
        private int fragmentedOpcode = -1;
        private byte[] text = new byte[0];
        private int textLength;

        Connection(NioLoops loops, JettySubscriber.Attempt attempt, InetSocketAddress server, NanoClock clock,
                   byte[] request, String expectedAccept) {
            super(loops, attempt, server, clock);
            this.request = request;
            this.expectedAccept = expectedAccept;
            this.probe = attempt.probe();
        }

        @Override
        ByteBuffer request() {
            return ByteBuffer.wrap(request);
        }

        @Override
        void onBytes(ByteBuffer bytes, long now) {
            recvNanos = now;
            while (!upgraded && bytes.hasRemaining() && !isClosed()) {
                int before = bytes.position();
                if (!http.parseNext(bytes) && bytes.position() == before) {
                    return;
                }
            }
            if (upgraded && !isClosed()) {
                frames.feed(bytes);    // what followed the 101 in the same read is the first frames
            }
        }

        @Override
        void onAbort() {
            if (!upgraded || closeSent) {
                close(null);
                return;
            }
            closeSent = true;
            try {
                send(clientFrame(WebSocketFrames.OP_CLOSE, NORMAL_CLOSE));
            } catch (IOException e) {
                close(null);
                return;
            }
            // the server answers at once; a server that does not is not waited for long
            later(() -> close(null), TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MS));
        }

        private void onFrame(boolean fin, int opcode, ByteBuffer payload) {
            if (isClosed()) {
                return;
            }
            try {
                switch (opcode) {
                    case WebSocketFrames.OP_TEXT, WebSocketFrames.OP_BINARY -> {
                        if (fragmentedOpcode >= 0) {
                            throw new IllegalStateException("a new message started inside a fragmented one");
                        }
                        if (fin) {
                            if (opcode == WebSocketFrames.OP_TEXT) {
                                deliver(payload);
                            }
                        } else {
                            fragmentedOpcode = opcode;
                            textLength = 0;
                            append(payload);
                        }
                    }
                    case WebSocketFrames.OP_CONTINUATION -> {
                        if (fragmentedOpcode < 0) {
                            throw new IllegalStateException("a continuation frame outside a fragmented message");
                        }
                        append(payload);
                        if (fin) {
                            if (fragmentedOpcode == WebSocketFrames.OP_TEXT) {
                                deliver(ByteBuffer.wrap(text, 0, textLength));
                            }
                            fragmentedOpcode = -1;
                        }
                    }
                    case WebSocketFrames.OP_PING -> send(clientFrame(WebSocketFrames.OP_PONG, bytes(payload)));
                    case WebSocketFrames.OP_PONG -> {
                        // unsolicited, or an answer to nothing: ignored, as RFC 6455 allows
                    }
                    case WebSocketFrames.OP_CLOSE -> {
                        if (!closeSent) {
                            closeSent = true;
                            // echo the status code only (RFC 6455 §5.5.1), or an empty close for an empty one
                            byte[] code = payload.remaining() >= 2
                                    ? new byte[]{payload.get(payload.position()), payload.get(payload.position() + 1)}
                                    : new byte[0];
                            send(clientFrame(WebSocketFrames.OP_CLOSE, code));
                        }
                        close(null);
                    }
                    default -> throw new IllegalStateException("unknown WebSocket opcode " + opcode);
                }
            } catch (IOException e) {
                close(e);
            }
        }

        /** A whole text message, its UTF-8 bytes between position and limit: read in place, no String made. */
        private void deliver(ByteBuffer utf8) {
            if (attempt.isEnded()) {
                return;
            }
            FeedEvents.deliver(probe, utf8, recvNanos);
            delivered();
        }

        private void append(ByteBuffer payload) {
            int n = payload.remaining();
            if (textLength + n > MAX_MESSAGE) {
                throw new IllegalStateException("fragmented message longer than " + MAX_MESSAGE + " bytes");
            }
            if (textLength + n > text.length) {
                text = Arrays.copyOf(text, Math.max(textLength + n, 2 * text.length));
            }
            payload.get(payload.position(), text, textLength, n);
            textLength += n;
        }

        private static byte[] bytes(ByteBuffer payload) {
            byte[] b = new byte[payload.remaining()];
            payload.get(payload.position(), b);
            return b;
        }

        private static ByteBuffer clientFrame(int opcode, byte[] payload) {
            return ByteBuffer.wrap(WebSocketFrames.clientFrame(opcode, payload, ThreadLocalRandom.current().nextInt()));
        }

        @Override
        public void startResponse(HttpVersion version, int status, String reason) {
            this.status = status;
        }

        @Override
        public void parsedHeader(HttpField field) {
            if (field.is("Upgrade")) {
                upgradeHeader = field.getValue();
            } else if (field.is("Connection")) {
                connectionUpgrade |= field.contains("upgrade");
            } else if (field.is("Sec-WebSocket-Accept")) {
                accept = field.getValue();
            } else if (field.is("Sec-WebSocket-Extensions")) {
                extensions = field.getValue();
            }
        }

        @Override
        public boolean headerComplete() {
            String problem = status != 101 ? "answered " + status
                    : !"websocket".equalsIgnoreCase(upgradeHeader) ? "answered 101 with Upgrade: " + upgradeHeader
                    : !connectionUpgrade ? "answered 101 without Connection: upgrade"
                    : !expectedAccept.equals(accept) ? "answered Sec-WebSocket-Accept " + accept + ", expected "
                            + expectedAccept
                    : extensions != null ? "answered with extensions the client did not offer: " + extensions
                    : null;
            if (problem != null) {
                close(new IOException("WebSocket upgrade of " + FeedContract.WS_PATH + ": the server " + problem));
                return true;
            }
            upgraded = true;
            attempt.connected();
            return true;    // stop the HTTP parser right after the head: the rest is frames
        }

        @Override
        public boolean content(ByteBuffer content) {
            return true;    // a refused upgrade's body: the connection is closed already
        }

        @Override
        public boolean contentComplete() {
            return false;
        }

        @Override
        public boolean messageComplete() {
            return true;
        }

        @Override
        public void earlyEOF() {
            close(new IOException("the server closed the connection during the WebSocket upgrade"));
        }

        @Override
        public void badMessage(HttpException failure) {
            close(new IOException("bad response to the WebSocket upgrade: " + failure.getCode() + " "
                    + failure.getReason()));
        }
    }
}
