package dev.weft.internal;

import dev.weft.DoneAndPending;
import dev.weft.ReturnWhen;
import dev.weft.Task;
import dev.weft.TimedOutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.function.Consumer;

/**
 * {@code waitTasks} (asyncio.wait) and the deadline of {@code asCompleted}. Nothing here cancels a task.
 * A call watches its tasks through done-callbacks only while it runs: it removes them when it
 * returns or throws, so a long-lived task watched by many calls keeps none of them.
 */
public final class Waiting {
    private Waiting() {
    }

    /** Waits until {@code when} holds or the timeout passes ({@code null}: no timeout), then splits the tasks. */
    public static <T> DoneAndPending<T> waitTasks(Collection<? extends Task<T>> tasks, ReturnWhen when, Duration timeout) {
        Objects.requireNonNull(when, "when");
        List<TaskImpl<T>> list = distinct(tasks);
        Frame.checkpoint(); // a cancellation point at entry, even if every task is already done
        if (list.isEmpty()) {
            throw new IllegalArgumentException("tasks must not be empty");
        }
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        LinkedBlockingDeque<TaskImpl<T>> finished = new LinkedBlockingDeque<>();
        @SuppressWarnings("unchecked")
        Consumer<Task<T>> callback = x -> Idle.offer(finished, (TaskImpl<T>) x);
        for (TaskImpl<T> t : list) {
            t.whenDone(callback);
        }
        try {
            if (timeout == null) {
                awaitCondition(list.size(), when, finished);
            } else {
                Deadlines.orNull(timeout, () -> {
                    awaitCondition(list.size(), when, finished);
                    return Boolean.TRUE;
                });
            }
        } finally {
            for (TaskImpl<T> t : list) {
                t.removeCallback(callback); // a long-lived task keeps nothing of a call that returned
            }
        }
        Set<Task<T>> done = new LinkedHashSet<>();
        Set<Task<T>> pending = new LinkedHashSet<>();
        for (TaskImpl<T> t : list) {
            (t.isDone() ? done : pending).add(t);
        }
        return new DoneAndPending<>(done, pending);
    }

    private static <T> void awaitCondition(int total, ReturnWhen when, LinkedBlockingDeque<TaskImpl<T>> finished) {
        int seen = 0;
        while (seen < total) {
            TaskImpl<T> t = take(finished);
            seen++;
            if (when == ReturnWhen.FIRST_COMPLETED
                    || (when == ReturnWhen.FIRST_EXCEPTION && t.stateCode() == TaskImpl.FAILED)) {
                return;
            }
        }
    }

    /**
     * A cancellable take, a cancellation point at entry and at wake-up: a caller whose task is
     * cancelled as an element arrives puts it back at the head and throws, so it stays for the next call.
     */
    static <E> E take(LinkedBlockingDeque<E> q) {
        Frame f = Frame.currentOrNull();
        if (f != null) {
            f.checkCancelled();
        }
        E e;
        try {
            e = Idle.take(q);
        } catch (InterruptedException ie) {
            throw Sleeping.interrupted(f, ie);
        }
        try {
            Frame.checkpoint();
        } catch (RuntimeException | Error cancelled) {
            Idle.offerFirst(q, e); // a wake like any put: another taker's wait must count busy again
            throw cancelled;
        }
        return e;
    }

    /** A take that gives up at {@code deadline} (clock nanos) with {@link TimedOutException}. */
    static <E> E takeBefore(LinkedBlockingDeque<E> q, long deadline, Duration timeout) {
        Frame.checkpoint(); // a cancellation point even when a task is ready
        E ready = q.poll();
        if (ready != null) {
            return ready;
        }
        long left = deadline - Clocks.current().nanoTime();
        if (left <= 0) {
            throw CancelScope.timedOut("asCompleted: ", timeout, "");
        }
        return Deadlines.waitFor(Duration.ofNanos(left), () -> take(q));
    }

    static <T> List<TaskImpl<T>> distinct(Collection<? extends Task<T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        List<TaskImpl<T>> list = new ArrayList<>();
        Set<Task<T>> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        int i = 0;
        for (Task<T> t : tasks) {
            if (t == null) {
                throw new NullPointerException("tasks[" + i + "]");
            }
            if (!(t instanceof TaskImpl<T> impl)) {
                throw new IllegalArgumentException("tasks[" + i + "] is not a Weft task: " + t);
            }
            if (seen.add(t)) {
                list.add(impl);
            }
            i++;
        }
        return list;
    }
}
