package io.pushbench.loadgen.llm;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

/** How the clients name what the transport threw, for a request's failure detail and reason. */
final class Failures {
    private Failures() {
    }

    /** A failure that happened before any connection existed (refused, unresolvable, unreachable). */
    static boolean isConnect(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof UnknownHostException
                    || c instanceof NoRouteToHostException || c instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    /** One line: the innermost useful class and message. */
    static String describe(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c && (c.getMessage() == null || c instanceof
                java.util.concurrent.CompletionException || c instanceof java.util.concurrent.ExecutionException)) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
