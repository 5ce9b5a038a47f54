package io.pushbench.server.log;

import java.util.Locale;

/**
 * When the segment log asks the OS to put appended records on stable storage ({@code fdatasync}). Every record
 * is written to the OS (the page cache) before any subscriber sees it, whatever the policy, so a killed server
 * process (SIGKILL, OOM kill, crash) loses nothing; the policy only decides what a power loss or kernel crash can
 * lose:
 * <ul>
 *   <li>{@link #NEVER}: whatever the OS had not yet written back itself (Linux: typically up to ~35 s, see docs/server.md);</li>
 *   <li>{@link #INTERVAL}: at most the last interval, fsynced by a thread of its own, off the publisher's path;</li>
 *   <li>{@link #ALWAYS}: nothing: the publisher fsyncs every record before fanning it out, one fsync per message
 *       on the publisher thread (its latency becomes publisher lag).</li>
 * </ul>
 *
 * <pre>{@code
 * FsyncPolicy p = FsyncPolicy.parse("interval");   // also "never", "always"; anything else: one-line error
 * }</pre>
 */
public enum FsyncPolicy {
    NEVER, INTERVAL, ALWAYS;

    /** The flag's spelling: never, interval, always. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException with a one-line message naming the allowed values */
    public static FsyncPolicy parse(String raw) {
        if (raw != null) {
            for (FsyncPolicy p : values()) {
                if (p.key().equals(raw.strip().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("fsync must be never, always or interval, was '" + raw + "'");
    }
}
