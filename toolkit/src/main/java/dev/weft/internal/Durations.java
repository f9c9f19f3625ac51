package dev.weft.internal;

import java.time.Duration;

/** Duration arithmetic that never overflows. */
final class Durations {
    /** Durations longer than this (about 146 years) mean "no deadline". */
    static final long FOREVER = Long.MAX_VALUE / 2;

    private Durations() {
    }

    /** {@code d} in nanoseconds, saturated at {@link #FOREVER} (and at {@code -FOREVER}). */
    static long toNanos(Duration d) {
        if (d.compareTo(Duration.ofNanos(FOREVER)) >= 0) {
            return FOREVER;
        }
        if (d.compareTo(Duration.ofNanos(-FOREVER)) <= 0) {
            return -FOREVER;
        }
        return d.toNanos();
    }
}
