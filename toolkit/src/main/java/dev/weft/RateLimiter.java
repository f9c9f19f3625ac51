package dev.weft;

import dev.weft.internal.Blocking;
import dev.weft.internal.Idle;
import dev.weft.internal.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets operations through at a sustained rate of {@code permits} per {@code period}, in bursts of at
 * most {@code burst}: a token bucket whose {@link #acquire()} waits for the next token.
 *
 * <p>asyncio has none built in; the usual one is {@code aiolimiter.AsyncLimiter(max_rate,
 * time_period)}, which {@link #of(int, Duration)} matches (the bucket holds {@code permits} tokens and
 * starts full). Guava: {@code RateLimiter}. To limit how many operations run at once rather than how
 * often they start, use {@link Semaphore}; the two combine, rate first so that no task holds a
 * permit while it waits for its turn:
 *
 * <pre>{@code
 * RateLimiter perSecond = RateLimiter.of(20, Duration.ofSeconds(1));  // at most 20 starts a second
 * Semaphore inFlight = new Semaphore(5);                             // at most 5 at a time
 * List<String> pages = gather(urls.stream().map(url -> (Callable<String>) () -> {
 *     perSecond.acquire();
 *     return inFlight.withPermit(() -> fetch(url));
 * }).toList());
 * }</pre>
 *
 * <p>Guarantee: over any stretch of time {@code t}, at most {@code burst + permits * t / period}
 * acquisitions succeed, and a steady stream of them is let through every {@code period / permits}.
 * {@code of(n, period, 1)} spaces every operation evenly (at most n in any period). Waiters are served
 * first come, first served, and {@link #tryAcquire()} never takes a token ahead of a waiter. Waiting
 * is cancellable and honours enclosing timeouts. {@code acquire} is a cancellation point at entry and
 * at wake-up: in a cancelled task (outside {@code shield}) it throws at once even when a token is due,
 * and a waiter whose task is cancelled as its turn comes takes no token and passes the turn on, so
 * nothing is lost. Time is the clock of the task that calls (the one {@link Weft#sleep} uses), read at
 * each call: a limiter built outside a virtual-time run (a service made in a test's setup) follows the
 * run's virtual clock when used inside it. When the limiter is first used on a clock other than the
 * one it last used, its bucket starts full again on that clock.
 *
 * <p>Implementation notes. The bucket is kept as a "theoretical arrival time" {@code tat} (GCRA): a
 * token is available at {@code now} when {@code max(tat, now) - now <= (burst - 1) * interval}, and
 * taking it adds one {@code interval = ceil(period / permits)} to {@code max(tat, now)} (rounding up
 * errs on the slow side). Tokens are only taken by the task that returns with them, never reserved
 * ahead, so a cancelled waiter has nothing to give back. Waiters queue in {@code waiters}; only the
 * head checks the bucket and sleeps on the clock until its token is due, the others wait on their own
 * condition until they become the head. All state is guarded by {@code lock}; nobody sleeps holding it.
 * {@code tat} is measured on {@code clock}, which {@code take} switches (refilling the bucket) when
 * the caller's clock differs.
 */
public final class RateLimiter {
    /** Longer periods than this (about 73 years) are treated as this long. */
    private static final long MAX_NANOS = Long.MAX_VALUE / 4;

    private final int permits;
    private final Duration period;
    private final int burst;
    private final long interval;
    private final long tolerance;
    /** The clock {@code tat} is measured on: the clock of the run the limiter was last used in. */
    private Clock clock;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Condition> waiters = new ArrayDeque<>();
    private long tat;

    private RateLimiter(int permits, Duration period, int burst) {
        this.permits = permits;
        this.period = period;
        this.burst = burst;
        long periodNanos = period.compareTo(Duration.ofNanos(MAX_NANOS)) >= 0 ? MAX_NANOS : period.toNanos();
        this.interval = Math.max(1, (periodNanos + permits - 1) / permits);
        this.tolerance = burst - 1 > MAX_NANOS / interval ? MAX_NANOS : (burst - 1) * interval;
        this.clock = Blocking.clock();
        this.tat = clock.nanoTime();
    }

    /**
     * A limiter of {@code permits} operations per {@code period}, letting up to {@code permits} through
     * at once (aiolimiter: {@code AsyncLimiter(permits, period)}).
     *
     * @throws IllegalArgumentException if {@code permits} is not positive or {@code period} is not
     *         positive
     */
    public static RateLimiter of(int permits, Duration period) {
        return of(permits, period, permits);
    }

    /**
     * A limiter of {@code permits} operations per {@code period}, letting up to {@code burst} through at
     * once after a quiet spell ({@code burst = 1} spaces them evenly).
     *
     * @throws IllegalArgumentException if {@code permits}, {@code period} or {@code burst} is not positive
     */
    public static RateLimiter of(int permits, Duration period, int burst) {
        Objects.requireNonNull(period, "period");
        if (permits <= 0) {
            throw new IllegalArgumentException("permits must be positive: " + permits);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        if (burst <= 0) {
            throw new IllegalArgumentException("burst must be positive: " + burst);
        }
        return new RateLimiter(permits, period, burst);
    }

    /**
     * Takes a token, waiting in FIFO order until one is due.
     *
     * @throws CancelledException if the task is or gets cancelled; no token is taken then
     * @throws TimedOutException if an enclosing timeout passes; no token is taken then
     */
    public void acquire() {
        Blocking.checkpoint();
        Condition turn;
        lock.lock();
        try {
            if (waiters.isEmpty() && take() == 0) {
                return;
            }
            turn = lock.newCondition();
            waiters.addLast(turn);
        } finally {
            lock.unlock();
        }
        try {
            while (true) {
                long wait;
                Clock sleepOn;
                lock.lock();
                try {
                    while (waiters.peekFirst() != turn) {
                        Idle.await(turn);
                    }
                    Blocking.checkpoint(); // the wake-up is a cancellation point: no token taken, the turn goes on
                    wait = take();
                    if (wait == 0) {
                        return;
                    }
                    sleepOn = clock;
                } finally {
                    lock.unlock();
                }
                sleepOn.sleep(wait);
            }
        } catch (InterruptedException e) {
            throw Blocking.interrupted(e);
        } finally {
            leave(turn);
        }
    }

    /** Takes a token if one is due and nobody is waiting for one, without blocking; returns whether it did. */
    public boolean tryAcquire() {
        lock.lock();
        try {
            return waiters.isEmpty() && take() == 0;
        } finally {
            lock.unlock();
        }
    }

    /** About how many tasks are waiting in {@link #acquire()}; for monitoring and tests. */
    public int queueLength() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    /** Takes a token and returns 0 if one is due now; otherwise returns the nanoseconds until it is. */
    private long take() {
        Clock c = Blocking.clock(); // the caller's: a limiter built outside a virtual-time run follows the run's clock
        if (c != clock) {
            clock = c;
            tat = c.nanoTime(); // a full bucket on a clock the limiter has not used yet
        }
        long now = clock.nanoTime();
        long start = tat - now > 0 ? tat : now;
        long wait = start - now - tolerance;
        if (wait > 0) {
            return wait;
        }
        tat = start + interval;
        return 0;
    }

    /** Removes a waiter that got its token or gave up, and lets the next one check the bucket. */
    private void leave(Condition turn) {
        lock.lock();
        try {
            boolean wasHead = waiters.peekFirst() == turn; // always so when the token was taken
            if (wasHead) {
                waiters.pollFirst();
            } else {
                waiters.remove(turn);
            }
            Condition next = waiters.peekFirst();
            if (wasHead && next != null) {
                Idle.signal(next);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "RateLimiter[" + permits + " per " + period + ", burst " + burst + ", waiting=" + queueLength() + "]";
    }
}
