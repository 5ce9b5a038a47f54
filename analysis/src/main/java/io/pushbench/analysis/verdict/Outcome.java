package io.pushbench.analysis.verdict;

/** What a comparison of one figure between arms A and B concluded. */
public enum Outcome {
    /** A is better, and the interval says so at the required confidence. */
    A_BETTER,
    /** B is better, and the interval says so at the required confidence. */
    B_BETTER,
    /** The interval, at the required confidence, includes no difference: nothing is called. */
    NO_DIFFERENCE,
    /** The runs cannot support a call (too few valid runs per arm): nothing is called. */
    CANNOT_CALL;

    /** Whether a difference was called. */
    public boolean called() {
        return this == A_BETTER || this == B_BETTER;
    }

    /** The JSON name: "a-better", "b-better", "no-difference", "cannot-call". */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
