package dev.weft.internal;

import java.util.concurrent.locks.Condition;

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
     * The cancellable {@link Condition#await()} of a Weft primitive whose waiters each take one item or
     * one unit of room ({@code Queue}, a generator's hand-off): waits for a signal through {@link Idle}
     * (so virtual time sees the wait), turns an interrupt into the news ({@link #interrupted}), and makes
     * the wake-up a cancellation point. A waiter that is signalled and then finds itself cancelled
     * passes the signal on before it throws, so the item (or the room) it was woken for stays for
     * another waiter. An interrupt that arrives before any signal needs no pass-on: the JDK's condition
     * then gives the signal to another waiter itself. Call it holding the condition's lock.
     */
    public static void awaitSignal(Condition condition) {
        try {
            Idle.await(condition);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
        try {
            checkpoint();
        } catch (RuntimeException | Error e) {
            Idle.signal(condition);
            throw e;
        }
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
