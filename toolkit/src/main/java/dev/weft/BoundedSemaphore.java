package dev.weft;

import java.util.concurrent.atomic.AtomicInteger;

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
 * <p>Implementation notes. {@code held} counts the permits taken and not yet given back: it rises
 * after the underlying semaphore hands out a permit and falls, by compare-and-set that refuses to go
 * below zero, before the permit goes back. So at every moment free permits plus {@code held} is at
 * most the initial count, and a release is refused exactly when nothing is held. A release must
 * happen after the acquire it pairs with (as in any correct program); one racing it may be refused.
 */
public final class BoundedSemaphore extends Semaphore {
    private final int bound;
    private final AtomicInteger held = new AtomicInteger();

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

    @Override
    void acquired() {
        held.incrementAndGet();
    }

    /**
     * Gives a permit back, waking the longest waiter (asyncio: {@code sem.release()}).
     *
     * @throws IllegalStateException if no permit is held, that is, the release would raise the free
     *         permits above {@link #bound()} (asyncio: {@code ValueError})
     */
    @Override
    public void release() {
        int h;
        do {
            h = held.get();
            if (h == 0) {
                throw new IllegalStateException(
                        "release() without a held permit: the semaphore would exceed its bound of " + bound);
            }
        } while (!held.compareAndSet(h, h - 1));
        super.release();
    }
}
