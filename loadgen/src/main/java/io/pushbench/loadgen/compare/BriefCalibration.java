package io.pushbench.loadgen.compare;

import io.pushbench.analysis.results.Calibration;
import io.pushbench.loadgen.calibrate.Calibrator;
import io.pushbench.loadgen.calibrate.Launch;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * The calibration {@code compare} runs before its first run: {@link Calibrator.Settings#brief()} at the
 * comparison's payload, transports and load (connections x rate), pinned as its runs are; about 30 s on 2 CPUs.
 * Its driver floors come from {@code pushbench calibrate}, not from here: the comparison's own runs are the drivers.
 *
 * <pre>{@code
 * CalibrationStep step = new BriefCalibration(pinning -> new Launch(java, cp, serverCmd, ...));
 * CompareRunner.builder(profile, dir).calibration(step)...
 * }</pre>
 */
public final class BriefCalibration implements CalibrationStep {
    private final Function<CompareProfile, Launch> launch;

    /** @param launch how to start the calibration's JVMs for a profile (java, class path, server command, pinning) */
    public BriefCalibration(Function<CompareProfile, Launch> launch) {
        this.launch = launch;
    }

    /** The settings used for {@code profile}. */
    public static Calibrator.Settings settings(CompareProfile profile) {
        // the raw loopback floor needs room for its 16-byte seq + scheduled-time header
        return Calibrator.Settings.brief().withPayload(Math.max(profile.payload(), 16))
                .withLoad(profile.connections(), profile.rate())
                .withTransports(profile.transports().stream().distinct().toList());
    }

    @Override
    public Map<String, Object> calibrate(CompareProfile profile, Path dir, CompareListener listener)
            throws InterruptedException {
        Calibration c = new Calibrator(launch.apply(profile), dir.resolve("calibration"), line -> { })
                .run(settings(profile));
        return c.toMap();
    }
}
