package dev.weft.internal;

import dev.weft.Task;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.function.Consumer;

/**
 * {@code asCompleted}: tasks in the order they finish. Iterating cancels nothing.
 *
 * <p>Implementation notes. An iterator watches the tasks it has not returned yet through one
 * done-callback, shared by all of them, that queues a finished task. So that a long-lived task
 * watched by many iterations keeps nothing of them, the callbacks are removed when a {@code next()}
 * throws (a timeout or a cancel: the loop is usually abandoned then; a later {@code next()} puts
 * them back), they are gone by themselves once every task was returned, and an iterator dropped
 * early (a {@code break}) has them removed by a {@link Cleaner} when it becomes unreachable. The
 * callback refers to the queue, not to the iterator, so it does not keep the iterator reachable.
 */
public final class AsCompleted {
    private static final Cleaner CLEANER = Cleaner.create();

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

    /**
     * The callbacks of one iterator: {@link #run()} removes them (also from the cleaner's thread, once
     * the iterator is unreachable, so never at the same time as {@link #watch()}); a task whose
     * callback had already run is not watched again, its entry is in the queue.
     */
    private static final class Watch<T> implements Runnable {
        private final List<TaskImpl<T>> tasks;
        private final Consumer<Task<T>> callback;
        /** The tasks whose callbacks {@link #run()} removed; {@code null} while they are registered. */
        private List<TaskImpl<T>> unwatched;

        Watch(List<TaskImpl<T>> tasks, Consumer<Task<T>> callback) {
            this.tasks = tasks;
            this.callback = callback;
            for (TaskImpl<T> t : tasks) {
                t.whenDone(callback);
            }
        }

        /** Registers again what {@link #run()} removed. */
        void watch() {
            List<TaskImpl<T>> again = unwatched;
            if (again != null) {
                unwatched = null;
                for (TaskImpl<T> t : again) {
                    t.whenDone(callback);
                }
            }
        }

        @Override
        public void run() {
            if (unwatched != null) {
                return;
            }
            List<TaskImpl<T>> removed = new ArrayList<>();
            for (TaskImpl<T> t : tasks) {
                if (t.removeCallback(callback)) {
                    removed.add(t);
                }
            }
            unwatched = removed;
        }
    }

    private static final class InCompletionOrder<T> implements Iterator<Task<T>> {
        private final LinkedBlockingDeque<Task<T>> done = new LinkedBlockingDeque<>();
        private final Duration timeout;
        private final long deadline;
        private final Watch<T> watch;
        private int remaining;

        InCompletionOrder(List<TaskImpl<T>> tasks, Duration timeout, long deadline) {
            this.timeout = timeout;
            this.deadline = deadline;
            remaining = tasks.size();
            LinkedBlockingDeque<Task<T>> queue = done; // the callback must not capture the iterator
            watch = new Watch<>(tasks, x -> Idle.offer(queue, x));
            CLEANER.register(this, watch);
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
            watch.watch();
            Task<T> t;
            try {
                t = timeout == null ? Waiting.take(done) : Waiting.takeBefore(done, deadline, timeout);
            } catch (RuntimeException | Error e) {
                watch.run();
                throw e;
            }
            remaining--;
            return t;
        }
    }
}
