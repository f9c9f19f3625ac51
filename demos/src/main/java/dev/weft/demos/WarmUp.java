package dev.weft.demos;

import static dev.weft.Weft.*;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pays the JVM's one-time costs (class loading, the logging set-up, the first virtual threads) before a
 * demo's first measurement, so that a standalone run prints the same timings as the tour.
 */
final class WarmUp {
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private WarmUp() {
    }

    /** Runs a tiny gather once per JVM; later calls return at once. */
    static void once() {
        if (DONE.compareAndSet(false, true)) {
            run(() -> gather(() -> 0, () -> 1));
        }
    }
}
