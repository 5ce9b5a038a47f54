package io.pushbench.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Golden-file assertion: compares text with {@code src/test/resources/golden/NAME}. A missing golden file fails the
 * test (a test that writes its own expectation cannot fail). After an intended change, rerun the tests with
 * {@code -Dpushbench.updateGolden=true} to rewrite (or create) the files, then review the diff.
 */
public final class Golden {
    /** The system property that rewrites golden files instead of comparing with them. */
    public static final String UPDATE = "pushbench.updateGolden";
    private static final Path ROOT = Path.of("src/test/resources/golden");

    private Golden() {
    }

    public static void assertMatches(String name, String actual) throws IOException {
        Path file = ROOT.resolve(name);
        if (Boolean.getBoolean(UPDATE)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        if (!Files.exists(file)) {
            fail("golden file %s is missing; create it with -D%s=true and review it", file, UPDATE);
        }
        assertThat(actual).as("golden file %s (rerun with -D%s=true after an intended change)", file, UPDATE)
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** A checked-in fixture directory. */
    public static Path fixture(String name) {
        return Path.of("src/test/resources/fixtures").resolve(name);
    }
}
