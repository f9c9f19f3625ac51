package dev.weft;

import dev.weft.internal.Blocking;
import dev.weft.internal.Failures;
import dev.weft.internal.Idle;
import dev.weft.internal.TaskListeners;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Limits how many tasks may be inside a section at once: a counter of permits that {@link #acquire()}
 * takes (waiting while none is left) and {@link Permit#close()} or {@link #release()} gives back.
 *
 * <p>asyncio equivalent: {@code asyncio.Semaphore} ({@code async with sem:} is
 * {@code try (var p = sem.acquire())} or {@link #withPermit}); Trio: {@code trio.Semaphore}; Kotlin:
 * {@code kotlinx.coroutines.sync.Semaphore}. Use {@link BoundedSemaphore} when a release without a
 * matching acquire is a bug; to limit a rate rather than a number in flight, use {@link RateLimiter}.
 *
 * <pre>{@code
 * Semaphore connections = new Semaphore(10);
 * List<String> pages = gather(urls.stream()
 *         .map(url -> (Callable<String>) () -> connections.withPermit(() -> fetch(url)))
 *         .toList());                                   // at most 10 fetches at a time
 *
 * try (var permit = connections.acquire()) { fetch(url); }   // the same, by hand
 * }</pre>
 *
 * <p>Waiters are served first come, first served: while tasks are waiting, a newcomer (also one
 * calling {@link #tryAcquire()}) never takes a released permit ahead of them. Acquiring is
 * cancellable and honours enclosing timeouts. It is a cancellation point at entry and at wake-up: in
 * a cancelled task (outside {@code shield}) {@code acquire} and {@code withPermit} throw at once even
 * when a permit is free, and a permit handed to a waiter whose task is cancelled at that moment goes
 * on to the next waiter (asyncio's rule), so a cancel never loses or duplicates a permit.
 *
 * <p><b>Memory consistency effects.</b> As with {@link java.util.concurrent.Semaphore}: actions in a
 * thread before it releases a permit ({@link #release()}, closing a {@link Permit}, or leaving
 * {@link #withPermit}) happen-before actions after a successful acquire in another thread.
 *
 * <p><b>General exceptions.</b> A {@code null} body throws {@link NullPointerException} naming it, a
 * negative permit count {@link IllegalArgumentException} with the value. {@link #acquire()} and
 * {@code withPermit} throw {@link CancelledException} when the calling task is cancelled and
 * {@link TimedOutException} when its deadline passes, and then hold no permit. A checked exception of
 * a {@code withPermit} body arrives wrapped in {@link TaskFailedException}; unchecked ones as
 * themselves.

 * <p>Implementation notes. The permits live in a fair {@link java.util.concurrent.Semaphore} of the
 * JDK, which is already what this class needs: FIFO, virtual-thread friendly (it parks, it does not
 * pin), and it never loses a permit to a cancelled waiter. A release adds the permit to the count and
 * wakes the longest waiter, which takes it; a fair acquire by anyone else sees that waiter queued and
 * queues behind it, so the longest waiter gets the permit (a hand-off in effect, without barging). A
 * waiter interrupted at that moment has not taken the permit: it unlinks itself and wakes its
 * successor (AQS {@code cancelAcquire}), so the permit goes on to the next waiter. A waiter that takes
 * the permit and finds its task cancelled when it wakes releases it again before it throws, which
 * hands it to the next waiter in the same way. This class only adds Weft's semantics on top:
 * the cancellation checkpoint and conversion, the {@link Permit} for try-with-resources, and the
 * bound of {@link BoundedSemaphore}. Only {@link #tryAcquire()} avoids the JDK's {@code tryAcquire()},
 * which barges even on a fair semaphore.
 */
public sealed class Semaphore permits BoundedSemaphore {
    private final java.util.concurrent.Semaphore permits;

    /**
     * Creates a semaphore with {@code permits} permits (asyncio: {@code asyncio.Semaphore(value)}).
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public Semaphore(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must not be negative: " + permits);
        }
        this.permits = new java.util.concurrent.Semaphore(permits, true);
    }

    /** A {@link BoundedSemaphore} with {@code permits} permits: releasing more than it holds throws. */
    public static BoundedSemaphore bounded(int permits) {
        return new BoundedSemaphore(permits);
    }

    /**
     * Takes a permit, waiting in FIFO order while none is free (asyncio: {@code await sem.acquire()}).
     * Close the returned permit (try-with-resources) to give it back.
     *
     * <p>A cancellation point at entry and at wake-up: in a cancelled task it throws even when a
     * permit is free, and a permit that reaches it as its task is cancelled goes to the next waiter.
     *
     * @throws CancelledException if the task is or gets cancelled; no permit is taken then
     * @throws TimedOutException if an enclosing timeout passes; no permit is taken then
     */
    public Permit acquire() {
        Blocking.checkpoint();
        long waitStart = TaskListeners.waitStart(); // 0 unless a metrics listener is registered
        try {
            Idle.acquire(permits);
        } catch (InterruptedException e) {
            throw Blocking.interrupted(e);
        }
        try {
            Blocking.checkpoint(); // the wake-up is a cancellation point too: the permit goes on
        } catch (RuntimeException | Error e) {
            release(); // wakes the next waiter, also one waiting in Idle's line
            throw e;
        }
        TaskListeners.semaphoreAcquired(waitStart);
        return new Permit(this);
    }

    /**
     * Takes a permit if one is free and nobody is waiting for one, without blocking; returns whether it
     * did. Not a cancellation point. Give the permit back with {@link #release()}.
     */
    public boolean tryAcquire() {
        return !permits.hasQueuedThreads() && Idle.queued(permits) == 0 && permits.tryAcquire();
    }

    /**
     * Runs {@code body} holding a permit and returns its value (asyncio: {@code async with sem:}).
     * An unchecked exception from the body is rethrown as itself, a checked one wrapped in
     * {@link TaskFailedException}; the permit is released in every case.
     */
    public <T> T withPermit(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        try (Permit ignored = acquire()) {
            return body.call();
        } catch (Exception e) {
            throw Failures.fromBody("withPermit", e);
        }
    }

    /** The void form of {@link #withPermit(Callable)}. */
    public void withPermit(ThrowingRunnable body) {
        Objects.requireNonNull(body, "body");
        withPermit(() -> {
            body.run();
            return null;
        });
    }

    /**
     * Gives a permit back, waking the longest waiter (asyncio: {@code sem.release()}). Use it to pair
     * {@link #tryAcquire()}, or instead of closing a {@link Permit} (not both).
     */
    public void release() {
        permits.release();
        Idle.released(permits);
    }

    /** The number of free permits (asyncio: {@code sem._value}); for monitoring, it may change at once. */
    public int availablePermits() {
        return permits.availablePermits();
    }

    /** Whether no permit can be taken right now (asyncio: {@code sem.locked()}). */
    public boolean locked() {
        return permits.availablePermits() == 0 || permits.hasQueuedThreads() || Idle.queued(permits) > 0;
    }

    /** About how many tasks are waiting in {@link #acquire()}; for monitoring and tests. */
    public int queueLength() {
        return permits.getQueueLength() + Idle.queued(permits);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[permits=" + availablePermits() + ", waiting=" + queueLength() + "]";
    }

    /**
     * One permit taken from a {@link Semaphore}; closing it gives the permit back, once (a second
     * {@code close()} does nothing).
     *
     * <p>asyncio equivalent: the {@code async with sem:} block; Kotlin: {@code withPermit}.
     *
     * <pre>{@code
     * try (Semaphore.Permit p = semaphore.acquire()) {
     *     upload(file);
     * }                                         // released here, also on failure or cancel
     * }</pre>
     */
    public static final class Permit implements AutoCloseable {
        private final Semaphore semaphore;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(Semaphore semaphore) {
            this.semaphore = semaphore;
        }

        /** Whether this permit has been given back. */
        public boolean isReleased() {
            return released.get();
        }

        /** Gives the permit back to its semaphore; does nothing if it already was. */
        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                semaphore.release();
            }
        }

        @Override
        public String toString() {
            return "Permit[" + (isReleased() ? "released" : "held") + " of " + semaphore + "]";
        }
    }
}
