package dev.weft.internal;

/**
 * What every Weft blocking primitive does around a JDK wait, so that it honours the current task's
 * cancellation and deadlines the same way {@code Weft.sleep} does.
 *
 * <pre>{@code
 * Blocking.checkpoint();                       // level-triggered: a cancelled task throws here
 * lock.lock();
 * try {
 *     while (!ready) {
 *         try { readyCondition.await(); }
 *         catch (InterruptedException e) { throw Blocking.interrupted(e); }
 *     }
 * } finally { lock.unlock(); }
 * }</pre>
 */
public final class Blocking {
    private Blocking() {
    }

    /** Throws the current task's cancellation, timeout or group-failure news, if any. */
    public static void checkpoint() {
        Frame.checkpoint();
    }

    /**
     * Converts an interrupt caught in a blocking wait into what the Weft call must throw
     * ({@code CancelledException}, {@code TimedOutException} or the group's failure); on a thread
     * outside Weft it restores the interrupt status and returns a {@code CancelledException}.
     */
    public static RuntimeException interrupted(InterruptedException e) {
        return Sleeping.interrupted(Frame.currentOrNull(), e);
    }

    /**
     * Whether the calling code is cancelled now (by its task, a group or a passed deadline), so that an
     * exception it just caught is that news, not the callee's own failure. On a thread outside Weft:
     * whether it is interrupted.
     */
    public static boolean cancelledNow() {
        Frame f = Frame.currentOrNull();
        if (f == null) {
            return Thread.currentThread().isInterrupted();
        }
        return f.cancelledScope() != null;
    }

    /** The clock that Weft's deadlines use (real time unless a test installed virtual time). */
    public static Clock clock() {
        return Clocks.current();
    }
}
