package dev.weft;

import dev.weft.internal.Blocking;
import dev.weft.internal.Idle;
import dev.weft.internal.Deadlines;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * <p>Waiting is cancellable and honours enclosing timeouts. It is a cancellation point at entry and
 * at wake-up: in a cancelled task (outside {@code shield}) {@code waitUntilSet} throws at once even
 * when the flag is set, and a waiter whose task is cancelled as the flag is set throws (there is
 * nothing to give back: the flag stays set for the others). As in asyncio, a waiter woken by
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
 * <p><b>Memory consistency effects.</b> Actions in a thread before {@link #set()} happen-before actions
 * after a {@link #waitUntilSet()} that returns because of it, and after an {@link #isSet()} that
 * returns {@code true} because of it.
 *
 * <p><b>General exceptions.</b> A {@code null} timeout throws {@link NullPointerException} naming it, a
 * negative one {@link IllegalArgumentException} with the value.
 * The waits throw {@link CancelledException} when the calling task is cancelled and
 * {@link TimedOutException} when an enclosing deadline passes; {@code waitUntilSet(timeout)} returns
 * {@code false} on its own timeout instead.

 * <p>Implementation notes. Each stretch of time during which the flag is clear is a
 * {@code Generation}: waiters register their thread in the current one and park until it opens.
 * {@code set()} opens the generation and unparks every registered waiter directly (so a hundred
 * thousand waiters wake in parallel, instead of re-taking one lock in turn, as with
 * {@code Condition.signalAll}), and {@code clear()} starts a new generation. A waiter registers
 * before it checks {@code opened} and {@code set()} opens before it drains the registrations (all
 * volatile), so no waiter sleeps through the opening of its generation; and a {@code set(); clear();}
 * pair releases everyone already waiting. {@code lock} only orders set and clear; nobody waits on it.
 * The timed wait is a Weft timeout around the plain wait, so it follows Weft's clock (virtual time
 * included).
 */
public final class Event {
    /** One stretch of "clear": its waiters, released together when it opens. */
    private static final class Generation {
        volatile boolean opened;
        final ConcurrentLinkedQueue<Thread> waiters = new ConcurrentLinkedQueue<>();
    }

    private final ReentrantLock lock = new ReentrantLock();
    private volatile Generation current = new Generation();
    private volatile boolean set;

    /** Creates an event that is not set. */
    public Event() {
    }

    /** Sets the flag and wakes every waiting task (asyncio: {@code event.set()}); does nothing if set. */
    public void set() {
        Generation opened;
        lock.lock();
        try {
            if (set) {
                return;
            }
            set = true;
            opened = current;
            opened.opened = true;
        } finally {
            lock.unlock();
        }
        for (Thread t; (t = opened.waiters.poll()) != null; ) {
            Idle.unpark(t);
        }
    }

    /** Clears the flag (asyncio: {@code event.clear()}): later waiters block until the next {@link #set()}. */
    public void clear() {
        lock.lock();
        try {
            if (set) {
                set = false;
                current = new Generation();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the flag is set (asyncio: {@code event.is_set()}). */
    public boolean isSet() {
        return set;
    }

    /**
     * Blocks until the flag is set; returns at once if it is (asyncio: {@code await event.wait()}).
     * Cancellable, and honours enclosing timeouts.
     */
    public void waitUntilSet() {
        Blocking.checkpoint();
        Generation g = current;
        if (g.opened) {
            return;
        }
        Thread me = Thread.currentThread();
        g.waiters.add(me);
        while (!g.opened) {
            Idle.park(this);
            if (Thread.interrupted()) {
                g.waiters.remove(me);
                throw Blocking.interrupted(new InterruptedException()); // also if it opened meanwhile: the cancel wins
            }
        }
        Blocking.checkpoint(); // the wake-up is a cancellation point too
    }

    /**
     * Like {@link #waitUntilSet()}, giving up after {@code timeout}: returns whether the flag was set
     * (asyncio: {@code await asyncio.wait_for(event.wait(), t)}, without the exception).
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean waitUntilSet(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        if (set) {
            Blocking.checkpoint();
            return true;
        }
        return Deadlines.orNull(timeout, () -> {
            waitUntilSet();
            return Boolean.TRUE;
        }) != null;
    }

    @Override
    public String toString() {
        return "Event[" + (set ? "set" : "clear") + "]";
    }
}
