package dev.weft;

import dev.weft.internal.Blocking;
import dev.weft.internal.Clock;
import dev.weft.internal.Failures;
import dev.weft.internal.ResilienceEvents;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops calling a service that keeps failing: while CLOSED, calls run and their outcomes are counted;
 * when too many fail the breaker turns OPEN and refuses calls at once with a
 * {@link CircuitOpenException}; after {@code openFor} it turns HALF_OPEN and lets a few probe calls
 * through, closing again if they all succeed and opening again if one fails.
 *
 * <p>Peers: Resilience4j's {@code CircuitBreaker} (failure-rate rule over a count- or time-based
 * sliding window, half-open permits), Failsafe's {@code CircuitBreaker} (consecutive failures), Python's
 * {@code pybreaker}, Polly's {@code CircuitBreaker}; asyncio and Kotlin have none built in. Here the
 * time (the sliding window, {@code openFor}) is Weft's clock as it was when the breaker was built, so
 * virtual time drives it, and a cancelled call (the caller's cancel or deadline) counts for nothing.
 *
 * <pre>{@code
 * CircuitBreaker breaker = CircuitBreaker.builder("inventory")
 *         .failureRate(50, 10)                       // open when half of >= 10 calls failed ...
 *         .countWindow(20)                           // ... among the last 20
 *         .openFor(Duration.ofSeconds(30))
 *         .onStateChange((b, from, to) -> log.info("{}: {} -> {}", b.name(), from, to))
 *         .build();
 * Stock s = breaker.call(() -> inventory.stock(sku));
 * }</pre>
 *
 * <p>Rules. With {@link Builder#failureRate} the breaker opens when at least {@code minimumCalls}
 * calls are in the window and at least {@code percent} of them failed; with
 * {@link Builder#consecutiveFailures} it opens after that many failures in a row; with both, whichever
 * comes first. Which exceptions are failures: {@link Builder#recordFailure} (every exception by
 * default); an exception it rejects counts neither way. Half-open: {@code halfOpenProbes} calls may
 * be in flight or have succeeded; the next ones are refused until the probes decide. An outcome of a
 * call that began in an earlier state (say, a slow call that started while CLOSED and ends while OPEN)
 * is not counted.
 *
 * <p>Thread-safe: the state is guarded by a {@link ReentrantLock} that is never held while a body
 * runs or a listener is called. Listeners run on the thread whose call caused the change, after the
 * change; an exception a listener throws is logged and does not reach the caller.
 */
public final class CircuitBreaker {
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    /** The breaker's states. */
    public enum State {
        /** Calls run and are counted. */
        CLOSED,
        /** Calls are refused at once with {@link CircuitOpenException}. */
        OPEN,
        /** A few probe calls run; their outcome decides between CLOSED and OPEN. */
        HALF_OPEN
    }

    /** Told about every change of state (Resilience4j: {@code onStateTransition}). */
    @FunctionalInterface
    public interface Listener {
        /** The breaker went from {@code from} to {@code to}. */
        void onStateChange(CircuitBreaker breaker, State from, State to);
    }

    private final String name;
    private final double failurePercent;
    private final int minimumCalls;
    private final int consecutiveLimit;
    private final long openNanos;
    private final int halfOpenProbes;
    private final Predicate<? super Throwable> recordFailure;
    private final List<Listener> listeners;
    private final Clock clock;

    private final ReentrantLock lock = new ReentrantLock();
    // all guarded by lock
    private final Window window;
    private State state = State.CLOSED;
    /** Bumped at every change of state, so that an outcome from an earlier state is not counted. */
    private long generation;
    private long openedAt;
    private int consecutive;
    private int probesInFlight;
    private int probeSuccesses;

    private CircuitBreaker(Builder b) {
        ResilienceEvents.load();
        this.name = b.name;
        this.failurePercent = b.failurePercent;
        this.minimumCalls = b.minimumCalls;
        this.consecutiveLimit = b.consecutiveFailures;
        this.openNanos = b.openFor.toNanos();
        this.halfOpenProbes = b.halfOpenProbes;
        this.recordFailure = b.recordFailure;
        this.listeners = new CopyOnWriteArrayList<>(b.listeners);
        this.clock = Blocking.clock();
        this.window = b.windowDuration != null ? new TimeWindow(b.windowDuration.toNanos()) : new CountWindow(b.windowCalls);
    }

    /**
     * A builder for a breaker called {@code name} (for messages, listeners and JFR events). Defaults:
     * open at a 50 % failure rate once 10 calls are in a window of the last 20 calls, stay open 30 s,
     * one probe.
     */
    public static Builder builder(String name) {
        return new Builder(Objects.requireNonNull(name, "name"));
    }

    /** The breaker's name. */
    public String name() {
        return name;
    }

    /** The current state (an OPEN breaker whose {@code openFor} has passed turns HALF_OPEN at its next call). */
    public State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code body} if the breaker lets it, counts its outcome, and returns its value or rethrows
     * its failure (unchecked as itself, checked wrapped in {@link TaskFailedException}).
     *
     * @throws CircuitOpenException at once, without running the body, while the breaker is open
     */
    public <T> T call(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        Blocking.checkpoint();
        long permit = acquire();
        T v;
        try {
            v = body.call();
        } catch (InterruptedException e) {
            finish(permit, Verdict.IGNORED);
            throw Blocking.interrupted(e);
        } catch (Throwable e) {
            Verdict verdict = Attempts.isNews(e) || !recordFailure.test(e) ? Verdict.IGNORED : Verdict.FAILURE;
            finish(permit, verdict);
            throw Failures.unchecked(e);
        }
        finish(permit, Verdict.SUCCESS);
        return v;
    }

    /** The void form of {@link #call(Callable)}. */
    public void call(ThrowingRunnable body) {
        Objects.requireNonNull(body, "body");
        call(() -> {
            body.run();
            return null;
        });
    }

    private enum Verdict { SUCCESS, FAILURE, IGNORED }

    /** Lets a call in, returning the generation it runs in; throws when the breaker refuses it. */
    private long acquire() {
        State from = null;
        long permit;
        lock.lock();
        try {
            if (state == State.OPEN) {
                long left = openedAt + openNanos - clock.nanoTime();
                if (left > 0) {
                    throw new CircuitOpenException(name, state, Duration.ofNanos(left));
                }
                from = moveTo(State.HALF_OPEN);
            }
            if (state == State.HALF_OPEN) {
                if (probesInFlight + probeSuccesses >= halfOpenProbes) {
                    throw new CircuitOpenException(name, state, Duration.ZERO);
                }
                probesInFlight++;
            }
            permit = generation;
        } finally {
            lock.unlock();
            // a refused call may have caused OPEN -> HALF_OPEN too: report it on every path
            if (from != null) {
                announce(from, State.HALF_OPEN);
            }
        }
        return permit;
    }

    /** Counts the outcome of a call let in at {@code permit}. */
    private void finish(long permit, Verdict verdict) {
        State from;
        State to;
        lock.lock();
        try {
            if (permit != generation) {
                return;
            }
            from = state;
            if (state == State.HALF_OPEN) {
                probesInFlight--;
                if (verdict == Verdict.FAILURE) {
                    moveTo(State.OPEN);
                } else if (verdict == Verdict.SUCCESS && ++probeSuccesses >= halfOpenProbes) {
                    moveTo(State.CLOSED);
                }
            } else if (state == State.CLOSED && verdict != Verdict.IGNORED) {
                boolean failed = verdict == Verdict.FAILURE;
                consecutive = failed ? consecutive + 1 : 0;
                window.add(clock.nanoTime(), failed);
                if (trips()) { // also after a success: it may complete the minimum number of calls
                    moveTo(State.OPEN);
                }
            }
            to = state;
        } finally {
            lock.unlock();
        }
        if (from != to) {
            announce(from, to);
        }
    }

    private boolean trips() {
        if (consecutiveLimit > 0 && consecutive >= consecutiveLimit) {
            return true;
        }
        if (failurePercent > 0) {
            long now = clock.nanoTime();
            int calls = window.calls(now);
            return calls >= minimumCalls && window.failures(now) * 100.0 >= failurePercent * calls;
        }
        return false;
    }

    /** Changes the state under the lock, resetting what the new state counts; returns the old one. */
    private State moveTo(State to) {
        State from = state;
        state = to;
        generation++;
        probesInFlight = 0;
        probeSuccesses = 0;
        if (to == State.OPEN) {
            openedAt = clock.nanoTime();
        }
        if (to == State.CLOSED) {
            consecutive = 0;
            window.clear();
        }
        return from;
    }

    private void announce(State from, State to) {
        ResilienceEvents.circuitStateChanged(name, from.name(), to.name());
        for (Listener l : listeners) {
            try {
                l.onStateChange(this, from, to);
            } catch (RuntimeException e) {
                LOG.warn("a state listener of circuit breaker {} failed on {} -> {}", name, from, to, e);
            }
        }
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + name + ", " + state() + "]";
    }

    /** The outcomes a breaker counts while CLOSED. Guarded by the breaker's lock. */
    private interface Window {
        void add(long now, boolean failed);

        int calls(long now);

        int failures(long now);

        void clear();
    }

    /** The last {@code size} outcomes, in a ring. */
    private static final class CountWindow implements Window {
        private final boolean[] failed;
        private int next;
        private int calls;
        private int failures;

        CountWindow(int size) {
            failed = new boolean[size];
        }

        @Override
        public void add(long now, boolean f) {
            if (calls == failed.length && failed[next]) {
                failures--;
            }
            failed[next] = f;
            if (f) {
                failures++;
            }
            next = (next + 1) % failed.length;
            calls = Math.min(calls + 1, failed.length);
        }

        @Override
        public int calls(long now) {
            return calls;
        }

        @Override
        public int failures(long now) {
            return failures;
        }

        @Override
        public void clear() {
            java.util.Arrays.fill(failed, false);
            next = 0;
            calls = 0;
            failures = 0;
        }
    }

    /**
     * The outcomes of the last {@code span} nanoseconds, in {@value #BUCKETS} buckets of
     * {@code span / BUCKETS} each: an outcome leaves the window between {@code span - span / BUCKETS}
     * and {@code span} after it was added (Resilience4j's time-based window, with coarser buckets).
     */
    private static final class TimeWindow implements Window {
        private static final int BUCKETS = 10;
        private final long width;
        private final long[] epoch = new long[BUCKETS];
        private final int[] calls = new int[BUCKETS];
        private final int[] failures = new int[BUCKETS];

        TimeWindow(long span) {
            width = Math.max(1, span / BUCKETS);
            java.util.Arrays.fill(epoch, Long.MIN_VALUE);
        }

        @Override
        public void add(long now, boolean f) {
            long e = Math.floorDiv(now, width);
            int i = (int) Math.floorMod(e, (long) BUCKETS);
            if (epoch[i] != e) {
                epoch[i] = e;
                calls[i] = 0;
                failures[i] = 0;
            }
            calls[i]++;
            if (f) {
                failures[i]++;
            }
        }

        @Override
        public int calls(long now) {
            return sum(now, calls);
        }

        @Override
        public int failures(long now) {
            return sum(now, failures);
        }

        private int sum(long now, int[] counts) {
            long e = Math.floorDiv(now, width);
            int total = 0;
            for (int i = 0; i < BUCKETS; i++) {
                if (epoch[i] != Long.MIN_VALUE && e - epoch[i] < BUCKETS) {
                    total += counts[i];
                }
            }
            return total;
        }

        @Override
        public void clear() {
            java.util.Arrays.fill(epoch, Long.MIN_VALUE);
        }
    }

    /**
     * Builds a {@link CircuitBreaker}; every setter checks its argument at once and names it in the
     * exception. Not thread-safe; the breaker it builds is.
     */
    public static final class Builder {
        private final String name;
        private double failurePercent = 50;
        private int minimumCalls = 10;
        private int consecutiveFailures;
        private int windowCalls = 20;
        private Duration windowDuration;
        private Duration openFor = Duration.ofSeconds(30);
        private int halfOpenProbes = 1;
        private Predicate<? super Throwable> recordFailure = e -> true;
        private final List<Listener> listeners = new CopyOnWriteArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Opens when at least {@code minimumCalls} calls are in the window and at least {@code percent}
         * of them failed (Resilience4j: {@code failureRateThreshold}, {@code minimumNumberOfCalls}).
         *
         * @throws IllegalArgumentException if {@code percent} is not in (0, 100] or {@code minimumCalls}
         *         is not positive
         */
        public Builder failureRate(double percent, int minimumCalls) {
            if (!(percent > 0 && percent <= 100)) {
                throw new IllegalArgumentException("percent must be in (0, 100]: " + percent);
            }
            if (minimumCalls < 1) {
                throw new IllegalArgumentException("minimumCalls must be positive: " + minimumCalls);
            }
            this.failurePercent = percent;
            this.minimumCalls = minimumCalls;
            return this;
        }

        /** Turns the failure-rate rule off, so that only {@link #consecutiveFailures} opens the breaker. */
        public Builder noFailureRate() {
            this.failurePercent = 0;
            return this;
        }

        /**
         * Also opens after {@code n} failures in a row (Failsafe: {@code withFailureThreshold(n)}).
         *
         * @throws IllegalArgumentException if {@code n} is not positive
         */
        public Builder consecutiveFailures(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("consecutive failures must be positive: " + n);
            }
            this.consecutiveFailures = n;
            return this;
        }

        /**
         * Counts the last {@code calls} outcomes (the default, 20).
         *
         * @throws IllegalArgumentException if {@code calls} is not positive
         */
        public Builder countWindow(int calls) {
            if (calls < 1) {
                throw new IllegalArgumentException("window calls must be positive: " + calls);
            }
            this.windowCalls = calls;
            this.windowDuration = null;
            return this;
        }

        /**
         * Counts the outcomes of the last {@code span}, on Weft's clock.
         *
         * @throws IllegalArgumentException if {@code span} is not positive
         */
        public Builder timeWindow(Duration span) {
            Objects.requireNonNull(span, "span");
            if (!span.isPositive()) {
                throw new IllegalArgumentException("window span must be positive: " + span);
            }
            this.windowDuration = span;
            return this;
        }

        /**
         * How long an open breaker refuses calls before it lets probes through (Resilience4j:
         * {@code waitDurationInOpenState}).
         *
         * @throws IllegalArgumentException if {@code openFor} is negative
         */
        public Builder openFor(Duration openFor) {
            Objects.requireNonNull(openFor, "openFor");
            if (openFor.isNegative()) {
                throw new IllegalArgumentException("openFor must not be negative: " + openFor);
            }
            this.openFor = openFor;
            return this;
        }

        /**
         * How many probe calls a half-open breaker lets through; all must succeed to close it
         * (Resilience4j: {@code permittedNumberOfCallsInHalfOpenState}).
         *
         * @throws IllegalArgumentException if {@code probes} is not positive
         */
        public Builder halfOpenProbes(int probes) {
            if (probes < 1) {
                throw new IllegalArgumentException("halfOpenProbes must be positive: " + probes);
            }
            this.halfOpenProbes = probes;
            return this;
        }

        /**
         * Which exceptions count as failures (Resilience4j: {@code recordException}); the others count
         * neither way. A cancellation and the caller's own deadline never count.
         */
        public Builder recordFailure(Predicate<? super Throwable> recordFailure) {
            this.recordFailure = Objects.requireNonNull(recordFailure, "recordFailure");
            return this;
        }

        /** Adds a listener for changes of state. */
        public Builder onStateChange(Listener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The breaker, on the clock of the calling code (build it inside a virtual-time run to test it
         * in virtual time).
         *
         * @throws IllegalStateException if both rules are off
         */
        public CircuitBreaker build() {
            if (failurePercent == 0 && consecutiveFailures == 0) {
                throw new IllegalStateException("circuit breaker " + name
                        + " has no rule: set failureRate(...) or consecutiveFailures(...)");
            }
            return new CircuitBreaker(this);
        }
    }
}
