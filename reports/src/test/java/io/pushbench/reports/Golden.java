package io.pushbench.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden-file assertion: compares text with {@code src/test/resources/golden/NAME}. Run the tests with
 * {@code -Dpushbench.updateGolden=true} to rewrite the files after an intended change, then review the diff.
 */
public final class Golden {
    private static final Path ROOT = Path.of("src/test/resources/golden");

    private Golden() {
    }

    public static void assertMatches(String name, String actual) throws IOException {
        Path file = ROOT.resolve(name);
        if (Boolean.getBoolean("pushbench.updateGolden") || !Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).as("golden file %s (rerun with -Dpushbench.updateGolden=true after an intended change)",
                file).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** A checked-in fixture directory. */
    public static Path fixture(String name) {
        return Path.of("src/test/resources/fixtures").resolve(name);
    }
}
