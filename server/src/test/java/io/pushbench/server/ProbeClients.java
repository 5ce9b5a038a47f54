package io.pushbench.server;

import io.pushbench.wire.FeedJson;
import io.pushbench.wire.WebSocketFrameParser;
import io.pushbench.wire.WebSocketFrames;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The client side of {@link ServerProbe}, run in its own JVM so that its heap and CPU are not the server's:
 * opens {@code n} raw loopback connections to {@code /sse} (HTTP/1.0, so the body is the bare event stream) or
 * {@code /ws} (HTTP/1.1 upgrade), reads everything on one selector thread, checks sequence continuity per
 * connection, and prints {@code READY <n>} once all have their response head, then once a second
 * {@code STATS <received> <gaps> <open>}. Exits when stdin closes.
 *
 * <pre>{@code
 * java -cp <test classpath> io.pushbench.server.ProbeClients <port> sse|ws <n>
 * }</pre>
 */
public final class ProbeClients {
    private static long received;
    private static long gaps;
    private static int open;
    private static int ready;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        boolean ws = args[1].equals("ws");
        int n = Integer.parseInt(args[2]);
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // until the parent closes our stdin
                }
            } catch (IOException ignored) {
                // parent gone
            }
            System.exit(0);
        });
        watchdog.setDaemon(true);
        watchdog.start();

        Selector selector = Selector.open();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        for (int i = 0; i < n; i++) {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.connect(address);
            ch.register(selector, SelectionKey.OP_CONNECT, new Conn(ws));
            if (i % 100 == 99) {
                pump(selector, 10); // keep the accept backlog short
            }
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
        long nextPrint = System.nanoTime();
        boolean announced = false;
        while (true) {
            pump(selector, 100, buf);
            if (!announced && ready == n) {
                System.out.println("READY " + n);
                System.out.flush();
                announced = true;
            }
            if (System.nanoTime() >= nextPrint) {
                System.out.println("STATS " + received + " " + gaps + " " + open);
                System.out.flush();
                nextPrint += 1_000_000_000L;
            }
        }
    }

    private static final ByteBuffer SCRATCH = ByteBuffer.allocateDirect(256 * 1024);

    private static void pump(Selector selector, long timeoutMs) throws IOException {
        pump(selector, timeoutMs, SCRATCH);
    }

    private static void pump(Selector selector, long timeoutMs, ByteBuffer buf) throws IOException {
        selector.select(timeoutMs);
        for (SelectionKey key : selector.selectedKeys()) {
            SocketChannel ch = (SocketChannel) key.channel();
            Conn c = (Conn) key.attachment();
            try {
                if (key.isConnectable()) {
                    ch.finishConnect();
                    open++;
                    ch.write(ByteBuffer.wrap(c.request(port(ch)).getBytes(StandardCharsets.US_ASCII)));
                    key.interestOps(SelectionKey.OP_READ);
                } else if (key.isReadable()) {
                    buf.clear();
                    int r = ch.read(buf);
                    if (r < 0) {
                        key.cancel();
                        ch.close();
                        open--;
                        continue;
                    }
                    buf.flip();
                    c.onBytes(buf);
                }
            } catch (IOException e) {
                key.cancel();
                ch.close();
                open--;
            }
        }
        selector.selectedKeys().clear();
    }

    private static int port(SocketChannel ch) throws IOException {
        return ((InetSocketAddress) ch.getRemoteAddress()).getPort();
    }

    /** One connection: response head, then SSE events or WebSocket frames. */
    private static final class Conn {
        private final boolean ws;
        private final StringBuilder head = new StringBuilder();
        private boolean inBody;
        private long lastSeq = -1;
        // SSE: an allocation-free scan for "id: <seq>" lines (any split across reads), so one client thread
        // keeps up with tens of thousands of events per second
        private int idMatch;      // how much of "\nid: " has been matched
        private long idValue = -1; // digits being parsed, -1 when not in an id line
        private WebSocketFrameParser frames;

        Conn(boolean ws) {
            this.ws = ws;
        }

        String request(int port) {
            return ws ? "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
                    : "GET /sse HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\n\r\n";
        }

        void onBytes(ByteBuffer b) {
            while (!inBody && b.hasRemaining()) {
                head.append((char) b.get());
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    inBody = true;
                    ready++;
                    if (ws) {
                        frames = new WebSocketFrameParser(1 << 21, (fin, op, payload) -> {
                            if (op == WebSocketFrames.OP_TEXT) {
                                message(FeedJson.longField(payload, FeedJson.SEQ));
                            }
                        });
                    } else {
                        idMatch = 1; // the body starts at a line start
                    }
                }
            }
            if (inBody && b.hasRemaining()) {
                if (ws) {
                    frames.feed(b);
                } else {
                    scanSse(b);
                }
            }
        }

        private static final byte[] ID = "\nid: ".getBytes(StandardCharsets.US_ASCII);

        private void scanSse(ByteBuffer b) {
            while (b.hasRemaining()) {
                byte c = b.get();
                if (idValue >= 0) {
                    if (c >= '0' && c <= '9') {
                        idValue = idValue * 10 + (c - '0');
                        continue;
                    }
                    message(idValue);
                    idValue = -1;
                }
                if (c == ID[idMatch]) {
                    if (++idMatch == ID.length) {
                        idValue = 0;
                        idMatch = 0;
                    }
                } else {
                    idMatch = c == '\n' ? 1 : 0;
                }
            }
        }

        private void message(long seq) {
            if (seq < 0) {
                return; // a lost signal
            }
            received++;
            if (lastSeq >= 0 && seq != lastSeq + 1) {
                gaps++;
            }
            lastSeq = seq;
        }
    }
}
