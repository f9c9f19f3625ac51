package dev.weft;

import dev.weft.internal.Blocking;
import dev.weft.internal.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A flag that tasks can wait for: {@link #set()} wakes every task blocked in {@link #waitUntilSet()},
 * and later waiters pass at once until {@link #clear()}.
 *
 * <p>asyncio equivalent: {@code asyncio.Event} ({@code await event.wait()} is
 * {@code event.waitUntilSet()}); Trio: {@code trio.Event}; Kotlin: a {@code CompletableDeferred<Unit>}.
 * For a one-shot count of arrivals use the JDK's {@link java.util.concurrent.CountDownLatch}.
 *
 * <pre>{@code
 * Event ready = new Event();
 * spawn(() -> { ready.waitUntilSet(); return serve(); });
 * loadConfig();
 * ready.set();                              // the server task starts serving now
 * }</pre>
 *
 * <p>Waiting is cancellable and honours enclosing timeouts. As in asyncio, a waiter woken by
 * {@code set()} returns even if {@code clear()} follows at once.
 *
 * <p>Locks, conditions and barriers: Weft wraps nothing there, because the JDK's types already block
 * well on virtual threads (they park instead of pinning the carrier): asyncio's {@code Lock} is
 * {@link java.util.concurrent.locks.ReentrantLock}, {@code Condition} is
 * {@link java.util.concurrent.locks.Condition} (from {@code lock.newCondition()}), {@code Barrier} is
 * {@link java.util.concurrent.CyclicBarrier} or {@link java.util.concurrent.Phaser}. Their waits are
 * interrupted by a Weft cancel and throw {@link InterruptedException}; they are not level-triggered
 * checkpoints, so call {@link Weft#checkCancelled()} where that matters.
 *
 * <p>Implementation notes. {@code generation} counts the times the flag went from clear to set; a
 * waiter leaves when the flag is set or the generation has moved since it started waiting, which is
 * what lets a {@code set(); clear();} pair release everyone already waiting. Both fields are written
 * under {@code lock}; {@code set} is volatile so that {@link #isSet()} need not take it.
 */
public final class Event {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile boolean set;
    private long generation;

    /** Creates an event that is not set. */
    public Event() {
    }

    /** Sets the flag and wakes every waiting task (asyncio: {@code event.set()}); does nothing if set. */
    public void set() {
        lock.lock();
        try {
            if (!set) {
                set = true;
                generation++;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Clears the flag, so that later waiters block until the next {@link #set()} (asyncio: {@code event.clear()}). */
    public void clear() {
        lock.lock();
        try {
            set = false;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the flag is set (asyncio: {@code event.is_set()}). */
    public boolean isSet() {
        return set;
    }

    /**
     * Blocks until the flag is set; returns at once if it already is (asyncio: {@code await event.wait()}).
     *
     * @throws CancelledException if the task is or gets cancelled
     * @throws TimedOutException if an enclosing timeout passes
     */
    public void waitUntilSet() {
        Blocking.checkpoint();
        try {
            lock.lock();
            try {
                long started = generation;
                while (!set && generation == started) {
                    changed.await();
                }
            } finally {
                lock.unlock();
            }
        } catch (InterruptedException e) {
            throw Blocking.interrupted(e);
        }
    }

    /**
     * Blocks until the flag is set or {@code timeout} has passed; returns whether it was set (asyncio:
     * {@code await asyncio.wait_for(event.wait(), t)}, with {@code false} instead of
     * {@code TimeoutError}). A zero timeout only checks. The deadline is read from Weft's clock and the
     * wait is a {@link Condition#awaitNanos}, which counts real time.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws CancelledException if the task is or gets cancelled
     * @throws TimedOutException if an enclosing timeout passes first
     */
    public boolean waitUntilSet(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        Blocking.checkpoint();
        Clock clock = Blocking.clock();
        long nanos = timeout.compareTo(Duration.ofDays(365 * 100)) >= 0 ? Long.MAX_VALUE / 4 : timeout.toNanos();
        long deadline = clock.nanoTime() + nanos;
        try {
            lock.lock();
            try {
                long started = generation;
                while (!set && generation == started) {
                    long remaining = deadline - clock.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    changed.awaitNanos(remaining);
                }
                return true;
            } finally {
                lock.unlock();
            }
        } catch (InterruptedException e) {
            throw Blocking.interrupted(e);
        }
    }

    @Override
    public String toString() {
        return "Event[" + (set ? "set" : "clear") + "]";
    }
}
