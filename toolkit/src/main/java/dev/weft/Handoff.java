package dev.weft;

import dev.weft.internal.Blocking;
import dev.weft.internal.Idle;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded buffer between a {@link Generator}'s producer and its consumer.
 *
 * <p>Implementation notes. {@code items.size() <= capacity} always; emitters wait on {@code notFull}
 * and the consumer on {@code notEmpty}, both through {@link Blocking} so that waits are cancellable.
 * Both are cancellation points at entry and at wake-up: an emit that throws buffered nothing, and a
 * consumer wait that throws took nothing; a waiter woken and found cancelled passes the signal on.
 * {@code ended} is set once, after the producer task is done (its cleanup has run), and is what
 * lets the consumer see the end after draining the remaining items. {@code closed} is set by the
 * consumer's close and refuses further emits.
 */
final class Handoff<T> implements Emitter<T> {
    /** The buffer's initial array never exceeds this, however large the capacity: it grows as items come. */
    private static final int INITIAL_ARRAY_MAX = 64;
    private final int capacity;
    private final ArrayDeque<T> items;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private boolean ended;
    private boolean closed;

    Handoff(int capacity) {
        this.capacity = capacity;
        this.items = new ArrayDeque<>(Math.min(capacity, INITIAL_ARRAY_MAX));
    }

    @Override
    public void emit(T value) {
        Objects.requireNonNull(value, "value");
        Blocking.checkpoint();
        lock.lock();
        try {
            while (items.size() >= capacity && !closed) {
                Blocking.awaitSignal(notFull);
            }
            if (closed) {
                throw new CancelledException("the generator was closed; its producer cannot emit any more");
            }
            items.addLast(value);
            Idle.signal(notEmpty);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until an item is buffered (true) or the producer has ended and all items are taken (false). */
    boolean awaitItem() {
        Blocking.checkpoint();
        lock.lock();
        try {
            while (items.isEmpty() && !ended) {
                Blocking.awaitSignal(notEmpty);
            }
            return !items.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Takes the oldest item; only after {@link #awaitItem()} returned true. */
    T take() {
        lock.lock();
        try {
            T v = items.removeFirst();
            Idle.signal(notFull);
            return v;
        } finally {
            lock.unlock();
        }
    }

    /** The producer is done: no more items will come. */
    void end() {
        lock.lock();
        try {
            ended = true;
            Idle.signalAll(notEmpty);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the consumer has closed the generator (so emits are refused). */
    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** The consumer is gone: wakes and refuses emitters, drops the buffered items. */
    void close() {
        lock.lock();
        try {
            closed = true;
            items.clear();
            Idle.signalAll(notFull);
        } finally {
            lock.unlock();
        }
    }
}
