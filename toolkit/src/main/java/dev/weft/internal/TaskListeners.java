package dev.weft.internal;

import dev.weft.Task;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered {@link TaskListener}s, and the calls the engine makes beside its JFR events. With no
 * listener, each hook is one read of a volatile array and a length check.
 *
 * <p>Implementation notes. {@code all} is copy-on-write: registering is rare, a hook reads the array
 * once and walks that snapshot, so a listener removed meanwhile may see one more event.
 */
public final class TaskListeners {
    private static final Logger LOG = LoggerFactory.getLogger(TaskListeners.class);
    private static final TaskListener[] NONE = {};
    private static final ReentrantLock WRITE = new ReentrantLock();
    private static volatile TaskListener[] all = NONE;

    private TaskListeners() {
    }

    /** Adds {@code listener}; adding it twice is refused. */
    public static void add(TaskListener listener) {
        Objects.requireNonNull(listener, "listener");
        WRITE.lock();
        try {
            if (Arrays.asList(all).contains(listener)) {
                throw new IllegalArgumentException("listener is registered already: " + listener);
            }
            TaskListener[] next = Arrays.copyOf(all, all.length + 1);
            next[all.length] = listener;
            all = next;
        } finally {
            WRITE.unlock();
        }
    }

    /** Removes {@code listener}; returns whether it was registered. */
    public static boolean remove(TaskListener listener) {
        WRITE.lock();
        try {
            TaskListener[] now = all;
            int i = Arrays.asList(now).indexOf(listener);
            if (i < 0) {
                return false;
            }
            TaskListener[] next = new TaskListener[now.length - 1];
            System.arraycopy(now, 0, next, 0, i);
            System.arraycopy(now, i + 1, next, i, now.length - i - 1);
            all = next.length == 0 ? NONE : next;
            return true;
        } finally {
            WRITE.unlock();
        }
    }

    /** Whether any listener is registered (then a hook worth timing is timed). */
    public static boolean any() {
        return all.length != 0;
    }

    static void spawned(Task<?> task) {
        TaskListener[] ls = all;
        for (TaskListener l : ls) {
            try {
                l.spawned(task);
            } catch (RuntimeException e) {
                dropped(l, e);
            }
        }
    }

    /** A task finished; a root task ({@code Weft.run}'s, a service scope's) is not reported, as its start was not. */
    static void completed(TaskImpl<?> task) {
        TaskListener[] ls = all;
        if (ls.length == 0 || task.owningScope() == null) {
            return;
        }
        for (TaskListener l : ls) {
            try {
                l.completed(task, task.state());
            } catch (RuntimeException e) {
                dropped(l, e);
            }
        }
    }

    static void cancelRequested(Task<?> task) {
        TaskListener[] ls = all;
        for (TaskListener l : ls) {
            try {
                l.cancelRequested(task);
            } catch (RuntimeException e) {
                dropped(l, e);
            }
        }
    }

    static void timeoutFired() {
        TaskListener[] ls = all;
        for (TaskListener l : ls) {
            try {
                l.timeoutFired();
            } catch (RuntimeException e) {
                dropped(l, e);
            }
        }
    }

    /** The start of a wait worth timing: {@link System#nanoTime()} if a listener is registered, else 0. */
    public static long waitStart() {
        return all.length == 0 ? 0 : System.nanoTime();
    }

    /** A semaphore permit was taken; {@code waitStart} is from {@link #waitStart()} (0: nobody listened). */
    public static void semaphoreAcquired(long waitStart) {
        if (waitStart == 0) {
            return;
        }
        long nanos = System.nanoTime() - waitStart;
        for (TaskListener l : all) {
            try {
                l.semaphoreAcquired(nanos);
            } catch (RuntimeException e) {
                dropped(l, e);
            }
        }
    }

    private static void dropped(TaskListener l, RuntimeException e) {
        LOG.warn("task listener {} threw; the event is dropped for it", l, e);
    }
}
