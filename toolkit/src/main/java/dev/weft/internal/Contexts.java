package dev.weft.internal;

import java.util.Arrays;

/**
 * Context variables: each thread sees one immutable map of bindings; a task starts with the map its
 * spawner had at the spawn (asyncio copies the context in {@code create_task}), so a child's change
 * never reaches its parent and a parent's later change never reaches a running child. Works on Java
 * 21 without {@code ScopedValue}. A task keeps its map in its {@link TaskImpl}; other threads in a
 * thread-local. A thread with no binding costs nothing.
 *
 * <p>A spawn also carries the thread-local contexts of {@link Propagation} (SLF4J's MDC, registered
 * accessors): {@link #capture()} puts them into the child's bindings as {@code carried}, and the child
 * enters them around its body. {@code carried} is read at a task's start, and by the task's own
 * captures: each one checks the thread's contexts afresh and keeps what it took in the task's
 * bindings, so spawns from an unchanged context share one snapshot. A task's own bindings drop it
 * on their next change.
 */
public final class Contexts {
    private static final ThreadLocal<Bindings> CURRENT = new ThreadLocal<>();

    private Contexts() {
    }

    /** An immutable set of variable → value pairs; small, so a flat array with copy-on-write. */
    static final class Bindings {
        private static final Object[] EMPTY = new Object[0];

        private final Object[] keysAndValues;
        /** The spawner's thread-local contexts, for the child to enter; {@code null} if none. */
        final Propagation.Snapshot carried;

        private Bindings(Object[] keysAndValues) {
            this(keysAndValues, null);
        }

        private Bindings(Object[] keysAndValues, Propagation.Snapshot carried) {
            this.keysAndValues = keysAndValues;
            this.carried = carried;
        }

        /** These bindings carrying {@code snapshot} instead; {@code null} if that leaves nothing. */
        static Bindings carrying(Bindings b, Propagation.Snapshot snapshot) {
            if (b == null) {
                return snapshot == null ? null : new Bindings(EMPTY, snapshot);
            }
            if (b.carried == snapshot) {
                return b;
            }
            if (snapshot == null && b.keysAndValues.length == 0) {
                return null;
            }
            return new Bindings(b.keysAndValues, snapshot);
        }

        Object get(Object key, Object absent) {
            for (int i = 0; i < keysAndValues.length; i += 2) {
                if (keysAndValues[i] == key) {
                    return keysAndValues[i + 1];
                }
            }
            return absent;
        }

        Bindings with(Object key, Object value) {
            for (int i = 0; i < keysAndValues.length; i += 2) {
                if (keysAndValues[i] == key) {
                    Object[] copy = keysAndValues.clone();
                    copy[i + 1] = value;
                    return new Bindings(copy);
                }
            }
            Object[] copy = Arrays.copyOf(keysAndValues, keysAndValues.length + 2);
            copy[keysAndValues.length] = key;
            copy[keysAndValues.length + 1] = value;
            return new Bindings(copy);
        }

        Bindings without(Object key) {
            for (int i = 0; i < keysAndValues.length; i += 2) {
                if (keysAndValues[i] == key) {
                    Object[] copy = new Object[keysAndValues.length - 2];
                    System.arraycopy(keysAndValues, 0, copy, 0, i);
                    System.arraycopy(keysAndValues, i + 2, copy, i, keysAndValues.length - i - 2);
                    return copy.length == 0 ? null : new Bindings(copy);
                }
            }
            return this;
        }
    }

    /** A marker for "this variable has no binding here". */
    public static final Object UNBOUND = new Object();

    /** The value bound to {@code key} on this thread, or {@link #UNBOUND}. */
    public static Object get(Object key) {
        Bindings b = bindings();
        return b == null ? UNBOUND : b.get(key, UNBOUND);
    }

    /** Binds {@code key} to {@code value} (or unbinds it, for {@link #UNBOUND}) on this thread; returns the previous value. */
    public static Object set(Object key, Object value) {
        TaskImpl<?> task = TaskImpl.onThisThread();
        Bindings b = task != null ? task.context : CURRENT.get();
        Object previous = b == null ? UNBOUND : b.get(key, UNBOUND);
        Bindings next;
        if (value == UNBOUND) {
            next = b == null ? null : b.without(key);
        } else {
            next = b == null ? new Bindings(new Object[] {key, value}) : b.with(key, value);
        }
        if (task != null) {
            task.context = next;
        } else if (next == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(next);
        }
        return previous;
    }

    /** This thread's bindings, with its thread-local contexts, to hand to a task being spawned. */
    static Bindings capture() {
        TaskImpl<?> task = TaskImpl.onThisThread();
        Bindings vars = task != null ? task.context : CURRENT.get();
        Bindings out = Bindings.carrying(vars, Propagation.capture(vars == null ? null : vars.carried));
        if (task != null && out != vars) {
            task.context = out; // remembered, so the next spawn of an unchanged context reuses it as is
        }
        return out;
    }

    /** This thread's bindings as they are (the {@code carried} part may be stale: see the class notes). */
    private static Bindings bindings() {
        TaskImpl<?> task = TaskImpl.onThisThread();
        return task != null ? task.context : CURRENT.get();
    }

    /** Makes {@code b} (from {@link #capture()}) this thread's bindings again, dropping changes made since. */
    static void restore(Bindings b) {
        TaskImpl<?> task = TaskImpl.onThisThread();
        if (task != null) {
            task.context = b;
        } else if (b == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(b);
        }
    }

    /** The contexts a task's bindings carry from its spawner, or {@code null}. */
    static Propagation.Snapshot carried(Bindings b) {
        return b == null ? null : b.carried;
    }

    /**
     * Runs {@code body} on the calling thread, not a task's, with {@code b} as its context variables
     * and the contexts {@code b} carries, then puts the thread's own back (a pool thread running a
     * task's body for {@code Weft.toThread}).
     */
    static <T> T callWith(Bindings b, java.util.concurrent.Callable<T> body) throws Exception {
        Bindings before = CURRENT.get();
        Bindings vars = Bindings.carrying(b, null);
        if (vars == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(vars);
        }
        Runnable restore = b == null || b.carried == null ? null : b.carried.enterBorrowed();
        try {
            return body.call();
        } finally {
            try {
                if (restore != null) {
                    restore.run();
                }
            } finally {
                if (before == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(before);
                }
            }
        }
    }
}
