package dev.weft.internal;

import java.util.Arrays;

/**
 * Context variables: each thread sees one immutable map of bindings; a task starts with the map its
 * spawner had at the spawn (asyncio copies the context in {@code create_task}), so a child's change
 * never reaches its parent and a parent's later change never reaches a running child. Works on Java
 * 21 without {@code ScopedValue}. A task keeps its map in its {@link TaskImpl}; other threads in a
 * thread-local. A thread with no binding costs nothing.
 */
public final class Contexts {
    private static final ThreadLocal<Bindings> CURRENT = new ThreadLocal<>();

    private Contexts() {
    }

    /** An immutable set of variable → value pairs; small, so a flat array with copy-on-write. */
    static final class Bindings {
        private final Object[] keysAndValues;

        private Bindings(Object[] keysAndValues) {
            this.keysAndValues = keysAndValues;
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
        Bindings b = capture();
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

    /** This thread's bindings, to hand to a task being spawned. */
    static Bindings capture() {
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
}
