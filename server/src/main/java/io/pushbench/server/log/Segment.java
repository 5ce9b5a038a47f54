package io.pushbench.server.log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One segment file of the log, named for the seq of its first record: {@code feed-<firstSeq, 20 digits>.seg}.
 * Twenty digits hold any positive long, and zero-padding makes the names sort in seq order.
 *
 * <pre>{@code
 * Segment s = Segment.at(dir, 42);             // dir/feed-00000000000000000042.seg
 * List<Segment> all = Segment.list(dir);       // every segment, oldest first; other files are ignored
 * }</pre>
 *
 * @param path     the file
 * @param firstSeq seq of its first record (of the next record to be written, while empty)
 */
public record Segment(Path path, long firstSeq) {
    private static final Pattern NAME = Pattern.compile("feed-(\\d{20})\\.seg");

    /** The segment of {@code dir} whose first record is {@code firstSeq}. */
    public static Segment at(Path dir, long firstSeq) {
        if (firstSeq < 1) {
            throw new IllegalArgumentException("firstSeq must be >= 1, was " + firstSeq);
        }
        return new Segment(dir.resolve(String.format("feed-%020d.seg", firstSeq)), firstSeq);
    }

    /** The segments of {@code dir}, oldest first; files whose names do not match are not the log's and are left alone. */
    public static List<Segment> list(Path dir) throws IOException {
        List<Segment> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "feed-*.seg")) {
            for (Path p : files) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p)) {
                    long first;
                    try {
                        first = Long.parseLong(m.group(1));
                    } catch (NumberFormatException e) {
                        continue; // 20 digits beyond a long: not a name this log writes
                    }
                    if (first >= 1) {
                        out.add(new Segment(p, first));
                    }
                }
            }
        }
        out.sort(Comparator.comparingLong(Segment::firstSeq));
        return out;
    }

    /** The file name alone, as reports quote it. */
    public String name() {
        return path.getFileName().toString();
    }
}
