package io.pushbench.cli;

/** Bad input detected after parsing (a missing file, an inconsistent combination): one line, exit code 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
