package dev.weft.internal;

import dev.weft.Task;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.LinkedBlockingQueue;

/** {@code asCompleted}: tasks in the order they finish. Iterating cancels nothing. */
public final class AsCompleted {
    private AsCompleted() {
    }

    /** An iterable over {@code tasks} (duplicates counted once) in completion order. */
    public static <T> Iterable<Task<T>> of(Collection<? extends Task<T>> tasks) {
        List<TaskImpl<T>> distinct = Waiting.distinct(tasks);
        return () -> new InCompletionOrder<>(distinct, null, 0);
    }

    /**
     * Like {@link #of}, with a deadline {@code timeout} from now: a {@code next()} that would wait past
     * it throws {@code TimedOutException}; the remaining tasks are not cancelled.
     */
    public static <T> Iterable<Task<T>> of(Collection<? extends Task<T>> tasks, Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        List<TaskImpl<T>> distinct = Waiting.distinct(tasks);
        long deadline = Clocks.current().nanoTime() + Durations.toNanos(timeout);
        return () -> new InCompletionOrder<>(distinct, timeout, deadline);
    }

    private static final class InCompletionOrder<T> implements Iterator<Task<T>> {
        private final LinkedBlockingQueue<Task<T>> done = new LinkedBlockingQueue<>();
        private final Duration timeout;
        private final long deadline;
        private int remaining;

        InCompletionOrder(List<TaskImpl<T>> tasks, Duration timeout, long deadline) {
            this.timeout = timeout;
            this.deadline = deadline;
            remaining = tasks.size();
            for (TaskImpl<T> t : tasks) {
                t.whenDone(x -> Idle.offer(done, x));
            }
        }

        @Override
        public boolean hasNext() {
            return remaining > 0;
        }

        @Override
        public Task<T> next() {
            if (remaining == 0) {
                throw new NoSuchElementException("every task has been returned");
            }
            Task<T> t = timeout == null ? Waiting.take(done) : Waiting.takeBefore(done, deadline, timeout);
            remaining--;
            return t;
        }
    }
}
