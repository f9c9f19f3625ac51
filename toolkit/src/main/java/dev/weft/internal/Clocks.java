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
    private static volatile Clock global = SystemClock.INSTANCE;

    private Clocks() {
    }

    /** The clock of the calling task: the one bound for its tree, else the global one. */
    public static Clock current() {
        Object bound = Contexts.get(KEY);
        return bound == Contexts.UNBOUND ? global : (Clock) bound;
    }

    /** The clock bound in {@code context} (a task's context variables), else the global one. */
    static Clock of(Contexts.Bindings context) {
        Object bound = context == null ? Contexts.UNBOUND : context.get(KEY, Contexts.UNBOUND);
        return bound == Contexts.UNBOUND ? global : (Clock) bound;
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

    /** Replaces the global clock (for the whole JVM), returning the previous one. */
    public static Clock installGlobally(Clock clock) {
        Clock previous = global;
        global = Objects.requireNonNull(clock, "clock");
        return previous;
    }

    /** The real-time clock. */
    public static Clock system() {
        return SystemClock.INSTANCE;
    }
}
