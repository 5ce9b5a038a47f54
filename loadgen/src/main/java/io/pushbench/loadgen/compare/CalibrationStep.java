package io.pushbench.loadgen.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Measures the instrument before a comparison's first run; what it returns is stored under {@code calibration} in
 * the comparison's results.json. {@link CompareRunner} calls it once, unless the profile says
 * {@code calibrate: false} ({@code --no-calibrate}). A step that throws does not stop the comparison: the runner
 * reports the failure in one line through the listener and records {@code {"error": "<message>"}} instead.
 *
 * <pre>{@code
 * CalibrationStep step = (profile, dir, listener) -> Map.of("loopbackRttUs", 31.5);
 * CompareRunner.builder(profile, dir).calibration(step)...build().run();
 * }</pre>
 *
 * <p>Contract: the result is free form but must be JSON-serialisable (maps, lists, strings, numbers, booleans); a
 * step that measures nothing returns {@code {"skipped": "<why>"}}; when the calling thread is interrupted the step
 * stops what it started and throws {@link InterruptedException}.
 */
@FunctionalInterface
public interface CalibrationStep {
    /**
     * Calibrates for {@code profile}.
     *
     * @param profile  the comparison's settings
     * @param dir      the comparison's results directory, for any files the step writes
     * @param listener the comparison's listener, for progress the step wants to show
     * @return what results.json stores under {@code calibration}
     */
    Map<String, Object> calibrate(CompareProfile profile, Path dir, CompareListener listener)
            throws IOException, InterruptedException;
}
