package dev.weft;

import dev.weft.internal.Blocking;
import dev.weft.internal.Clock;
import dev.weft.internal.Failures;
import dev.weft.internal.Idle;
import dev.weft.internal.ResilienceEvents;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hedged requests: runs a body and, if it has not succeeded after a delay, starts another attempt
 * beside it (up to {@code maxAttempts}); the first success wins, and the other attempts are cancelled
 * and awaited before {@link #call} returns. Cuts the tail latency of idempotent calls ("The Tail at
 * Scale", Dean and Barroso) at the price of a few extra requests.
 *
 * <p>Peers: gRPC's {@code hedgingPolicy} (its rule that a failed attempt starts the next one at once,
 * without waiting for the delay, is followed here); Finagle's backup requests, whose delay is a
 * latency percentile the client observes ({@link #percentile}); Resilience4j has an open request for
 * it, and asyncio, Kotlin and jox have none built in (the usual hand-made version is a race with
 * staggered starts, Trio's "happy eyeballs" pattern).
 *
 * <pre>{@code
 * Hedge hedge = Hedge.percentile(95, 1000, Duration.ofMillis(10), 2);   // hedge after the observed p95
 * String page = hedge.call(() -> fetch(url));
 * }</pre>
 *
 * <p>Structure and time. The attempts are children of a group of the call's own, so nothing outlives
 * {@code call}; the delays go through Weft's clock, so virtual time drives them; an enclosing deadline
 * or a cancel of the caller ends every attempt (no attempt starts after it). If every attempt fails,
 * the first failure is thrown with the others suppressed.
 *
 * <p>Implementation notes. {@link #percentile} keeps the latencies of the last {@code window}
 * successful calls (the winning attempt's, from its own start) in a ring under {@code lock}; the
 * delay is recomputed from a sorted copy every {@code window / 8 + 1} new samples and read without
 * the lock the rest of the time (and once as soon as enough samples are in). Until ten samples are in (or the whole window, if it is smaller) the
 * floor is the delay. The latencies of cancelled losers are not known, so they are not recorded.
 */
public final class Hedge {
    private static final int MIN_SAMPLES = 10;

    private final int maxAttempts;
    private final long floorNanos;
    /** The percentile in (0, 100], or {@code 0} for a fixed delay. */
    private final double percentile;
    private final ReentrantLock lock = new ReentrantLock();
    /** The last {@code samples.length} latencies, a ring; guarded by {@code lock}. */
    private final long[] samples;
    private int count;
    private int next;
    private int sinceRecompute;
    /** The delay has been computed from samples at least once. */
    private boolean warmed;
    private volatile long delayNanos;

    private Hedge(Duration floor, double percentile, int window, int maxAttempts) {
        ResilienceEvents.load();
        this.floorNanos = floor.toNanos();
        this.percentile = percentile;
        this.samples = new long[window];
        this.maxAttempts = maxAttempts;
        this.delayNanos = floorNanos;
    }

    /**
     * Hedges after a fixed {@code delay}: a new attempt every {@code delay} while none has succeeded,
     * at most {@code maxAttempts} in all ({@code 1}: no hedging).
     *
     * @throws IllegalArgumentException if {@code delay} is negative or {@code maxAttempts} is not positive
     */
    public static Hedge fixed(Duration delay, int maxAttempts) {
        checkDelay(delay, "delay");
        checkAttempts(maxAttempts);
        return new Hedge(delay, 0, 1, maxAttempts);
    }

    /**
     * Hedges after the {@code percentile}-th percentile of the latencies of the last {@code window}
     * successful calls, and never sooner than {@code floor} (which is also the delay until ten
     * latencies have been seen). {@code percentile(95, 1000, 10 ms, 2)}: a second attempt for about the
     * slowest 5 % of calls.
     *
     * @throws IllegalArgumentException if {@code percentile} is not in (0, 100], {@code window} is not
     *         positive, {@code floor} is negative or {@code maxAttempts} is not positive
     */
    public static Hedge percentile(double percentile, int window, Duration floor, int maxAttempts) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + percentile);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        checkDelay(floor, "floor");
        checkAttempts(maxAttempts);
        return new Hedge(floor, percentile, window, maxAttempts);
    }

    /** The delay after which the next call would start a second attempt. */
    public Duration currentDelay() {
        return Duration.ofNanos(delayNanos);
    }

    /** The most attempts one call makes, the first one included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Runs {@code body}, hedging it as described on the class, and returns the first successful value.
     * An unchecked failure is rethrown as itself, a checked one wrapped in {@link TaskFailedException}.
     *
     * @throws CancelledException if the caller is cancelled; every attempt has ended by then
     * @throws TimedOutException if an enclosing deadline passes; every attempt has ended by then
     */
    public <T> T call(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        Clock clock = Blocking.clock();
        long delay = delayNanos;
        Outcome<Timed<T>> decided = TaskGroup.supervise(g -> {
            LinkedBlockingQueue<Task<Timed<T>>> finished = new LinkedBlockingQueue<>();
            long begun = clock.nanoTime();
            start(g, body, clock, finished);
            int started = 1;
            int ended = 0;
            long nextAt = begun + delay;
            Throwable first = null;
            while (true) {
                Task<Timed<T>> t;
                if (started < maxAttempts) {
                    t = Attempts.takeWithin(finished, nextAt - clock.nanoTime());
                    if (t == null) {
                        started++;
                        ResilienceEvents.hedgeStarted(started, clock.nanoTime() - begun);
                        start(g, body, clock, finished);
                        nextAt = clock.nanoTime() + delay;
                        continue;
                    }
                } else {
                    t = Attempts.take(finished);
                }
                ended++;
                if (t.state() == Future.State.SUCCESS) {
                    g.cancel();
                    return Outcome.success(t.result());
                }
                if (t.isCancelled()) {
                    Blocking.checkpoint();
                }
                if (first == null) {
                    first = t.exception();
                } else {
                    Attempts.suppress(first, t.exception());
                }
                if (started < maxAttempts) { // a failure starts the next attempt at once (gRPC's rule)
                    started++;
                    ResilienceEvents.hedgeStarted(started, clock.nanoTime() - begun);
                    start(g, body, clock, finished);
                    nextAt = clock.nanoTime() + delay;
                } else if (ended == started) {
                    return Outcome.failure(first);
                }
            }
        });
        return switch (decided) {
            case Outcome.Success<Timed<T>> s -> {
                record(s.value().nanos());
                yield s.value().value();
            }
            case Outcome.Failure<Timed<T>> f -> throw Failures.unchecked(f.error());
        };
    }

    private static <T> void start(TaskGroup g, Callable<T> body, Clock clock,
            LinkedBlockingQueue<Task<Timed<T>>> finished) {
        Task<Timed<T>> t = g.spawn(() -> {
            long s = clock.nanoTime();
            T v = body.call();
            return new Timed<>(v, clock.nanoTime() - s);
        });
        t.onDone(done -> Idle.offer(finished, done));
    }

    /** A value and how long the attempt that made it took. */
    private record Timed<T>(T value, long nanos) {
    }

    /** Adds a successful call's latency to the window (does nothing for a fixed delay). */
    private void record(long nanos) {
        if (percentile == 0) {
            return;
        }
        lock.lock();
        try {
            samples[next] = nanos;
            next = (next + 1) % samples.length;
            count = Math.min(count + 1, samples.length);
            if (count < Math.min(MIN_SAMPLES, samples.length)) {
                return; // too few samples yet: the floor stays the delay
            }
            if (warmed && ++sinceRecompute < samples.length / 8 + 1) {
                return;
            }
            warmed = true;
            sinceRecompute = 0;
            long[] sorted = Arrays.copyOf(samples, count);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(percentile / 100 * count); // nearest rank, 1-based
            delayNanos = Math.max(floorNanos, sorted[Math.max(0, rank - 1)]);
        } finally {
            lock.unlock();
        }
    }

    private static void checkDelay(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }

    private static void checkAttempts(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
    }

    @Override
    public String toString() {
        return "Hedge[" + (percentile == 0 ? "fixed " : "p" + percentile + " of " + samples.length + ", now ")
                + currentDelay() + ", " + maxAttempts + " attempts]";
    }
}
