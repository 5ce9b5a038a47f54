package io.pushbench.loadgen.calibrate;

import io.pushbench.analysis.results.Calibration;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The raw kernel fan-out rate on loopback: one writer thread writes one message of the payload size to each of N
 * connections in turn (one {@code write} per message per connection, blocking, as a one-flusher server would), one
 * reader thread drains the other ends with a selector. No HTTP, no framing, no JVM-side queueing: the ceiling of
 * serial fan-out on this kernel (about 8-10 µs per write on a 2-vCPU KVM guest).
 *
 * <pre>{@code
 * Calibration.KernelFanout f = KernelFanout.measure(1000, 256, Duration.ofSeconds(2));
 * f.writesPerSec();   // f.nsPerWrite() = 1e9 / writesPerSec
 * }</pre>
 *
 * <p>Runs in this JVM (two threads; a JVM's threads cannot be pinned apart with taskset). The first round over all
 * connections is not timed: it faults in the socket buffers.
 */
public final class KernelFanout {
    private KernelFanout() {
    }

    /**
     * Writes for {@code duration} and returns the rate.
     *
     * @param connections loopback connections, 1..9,000 (two sockets each, under the 20,000 open-files limit)
     * @param payload     bytes per write, >= 1
     */
    public static Calibration.KernelFanout measure(int connections, int payload, Duration duration)
            throws IOException, InterruptedException {
        if (connections < 1 || connections > 9_000) {
            throw new IllegalArgumentException("fan-out connections must be 1..9000, was " + connections);
        }
        if (payload < 1) {
            throw new IllegalArgumentException("fan-out payload must be >= 1 byte, was " + payload);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("fan-out duration must be > 0, was " + duration);
        }
        List<SocketChannel> writeEnds = new ArrayList<>();
        List<SocketChannel> readEnds = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (ServerSocketChannel server = ServerSocketChannel.open(); Selector selector = Selector.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
            for (int i = 0; i < connections; i++) {
                SocketChannel client = SocketChannel.open(server.getLocalAddress());
                SocketChannel accepted = server.accept();
                accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
                writeEnds.add(accepted);
                client.configureBlocking(false);
                client.register(selector, SelectionKey.OP_READ);
                readEnds.add(client);
            }
            Thread reader = Thread.ofPlatform().name("pushbench-fanout-reader").daemon().start(() -> drain(selector,
                    stop));
            ByteBuffer msg = ByteBuffer.allocateDirect(payload);
            writeRound(writeEnds, msg);   // untimed
            long writes = 0;
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long now;
            do {
                writes += writeRound(writeEnds, msg);
                now = System.nanoTime();
            } while (now < end);
            stop.set(true);
            selector.wakeup();
            reader.join(5_000);
            double seconds = (now - start) / 1e9;
            double perSec = writes / seconds;
            return new Calibration.KernelFanout(connections, payload, Math.round(seconds * 1000.0) / 1000.0, writes,
                    Math.round(perSec), Math.round(1e9 / perSec * 10.0) / 10.0);
        } finally {
            stop.set(true);
            for (SocketChannel c : writeEnds) {
                c.close();
            }
            for (SocketChannel c : readEnds) {
                c.close();
            }
        }
    }

    private static long writeRound(List<SocketChannel> ends, ByteBuffer msg) throws IOException {
        for (SocketChannel c : ends) {
            msg.clear();
            while (msg.hasRemaining()) {
                c.write(msg);
            }
        }
        return ends.size();
    }

    private static void drain(Selector selector, AtomicBoolean stop) {
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        try {
            while (!stop.get()) {
                selector.select();
                for (SelectionKey k : selector.selectedKeys()) {
                    buf.clear();
                    if (((SocketChannel) k.channel()).read(buf) < 0) {
                        k.cancel();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            // the sockets were closed under it: the measurement is over
        }
    }
}
