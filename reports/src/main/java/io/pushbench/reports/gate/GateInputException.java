package io.pushbench.reports.gate;

import java.io.IOException;

/** The baseline and the current results cannot be compared (different configuration, missing group): exit 2. */
public final class GateInputException extends IOException {
    public GateInputException(String message) {
        super(message);
    }
}
