package dev.weft.internal;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Holds the {@link Clock} in use. Real time, unless a clock is bound for a task tree with
 * {@link #withClock}: the binding travels like a context variable, so the tasks spawned inside see the
 * same clock and the rest of the JVM keeps real time (how test fixtures run code in virtual time).
 */
public final class Clocks {
    private static final Object KEY = new Object();

    private Clocks() {
    }

    /** The clock of the calling task: the one bound for its tree, else real time. */
    public static Clock current() {
        Object bound = Contexts.get(KEY);
        return bound == Contexts.UNBOUND ? SystemClock.INSTANCE : (Clock) bound;
    }

    /** The clock bound in {@code context} (a task's context variables), else real time. */
    static Clock of(Contexts.Bindings context) {
        Object bound = context == null ? Contexts.UNBOUND : context.get(KEY, Contexts.UNBOUND);
        return bound == Contexts.UNBOUND ? SystemClock.INSTANCE : (Clock) bound;
    }

    /** Runs {@code body} with {@code clock} bound for the calling thread and every task it spawns. */
    public static <T> T withClock(Clock clock, Callable<T> body) throws Exception {
        Objects.requireNonNull(clock, "clock");
        Object previous = Contexts.set(KEY, clock);
        try {
            return body.call();
        } finally {
            Contexts.set(KEY, previous);
        }
    }

}
