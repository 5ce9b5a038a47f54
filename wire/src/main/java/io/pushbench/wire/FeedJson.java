package io.pushbench.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The JSON form of a {@link FeedMessage}: {@code {"seq":S,"ts":T,"mono":M,"pad":"xxxx"}}, padded with ASCII
 * {@code x} so that the whole object is exactly the configured payload size.
 *
 * <p>Hand-written because it runs once per published message and its cost is what the JMH module compares
 * against Jackson; it allocates only the result array. When the payload size is smaller than the fields need,
 * the message is as short as possible ({@link #minimumSize(FeedMessage)}) instead of failing.
 *
 * <p>Reading is field-order independent and allocation free, so that a driver can measure a third-party server
 * whose JSON differs in layout:
 * <pre>{@code
 * long seq  = FeedJson.longField(text, FeedJson.SEQ);   // -1 when absent
 * long mono = FeedJson.longField(text, FeedJson.MONO);
 * }</pre>
 */
public final class FeedJson {
    /** Field key, with quotes and colon, as searched by {@link #longField}. */
    public static final String SEQ = "\"seq\":";
    /** Field key of the scheduled epoch-microsecond time. */
    public static final String TS = "\"ts\":";
    /** Field key of the scheduled monotonic-nanosecond time. */
    public static final String MONO = "\"mono\":";

    private static final byte[] P_SEQ = "{\"seq\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] P_TS = ",\"ts\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] P_MONO = ",\"mono\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] P_PAD = ",\"pad\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] P_END = "\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int FIXED = P_SEQ.length + P_TS.length + P_MONO.length + P_PAD.length + P_END.length;

    private FeedJson() {
    }

    /** Smallest encoding of {@code m} (an empty pad). */
    public static int minimumSize(FeedMessage m) {
        return FIXED + digits(m.seq()) + digits(m.ts()) + digits(m.mono());
    }

    /**
     * Encodes {@code m} padded to {@code payloadSize} bytes (or to {@link #minimumSize} when that is larger).
     *
     * @param payloadSize target size in bytes, >= 0
     */
    public static byte[] encode(FeedMessage m, int payloadSize) {
        if (payloadSize < 0) {
            throw new IllegalArgumentException("payloadSize must be >= 0, was " + payloadSize);
        }
        int min = minimumSize(m);
        byte[] out = new byte[Math.max(min, payloadSize)];
        int p = put(out, 0, P_SEQ);
        p = putLong(out, p, m.seq());
        p = put(out, p, P_TS);
        p = putLong(out, p, m.ts());
        p = put(out, p, P_MONO);
        p = putLong(out, p, m.mono());
        p = put(out, p, P_PAD);
        int padEnd = out.length - P_END.length;
        Arrays.fill(out, p, padEnd, (byte) 'x');
        put(out, padEnd, P_END);
        return out;
    }

    /**
     * The value of the first integer field {@code key} (e.g. {@link #SEQ}) in {@code text}, or -1 when absent or
     * not a non-negative integer. Whitespace after the colon is allowed.
     */
    public static long longField(CharSequence text, String key) {
        int at = indexOf(text, key);
        if (at < 0) {
            return -1;
        }
        int i = at + key.length();
        int n = text.length();
        while (i < n && text.charAt(i) == ' ') {
            i++;
        }
        long v = 0;
        int start = i;
        while (i < n) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
            i++;
        }
        return i == start ? -1 : v;
    }

    /** Same as {@link #longField(CharSequence, String)} for UTF-8 bytes between position and limit (not consumed). */
    public static long longField(ByteBuffer utf8, String key) {
        int at = indexOf(utf8, key);
        if (at < 0) {
            return -1;
        }
        int i = at + key.length();
        int n = utf8.limit();
        while (i < n && utf8.get(i) == ' ') {
            i++;
        }
        long v = 0;
        int start = i;
        while (i < n) {
            int c = utf8.get(i);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
            i++;
        }
        return i == start ? -1 : v;
    }

    private static int indexOf(CharSequence text, String key) {
        int n = text.length() - key.length();
        char first = key.charAt(0);
        outer:
        for (int i = 0; i <= n; i++) {
            if (text.charAt(i) != first) {
                continue;
            }
            for (int k = 1; k < key.length(); k++) {
                if (text.charAt(i + k) != key.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int indexOf(ByteBuffer b, String key) {
        int n = b.limit() - key.length();
        byte first = (byte) key.charAt(0);
        outer:
        for (int i = b.position(); i <= n; i++) {
            if (b.get(i) != first) {
                continue;
            }
            for (int k = 1; k < key.length(); k++) {
                if (b.get(i + k) != (byte) key.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int put(byte[] out, int p, byte[] src) {
        System.arraycopy(src, 0, out, p, src.length);
        return p + src.length;
    }

    static int digits(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("feed fields must be non-negative, was " + v);
        }
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    private static int putLong(byte[] out, int p, long v) {
        int end = p + digits(v);
        for (int i = end - 1; i >= p; i--) {
            out[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        return end;
    }
}
