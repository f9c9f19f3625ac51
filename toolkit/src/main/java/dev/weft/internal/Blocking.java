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

    /** The clock that Weft's deadlines use (real time unless a test installed virtual time). */
    public static Clock clock() {
        return Clocks.current();
    }
}
