package dev.weft;

import dev.weft.internal.Blocking;
import dev.weft.internal.Failures;
import dev.weft.internal.ScopeImpl;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A sequence of values computed by a producer task on its own virtual thread and consumed with a
 * plain for-each loop, with back-pressure: the producer runs at most {@code capacity} values ahead.
 *
 * <p>asyncio equivalent: an async generator ({@code async def} with {@code yield}) consumed by
 * {@code async for}, closed by {@code aclose()}; Kotlin: a {@code flow { emit(..) }} collected with a
 * buffer. Use a queue instead when producers and consumers are many and long-lived.
 *
 * <pre>{@code
 * try (var squares = Generator.<Integer>of(out -> {
 *     for (int i = 1; i <= 100; i++) out.emit(i * i);
 * })) {
 *     for (int s : squares) {
 *         if (s > 50) break;         // leaving early: close() cancels the producer
 *         log.info("{}", s);
 *     }
 * }
 * }</pre>
 *
 * <p><b>Close it with try-with-resources.</b> A generator is a structured scope that owns its
 * producer. When the loop runs to the end the generator closes itself, but a loop left early (by
 * {@code break}, {@code return} or an exception) leaves the producer waiting in {@code emit} until
 * {@link #close()} cancels it, waits for its cleanup ({@code finally} blocks) and reports a failure
 * the consumer has not seen. The same holds for {@link #stream()}: close the stream.
 *
 * <p><b>One thread, nested.</b> Like a {@link TaskGroup}, a generator must be created, iterated and
 * closed on one thread (other threads get {@link IllegalStateException}), and closed inside whatever
 * group, timeout or shield was open when it was created. Open a timeout around the generator, not
 * between its creation and its loop: a loop that reaches the end inside a {@code timeout},
 * {@code waitFor} or {@code shield} opened after the generator makes scopes close out of order. It is
 * iterable once. The producer starts at once.
 *
 * <p><b>The producer's tasks.</b> A task the producer spawns (with {@code Weft.spawn}) belongs to the
 * producer, as in a {@link TaskGroup#run} body: the sequence ends only when the producer and all of
 * them are done (they may emit until then), a failure of one of them fails the producer and reaches
 * the consumer, and a failure of the producer cancels them.
 *
 * <p><b>Failures and cancellation.</b> A producer failure reaches the consumer at its next
 * {@code hasNext()}/{@code next()}, after the values emitted before it: an unchecked exception as
 * itself, a checked one wrapped in {@link TaskFailedException}; a {@code CancellationException} the
 * producer threw while nobody cancelled it counts as a failure too. The consumer's waits are
 * cancellable and honour its timeouts; cancelling the consumer cancels the producer. Values must not
 * be null. {@code hasNext()}, {@code next()} and {@link Emitter#emit} are cancellation points at entry
 * and at wake-up: in a cancelled task (outside {@code shield}) they throw at once even when a value
 * (or room) is there, and a call that throws took (or emitted) nothing.
 *
 * @param <T> the type of the values
 */
public final class Generator<T> implements Iterable<T>, AutoCloseable {
    /** The buffer size of {@link #of(Body)}: the producer computes one value ahead of the consumer. */
    public static final int DEFAULT_CAPACITY = 1;

    /**
     * The producer of a {@link Generator}: it runs on the generator's task and hands values to
     * {@code out}; returning ends the sequence, throwing fails it.
     *
     * <pre>{@code
     * Generator.Body<String> lines = out -> {
     *     try (var reader = Files.newBufferedReader(path)) {
     *         for (String l; (l = reader.readLine()) != null; ) out.emit(l);
     *     }
     * };
     * }</pre>
     *
     * @param <T> the type of the values
     */
    @FunctionalInterface
    public interface Body<T> {
        /** Produces the values by calling {@code out.emit(value)} for each. */
        void produce(Emitter<T> out) throws Exception;
    }

    // Implementation notes. The generator opens a private supervisor scope on the consumer's thread
    // and spawns the producer into it, so the consumer's cancellation reaches the producer (the scope
    // is part of the consumer's cancel-scope stack) while a producer failure does not cancel the
    // consumer: it travels in order through the hand-off instead. The producer runs its body inside a
    // fail-fast group of its own (TaskGroup.run), so a task the body spawns belongs to the producer,
    // not to the private scope: the producer is done only when its children are, a child's failure
    // fails the producer, and a failure of the body cancels the children. A CancellationException the
    // body throws while the producer is not cancelled is a failure too (ForeignCancellation), handed
    // to the consumer as the original object. The hand-off is ended by the producer's done-callback,
    // i.e. after its cleanup (and its children), so "ended" means the task is done. The scope
    // is closed by close() or, when the consumer reaches the end on the owner thread and no other
    // group was opened on it since, by the iterator itself. The DELIVERED flag makes sure the failure is
    // thrown exactly once, by the iterator or by close() (see `state`).

    private final Thread owner = Thread.currentThread();
    private final Handoff<T> handoff;
    private final ScopeImpl scope;
    private final Task<Void> producer;
    private final Generator<?> upstream;
    /**
     * The consumer side's state: a set of the flags below, each set once and never cleared, all by the
     * owner thread (no synchronization). Transitions:
     * <ul>
     * <li>{@link #ITERATED}: set by the first {@code iterator()}; a second one is refused.</li>
     * <li>{@link #FINISHED}: set when the consumer reaches the end (the producer is done and every value
     * taken) or calls {@code close()}; from then on the iterator reports no more values.</li>
     * <li>{@link #SCOPE_CLOSED}: set just before the private scope is closed (by {@code close()}, or by
     * the iterator at the end when that scope is the innermost group on the thread, or by a downstream
     * generator closing its upstreams); the scope is closed at most once.</li>
     * <li>{@link #DELIVERED}: set when the producer's failure is thrown to the consumer (by the
     * iterator or {@code close()}), so that it is thrown exactly once.</li>
     * </ul>
     */
    private int state;
    private static final int ITERATED = 1;
    private static final int FINISHED = 1 << 1;
    private static final int SCOPE_CLOSED = 1 << 2;
    private static final int DELIVERED = 1 << 3;

    private Generator(int capacity, Body<T> body, Generator<?> upstream) {
        this.upstream = upstream;
        this.handoff = new Handoff<>(capacity);
        this.scope = ScopeImpl.open(true);
        Task<Void> t;
        try {
            t = scope.spawn("generator", () -> TaskGroup.run(children -> {
                try {
                    body.produce(handoff);
                } catch (CancellationException e) {
                    if (handoff.isClosed()) {
                        throw e; // the consumer closed the generator: a cancel, whoever noticed it first
                    }
                    throw ForeignCancellation.of(e); // the body's own cancellation is a failure
                }
                return null;
            }));
        } catch (RuntimeException | Error e) {
            scope.close();
            throw e;
        }
        this.producer = t;
        t.onDone(done -> handoff.end());
    }

    /**
     * Starts {@code body} as the producer of a new generator with a buffer of
     * {@value #DEFAULT_CAPACITY} (asyncio: calling an async generator function).
     */
    public static <T> Generator<T> of(Body<T> body) {
        return of(DEFAULT_CAPACITY, body);
    }

    /**
     * Starts {@code body} as the producer of a new generator whose producer may run up to
     * {@code capacity} values ahead of the consumer.
     *
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    public static <T> Generator<T> of(int capacity, Body<T> body) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        return new Generator<>(capacity, Objects.requireNonNull(body, "body"), null);
    }

    /**
     * A tick source that emits {@code 0, 1, 2, ...} forever, tick {@code n} no earlier than
     * {@code (n + 1) * period} after the start (a fixed rate: a consumer that falls behind receives the
     * late ticks at once, one by one). asyncio has none; Kotlin: {@code ticker}.
     *
     * <pre>{@code
     * try (var ticks = Generator.interval(Duration.ofSeconds(1))) {
     *     for (long tick : ticks) { poll(); if (tick == 9) break; }
     * }
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code period} is zero or negative
     */
    public static Generator<Long> interval(Duration period) {
        return interval(period, Long.MAX_VALUE);
    }

    /**
     * Like {@link #interval(Duration)}, but ends after {@code count} ticks, {@code 0} to
     * {@code count - 1}.
     *
     * @throws IllegalArgumentException if {@code period} is not positive or {@code count} is negative
     */
    public static Generator<Long> interval(Duration period, long count) {
        Objects.requireNonNull(period, "period");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        long periodNanos = period.toNanos(); // ArithmeticException beyond 292 years
        return of(out -> {
            long start = Blocking.clock().nanoTime();
            for (long n = 0; n < count; n++) {
                long wait = start + (n + 1) * periodNanos - Blocking.clock().nanoTime();
                Weft.sleep(Duration.ofNanos(Math.max(0, wait)));
                out.emit(n);
            }
        });
    }

    /**
     * The values, in the order they were emitted; iterable once, on the thread that created the
     * generator. {@code hasNext()} waits for the producer and is cancellable; it throws the producer's
     * failure once the values before it are consumed.
     *
     * @throws IllegalStateException on another thread, or when iterated a second time
     */
    @Override
    public Iterator<T> iterator() {
        checkOwner("iterate");
        if (is(ITERATED)) {
            throw new IllegalStateException("a generator can be iterated only once; create a new one");
        }
        set(ITERATED);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return advance();
            }

            @Override
            public T next() {
                if (!advance()) {
                    throw new NoSuchElementException("the generator has no more values");
                }
                return handoff.take();
            }
        };
    }

    /**
     * A sequential {@link Stream} of the values; closing the stream closes the generator, so use it in
     * try-with-resources when a short-circuiting operation ({@code limit}, {@code findFirst}) may stop
     * before the end. Counts as the one iteration.
     *
     * <pre>{@code
     * try (Stream<Long> s = Generator.interval(Duration.ofMillis(10)).stream()) {
     *     List<Long> firstThree = s.limit(3).toList();
     * }
     * }</pre>
     */
    public Stream<T> stream() {
        Spliterator<T> values = Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(values, false).onClose(this::close);
    }

    /**
     * A generator of {@code fn} applied to each value, with at most {@code limit} calls in flight,
     * results in the order of the values (Java: {@code Gatherers.mapConcurrent}). Fail-fast: the first
     * failure cancels the other calls and reaches the consumer. Closing the result closes this
     * generator too, and counts as this generator's one iteration.
     *
     * <pre>{@code
     * try (var pages = Generator.<String>of(out -> urls.forEach(out::emit)).mapConcurrent(8, this::fetch)) {
     *     for (String page : pages) save(page);
     * }
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    public <R> Generator<R> mapConcurrent(int limit, ThrowingFunction<? super T, ? extends R> fn) {
        return mapped(limit, fn, true);
    }

    /**
     * Like {@link #mapConcurrent}, but the results come in the order the calls complete (asyncio:
     * {@code as_completed} over the mapped tasks).
     *
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    public <R> Generator<R> mapConcurrentUnordered(int limit, ThrowingFunction<? super T, ? extends R> fn) {
        return mapped(limit, fn, false);
    }

    private <R> Generator<R> mapped(int limit, ThrowingFunction<? super T, ? extends R> fn, boolean ordered) {
        Concurrently.checkLimit(limit);
        Objects.requireNonNull(fn, "fn");
        Iterator<T> values = iterator();
        return new Generator<R>(DEFAULT_CAPACITY, out -> MapWorkers.run(values, limit, fn,
                ordered ? new MapWorkers.InOrder<>(out) : (i, r) -> out.emit(r)), this);
    }

    /**
     * Cancels the producer if it is still running, waits for its cleanup, and throws its failure if the
     * consumer has not received it yet (asyncio: {@code await agen.aclose()}). A second call does
     * nothing. Afterwards the iterator reports no more values.
     *
     * @throws IllegalStateException on another thread than the one that created the generator
     */
    @Override
    public void close() {
        checkOwner("close");
        set(FINISHED);
        if (!is(SCOPE_CLOSED)) {
            scope.cancelChildren(); // before the hand-off refuses emits: the producer ends cancelled, not failed
        }
        handoff.close();
        try {
            closeScopes(false);
        } finally {
            Throwable f = undeliveredFailure();
            if (f != null) {
                throw Failures.unchecked(f);
            }
        }
    }

    /** Whether the producer task has finished (its cleanup included). */
    public boolean isDone() {
        return producer.isDone();
    }

    @Override
    public String toString() {
        return "Generator[" + producer.state() + (is(FINISHED) ? ", finished" : "") + "]";
    }

    // ---- consuming -------------------------------------------------------------------------------

    /** The step behind hasNext(): true if a value can be taken; false at the end; else the failure. */
    private boolean advance() {
        if (is(FINISHED)) {
            return false;
        }
        if (handoff.awaitItem()) {
            return true;
        }
        set(FINISHED); // the producer is done and every value taken
        Throwable f = producer.exception();
        if (Thread.currentThread() == owner) {
            closeScopes(true);
        }
        if (f instanceof CancellationException) {
            Blocking.checkpoint(); // the consumer's own cancellation reached the producer first
            throw new CancelledException("the producer of this generator was cancelled");
        }
        f = undeliveredFailure();
        if (f != null) {
            throw Failures.unchecked(f);
        }
        return false;
    }

    private Throwable undeliveredFailure() {
        if (is(DELIVERED) || !producer.isDone()) {
            return null;
        }
        Throwable f = producer.exception();
        if (f == null || f instanceof CancellationException) {
            return null;
        }
        set(DELIVERED);
        return ForeignCancellation.original(f);
    }

    /**
     * Closes this generator's scope, then an upstream one's. At the end of iteration ({@code atEnd})
     * only when no other group was opened on this thread since, so that scopes still close innermost first.
     */
    private void closeScopes(boolean atEnd) {
        if (atEnd && !is(SCOPE_CLOSED) && !scope.isInnermost()) {
            return;
        }
        try {
            if (!is(SCOPE_CLOSED)) {
                handoff.close();
                set(SCOPE_CLOSED);
                scope.close();
            }
        } finally {
            if (upstream != null) {
                if (atEnd) {
                    upstream.closeScopes(true);
                } else {
                    upstream.close();
                }
            }
        }
    }

    /** Whether {@code flag} (one of the state flags) is set. */
    private boolean is(int flag) {
        return (state & flag) != 0;
    }

    /** Sets {@code flag}; flags are never cleared. */
    private void set(int flag) {
        state |= flag;
    }

    private void checkOwner(String what) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("cannot " + what + " a generator on " + Thread.currentThread()
                    + ": create, iterate and close it on one thread (it was created on " + owner + ")");
        }
    }
}
