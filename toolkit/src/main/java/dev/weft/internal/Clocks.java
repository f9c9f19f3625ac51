package dev.weft.internal;

import java.util.Objects;

/** Holds the {@link Clock} in use: real time unless a test installs another. */
public final class Clocks {
    private static volatile Clock current = SystemClock.INSTANCE;

    private Clocks() {
    }

    /** The clock every Weft deadline uses. */
    public static Clock current() {
        return current;
    }

    /** Installs {@code clock} (for test fixtures), returning the previous one. */
    public static Clock install(Clock clock) {
        Clock previous = current;
        current = Objects.requireNonNull(clock, "clock");
        return previous;
    }

    /** The real-time clock. */
    public static Clock system() {
        return SystemClock.INSTANCE;
    }
}
