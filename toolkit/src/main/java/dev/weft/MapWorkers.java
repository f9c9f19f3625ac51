package dev.weft;

import dev.weft.internal.Blocking;
import dev.weft.internal.Idle;
import java.util.Iterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Concurrent mapping with a limit, behind {@link Concurrently} and {@link Generator#mapConcurrent}:
 * {@code limit} worker tasks pull items from one shared iterator, apply the function and hand each
 * result, with its input index, to a sink.
 *
 * <p>Implementation notes. At most {@code limit} function calls are in flight because there are only
 * {@code limit} workers and each makes one call at a time. The workers live in a fail-fast
 * {@link TaskGroup} opened by {@link #run}: the first failure cancels the other workers, waits for
 * their cleanup and is thrown, later ones suppressed. The iterator is only touched under
 * {@code sourceLock}, so it need not be thread-safe; it may block (a generator's iterator does),
 * and the other workers then wait for it in a Weft wait (cancellable, and parked to a virtual clock).
 *
 * <p>A {@link CancellationException} that the function or the source throws while the worker's task
 * is not cancelled is a failure like any other (it would otherwise end the worker as cancelled, which
 * fails nobody: its item skipped, a {@code null} in the results, or the in-order sink waiting forever
 * for its index). It travels as a {@link ForeignCancellation} and {@link #run} throws the original.
 * {@code run} and every wait here are cancellation points at entry and at wake-up.
 */
final class MapWorkers<T, R> {
    /** Where a worker puts a result; {@code index} is the item's position in the source. */
    @FunctionalInterface
    interface Sink<R> {
        void accept(long index, R value) throws Exception;
    }

    private final Iterator<? extends T> source;
    private final ThrowingFunction<? super T, ? extends R> fn;
    private final Sink<? super R> sink;
    /** One worker at a time pulls from the source; a Weft semaphore, so a worker waiting here is parked in a Weft wait. */
    private final Semaphore sourceLock = new Semaphore(1);
    private long nextIndex;

    private MapWorkers(Iterator<? extends T> source, ThrowingFunction<? super T, ? extends R> fn, Sink<? super R> sink) {
        this.source = source;
        this.fn = fn;
        this.sink = sink;
    }

    /** Maps every item of {@code source} with at most {@code workers} calls in flight; returns when all are done. */
    static <T, R> void run(Iterator<? extends T> source, int workers, ThrowingFunction<? super T, ? extends R> fn,
            Sink<? super R> sink) {
        MapWorkers<T, R> m = new MapWorkers<>(source, fn, sink);
        Blocking.checkpoint();
        try {
            TaskGroup.run(g -> {
                for (int i = 0; i < workers; i++) {
                    g.spawn("map-worker-" + i, m::work);
                }
                return null;
            });
        } catch (ForeignCancellation e) {
            ForeignCancellation.rethrowOriginal(e);
        }
    }

    private Void work() throws Exception {
        for (;;) {
            Blocking.checkpoint(); // a cancelled worker takes no further item, even if fn never blocks
            long index;
            T item;
            Semaphore.Permit pulling = sourceLock.acquire(); // cancellable, and idle to a virtual clock
            try {
                if (!source.hasNext()) {
                    return null;
                }
                item = source.next();
                index = nextIndex++;
            } catch (CancellationException e) {
                throw ForeignCancellation.of(e); // the upstream's own cancellation is a failure
            } finally {
                pulling.close();
            }
            R result;
            try {
                result = fn.apply(item);
            } catch (CancellationException e) {
                throw ForeignCancellation.of(e); // so is the function's
            }
            sink.accept(index, result);
        }
    }

    /**
     * A sink that emits results in input order: a worker waits for its turn (every earlier result has
     * been emitted) before emitting. While it waits it makes no call, so the window of results not yet
     * emitted is at most {@code limit} wide.
     */
    static final class InOrder<R> implements Sink<R> {
        private final Emitter<? super R> out;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition turn = lock.newCondition();
        private long next;

        InOrder(Emitter<? super R> out) {
            this.out = out;
        }

        @Override
        public void accept(long index, R value) {
            Blocking.checkpoint();
            lock.lock();
            try {
                while (next != index) {
                    try {
                        Idle.await(turn);
                    } catch (InterruptedException e) {
                        throw Blocking.interrupted(e);
                    }
                    Blocking.checkpoint(); // a wake-up is a cancellation point (signalAll: nobody else misses it)
                }
            } finally {
                lock.unlock();
            }
            out.emit(value); // only the worker holding the turn gets here; the others wait above
            lock.lock();
            try {
                next++;
                Idle.signalAll(turn);
            } finally {
                lock.unlock();
            }
        }
    }
}
