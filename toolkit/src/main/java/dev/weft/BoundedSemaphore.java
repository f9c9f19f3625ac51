package dev.weft;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Semaphore} that refuses to be released more often than it was acquired, so that it never
 * holds more permits than it started with.
 *
 * <p>asyncio equivalent: {@code asyncio.BoundedSemaphore}, whose {@code ValueError} on over-release
 * is an {@link IllegalStateException} here. Prefer it to a plain {@link Semaphore} whenever the
 * permits stand for a fixed resource (connections, workers): a stray {@code release()} is then a
 * loud bug instead of a silent rise of the limit.
 *
 * <pre>{@code
 * BoundedSemaphore pool = Semaphore.bounded(2);
 * try (var p = pool.acquire()) {
 *     query();
 * }
 * pool.release();                           // IllegalStateException: nothing is held
 * }</pre>
 *
 * <p>Implementation notes. A release is checked against the underlying semaphore's own count
 * (free permits below the bound), under a lock that only releases take. Acquires run without it:
 * they can only lower the count, which never turns a legal release into an illegal one, so the check
 * and the release behave as one atomic step and the semaphore is linearizable (checked with
 * Lincheck in {@code BoundedSemaphoreLinearizabilityTest}).
 */
public final class BoundedSemaphore extends Semaphore {
    private final int bound;
    /** Makes "is there room below the bound?" and the release one step; never held across a wait. */
    private final ReentrantLock releasing = new ReentrantLock();

    /**
     * Creates a bounded semaphore with {@code permits} permits (asyncio:
     * {@code asyncio.BoundedSemaphore(value)}).
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public BoundedSemaphore(int permits) {
        super(permits);
        this.bound = permits;
    }

    /** The number of permits this semaphore started with, and never exceeds. */
    public int bound() {
        return bound;
    }

    /**
     * Gives a permit back, waking the longest waiter (asyncio: {@code sem.release()}).
     *
     * <p>Like asyncio's, the check is on the count, not on who releases: a release is refused when
     * the free permits already equal {@link #bound()}. Releases are serialised with each other, and
     * acquires only lower the count, so the check and the release act as one step.
     *
     * @throws IllegalStateException if the release would raise the free permits above {@link #bound()}
     *         (asyncio: {@code ValueError})
     */
    @Override
    public void release() {
        releasing.lock();
        try {
            if (availablePermits() >= bound) {
                throw new IllegalStateException(
                        "release() without a held permit: the semaphore would exceed its bound of " + bound);
            }
            super.release();
        } finally {
            releasing.unlock();
        }
    }
}
