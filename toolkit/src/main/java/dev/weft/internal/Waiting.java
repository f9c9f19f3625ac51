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
import java.util.concurrent.LinkedBlockingQueue;

/** {@code waitTasks} (asyncio.wait) and the deadline of {@code asCompleted}. Nothing here cancels a task. */
public final class Waiting {
    private Waiting() {
    }

    /** Waits until {@code when} holds or the timeout passes ({@code null}: no timeout), then splits the tasks. */
    public static <T> DoneAndPending<T> waitTasks(Collection<? extends Task<T>> tasks, ReturnWhen when, Duration timeout) {
        Objects.requireNonNull(when, "when");
        List<TaskImpl<T>> list = distinct(tasks);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("tasks must not be empty");
        }
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        LinkedBlockingQueue<TaskImpl<T>> finished = new LinkedBlockingQueue<>();
        for (TaskImpl<T> t : list) {
            t.whenDone(x -> Idle.offer(finished, t));
        }
        if (timeout == null) {
            awaitCondition(list.size(), when, finished);
        } else {
            Deadlines.orNull(timeout, () -> {
                awaitCondition(list.size(), when, finished);
                return Boolean.TRUE;
            });
        }
        Set<Task<T>> done = new LinkedHashSet<>();
        Set<Task<T>> pending = new LinkedHashSet<>();
        for (TaskImpl<T> t : list) {
            (t.isDone() ? done : pending).add(t);
        }
        return new DoneAndPending<>(done, pending);
    }

    private static <T> void awaitCondition(int total, ReturnWhen when, LinkedBlockingQueue<TaskImpl<T>> finished) {
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

    /** A cancellable take. */
    static <E> E take(LinkedBlockingQueue<E> q) {
        Frame f = Frame.currentOrNull();
        if (f != null) {
            f.checkCancelled();
        }
        try {
            return Idle.take(q);
        } catch (InterruptedException e) {
            throw Sleeping.interrupted(f, e);
        }
    }

    /** A take that gives up at {@code deadline} (clock nanos) with {@link TimedOutException}. */
    static <E> E takeBefore(LinkedBlockingQueue<E> q, long deadline, Duration timeout) {
        E ready = q.poll();
        if (ready != null) {
            return ready;
        }
        long left = deadline - Clocks.current().nanoTime();
        if (left <= 0) {
            throw new TimedOutException("asCompleted: the timeout of " + CancelScope.describe(timeout) + " expired");
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
