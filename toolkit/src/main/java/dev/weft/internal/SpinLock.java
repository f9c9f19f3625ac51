package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A tiny lock for critical sections of a few instructions that never block (no I/O, no waiting, no
 * parking inside). Uncontended it costs one CAS; contended it spins briefly and then yields the
 * carrier, so a virtual thread holding it is never starved by its waiters. Cheaper than a
 * {@code ReentrantLock} when many virtual threads touch it at once, because nobody parks.
 * Not reentrant. {@link Frame} extends it to keep one object per task.
 */
class SpinLock {
    /** Failed CASes a contended {@link #lock()} spins through ({@code onSpinWait}) before it yields instead. */
    private static final int SPINS_BEFORE_YIELD = 64;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SpinLock.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // via STATE
    private volatile int state;

    final void lock() {
        int spins = 0;
        while (!STATE.compareAndSet(this, 0, 1)) {
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    final void unlock() {
        STATE.setRelease(this, 0);
    }
}
