package dev.weft.internal;

import dev.weft.Task;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;

/** {@code asCompleted}: tasks in the order they finish. Iterating cancels nothing. */
public final class AsCompleted {
    private AsCompleted() {
    }

    /** An iterable over {@code tasks} (duplicates counted once) in completion order. */
    public static <T> Iterable<Task<T>> of(Collection<? extends Task<T>> tasks) {
        List<TaskImpl<T>> distinct = new ArrayList<>();
        Set<Task<T>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int i = 0;
        for (Task<T> t : tasks) {
            Objects.requireNonNull(t, "tasks[" + i + "]");
            if (!(t instanceof TaskImpl<T> impl)) {
                throw new IllegalArgumentException("tasks[" + i + "] is not a Weft task: " + t);
            }
            if (seen.add(t)) {
                distinct.add(impl);
            }
            i++;
        }
        return () -> new InCompletionOrder<>(distinct);
    }

    private static final class InCompletionOrder<T> implements Iterator<Task<T>> {
        private final LinkedBlockingQueue<Task<T>> done = new LinkedBlockingQueue<>();
        private int remaining;

        InCompletionOrder(List<TaskImpl<T>> tasks) {
            remaining = tasks.size();
            for (TaskImpl<T> t : tasks) {
                t.whenDone(done::add);
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
            Frame f = Frame.currentOrNull();
            if (f != null) {
                f.checkCancelled();
            }
            Task<T> t;
            try {
                t = done.take();
            } catch (InterruptedException e) {
                throw Sleeping.interrupted(f, e);
            }
            remaining--;
            return t;
        }
    }
}
