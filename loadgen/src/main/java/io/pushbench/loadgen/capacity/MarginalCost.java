package io.pushbench.loadgen.capacity;

import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.util.Collection;

/**
 * What one more delivery costs the server: the least-squares line of server CPU (core-seconds per second) against
 * deliveries per second across a search's steps. The slope is the marginal cost; the intercept is the fixed overhead
 * (cores spent at zero deliveries: timers, the publisher, idle connections), which a single light-load figure
 * ("CPU per message") folds into every message.
 *
 * <pre>{@code
 * MarginalCost c = MarginalCost.fit(measurements);   // steps whose server was observed
 * c.microsPerDelivery();   // 14.2: µs of CPU per extra delivery
 * c.interceptCores();      // 0.03: fixed overhead, cores
 * c.rSquared();            // 0.998: how well a line explains the points
 * }</pre>
 *
 * @param slopeCoreSecondsPerDelivery CPU core-seconds per delivery (the slope)
 * @param interceptCores              fixed overhead, cores (the intercept)
 * @param rSquared                    coefficient of determination of the fit, 0..1
 * @param points                      how many steps were fitted, >= 2
 */
public record MarginalCost(double slopeCoreSecondsPerDelivery, double interceptCores, double rSquared, int points) {
    /** The slope in µs of CPU per delivery. */
    public double microsPerDelivery() {
        return slopeCoreSecondsPerDelivery * 1e6;
    }

    /**
     * Fits the line through every measurement whose server was observed ({@link StepMeasurement#serverObserved()});
     * the caller chooses which steps to pass (a search's valid ones: {@link CapacityResult#marginalCost()}).
     *
     * @throws IllegalArgumentException when fewer than 2 distinct deliveries/s were observed (no line)
     */
    public static MarginalCost fit(Collection<StepMeasurement> measurements) {
        SimpleRegression r = new SimpleRegression(true);
        double firstX = Double.NaN;
        boolean distinct = false;
        for (StepMeasurement m : measurements) {
            if (!m.serverObserved()) {
                continue;
            }
            if (Double.isNaN(firstX)) {
                firstX = m.serverDeliveriesPerSecond();
            } else if (m.serverDeliveriesPerSecond() != firstX) {
                distinct = true;
            }
            r.addData(m.serverDeliveriesPerSecond(), m.serverCpuCores());
        }
        if (!distinct) {
            throw new IllegalArgumentException("marginal cost needs server CPU at 2 or more distinct deliveries/s, had "
                    + r.getN() + " observed step(s)");
        }
        // Two points fit exactly (R² = 1): the figure is reported with its point count, so a reader can tell.
        double r2 = r.getN() > 2 ? r.getRSquare() : 1.0;
        return new MarginalCost(r.getSlope(), r.getIntercept(), Double.isNaN(r2) ? 1.0 : r2, (int) r.getN());
    }
}
