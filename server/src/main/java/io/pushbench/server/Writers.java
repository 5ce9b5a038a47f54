package io.pushbench.server;

import java.util.Locale;

/**
 * Which threads write a feed message to the subscribers' sockets, the same for SSE and WebSocket.
 *
 * <ul>
 *   <li>{@code publisher} (the default): the publisher thread writes to every subscriber whose queue was idle, right
 *   after offering the message; only a subscriber with a backlog (its socket was not writable) is continued by a
 *   pool thread when the socket drains. No thread hand-off between the publish and the write of an idle
 *   subscriber, so nothing but the write itself lies between the scheduled time and the bytes on the wire.</li>
 *   <li>{@code pool}: every write runs on Jetty's shared pool; the publisher hands the woken subscribers over in
 *   chunks of {@link Feed#WAKE_CHUNK}.</li>
 *   <li>{@code N} (1..64): N dedicated writer threads take those chunks.</li>
 * </ul>
 *
 * <pre>{@code
 * Writers w = Writers.parse("publisher");   // Writers.PUBLISHER
 * Writers.parse("2").threads();             // 2
 * Writers.parse("0");                       // IllegalArgumentException: writers must be publisher, pool or 1..64, was 0
 * }</pre>
 *
 * @param mode    who writes
 * @param threads dedicated writer threads ({@link Mode#DEDICATED} only, else 0)
 */
public record Writers(Mode mode, int threads) {
    /** Who writes. */
    public enum Mode { PUBLISHER, POOL, DEDICATED }

    /** Most dedicated writer threads. */
    public static final int MAX_THREADS = 64;
    public static final Writers PUBLISHER = new Writers(Mode.PUBLISHER, 0);
    public static final Writers POOL = new Writers(Mode.POOL, 0);

    public Writers {
        if ((mode == Mode.DEDICATED) != (threads > 0) || threads > MAX_THREADS) {
            throw new IllegalArgumentException("writers must be publisher, pool or 1.." + MAX_THREADS + ", was "
                    + threads);
        }
    }

    /** {@code publisher}, {@code pool} or a thread count 1..64. */
    public static Writers parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "publisher" -> {
                return PUBLISHER;
            }
            case "pool" -> {
                return POOL;
            }
            default -> {
                int n;
                try {
                    n = Integer.parseInt(t);
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n < 1 || n > MAX_THREADS) {
                    throw new IllegalArgumentException("writers must be publisher, pool or 1.." + MAX_THREADS
                            + ", was " + text);
                }
                return new Writers(Mode.DEDICATED, n);
            }
        }
    }

    /** The flag value: {@code publisher}, {@code pool} or the thread count. */
    public String key() {
        return switch (mode) {
            case PUBLISHER -> "publisher";
            case POOL -> "pool";
            case DEDICATED -> Integer.toString(threads);
        };
    }

    @Override
    public String toString() {
        return key();
    }
}
