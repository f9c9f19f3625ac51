package dev.weft.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A structured scope (a nursery): the tasks spawned into it, the wait for all of them at its end, and
 * what happens when one fails. Behind {@code TaskGroup}, {@code gather} and {@code Weft.run}.
 *
 * <p>Implementation notes. {@code live} counts the live children plus one token for the body; the
 * scope is finished when it reaches zero, and a spawn is refused from then on (before that, any task
 * may spawn into it, also while the owner waits in {@link #close()}). In a fail-fast scope the first
 * failure is recorded, cancels every child, and cancels the body's cancel scope with that failure as
 * its news, so the body's blocked Weft call throws the failure itself; later failures are attached
 * as suppressed. {@code cancelled} is set before children are cancelled and read under the lock at
 * spawn, so a child spawned concurrently is either cancelled by the sweep or born cancelled (its body
 * never runs). Cancelling a scope's children never blocks; waiting for them ignores interrupts
 * (each interrupt only cancels the children again), because no child may outlive its scope.
 * Lock order: a frame's lock may be held while taking a scope's lock, never the reverse.
 */
public final class ScopeImpl {
    private static final Logger LOG = LoggerFactory.getLogger(ScopeImpl.class);

    private final boolean supervisor;
    private final Frame owner;
    private final CancelScope body;
    private final ScopeImpl outerOnFrame;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    private int live = 1;
    private TaskImpl<?> head;
    private Throwable failure;
    private List<TaskImpl<?>> failedChildren;
    private volatile boolean cancelled;
    private boolean closed;
    /** The engine's state for this scope (its thread container), from {@link Engine#scopeOpened}. */
    private Object engineState;

    private ScopeImpl(Frame owner, boolean supervisor) {
        this.owner = owner;
        this.supervisor = supervisor;
        this.body = new CancelScope(CancelScope.Kind.GROUP_BODY, owner, this);
        this.outerOnFrame = owner.scope;
    }

    /** Opens a scope whose body is the calling thread's code from now until {@link #close()}. */
    public static ScopeImpl open(boolean supervisor) {
        Frame f = Frame.currentOrCreate();
        ScopeImpl s = new ScopeImpl(f, supervisor);
        f.push(s.body);
        f.scope = s;
        if (f instanceof ForeignFrame && s.outerOnFrame == null) {
            Registry.add(s);
        }
        try {
            s.engineState = Engines.current().scopeOpened(s);
        } catch (RuntimeException | Error e) {
            f.scope = s.outerOnFrame;
            f.pop(s.body);
            Registry.remove(s);
            throw e;
        }
        if (f.cancelledScope() != null) {
            s.cancelled = true; // opened in cancelled code: its children are born cancelled
        }
        return s;
    }

    /** The scope {@code Weft.spawn} puts a task into: the innermost one of the calling thread. */
    public static ScopeImpl enclosing() {
        Frame f = Frame.currentOrNull();
        ScopeImpl s = null;
        if (f != null) {
            s = f.scope != null ? f.scope : f instanceof TaskImpl<?> t ? t.scope : null;
        }
        if (s == null) {
            throw new IllegalStateException("spawn needs an enclosing scope: call it inside Weft.run(...), "
                    + "TaskGroup.run(g -> ...) or a try (var g = TaskGroup.open()) block, or use g.spawn(...)");
        }
        return s;
    }

    // ---- children --------------------------------------------------------------------------------

    /** Starts {@code body} as a child; refused once the scope has finished. */
    public <T> TaskImpl<T> spawn(String name, Callable<? extends T> body) {
        TaskImpl<T> t = new TaskImpl<>(this, name, body);
        boolean bornCancelled;
        lock.lock();
        try {
            if (live == 0) {
                throw new IllegalStateException("this task group has finished; spawn into a group while it is open");
            }
            live++;
            t.next = head;
            if (head != null) {
                head.prev = t;
            }
            head = t;
            bornCancelled = cancelled;
        } finally {
            lock.unlock();
        }
        TaskEvents.spawned(t, this);
        if (bornCancelled) {
            t.completeUnstarted(null);
            return t;
        }
        try {
            Engines.current().start(t);
        } catch (Throwable e) {
            t.completeUnstarted(e);
            throw e;
        }
        return t;
    }

    /** Called by a child once its outcome is published and its callbacks have run. */
    void childDone(TaskImpl<?> t) {
        Throwable first = null;
        lock.lock();
        try {
            if (t.prev != null) {
                t.prev.next = t.next;
            } else if (head == t) {
                head = t.next;
            }
            if (t.next != null) {
                t.next.prev = t.prev;
            }
            t.prev = null;
            t.next = null;
            if (t.stateCode() == TaskImpl.FAILED) {
                if (supervisor) {
                    if (failedChildren == null) {
                        failedChildren = new ArrayList<>();
                    }
                    failedChildren.add(t);
                } else {
                    first = record(t.thrown());
                }
            }
            if (--live == 0) {
                finished.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (first != null) {
            failed(first);
        }
    }

    /** A done-callback of child {@code t} threw: reported like a failure of the scope. */
    void callbackFailed(TaskImpl<?> t, Throwable error) {
        if (supervisor) {
            LOG.warn("a done-callback of task {} failed", t.name(), error);
            return;
        }
        recordFailure(error);
    }

    /** Records a failure that is not a child's (the body's own, a callback's); the first one cancels the rest. */
    void recordFailure(Throwable error) {
        Throwable first;
        lock.lock();
        try {
            first = record(Failures.thrownForm(error));
        } finally {
            lock.unlock();
        }
        if (first != null) {
            failed(first);
        }
    }

    /** Under the lock: keeps the first failure, attaches later ones; returns it if it is the first. */
    private Throwable record(Throwable thrown) {
        if (failure == null) {
            failure = thrown;
            return thrown;
        }
        Failures.addSuppressed(failure, thrown);
        return null;
    }

    private void failed(Throwable first) {
        cancelled = true;
        body.cancelWith(first);
        cancelChildren();
    }

    /** Cancels every child, now and spawned later. Never blocks. */
    public void cancelChildren() {
        cancelled = true;
        List<TaskImpl<?>> snapshot = new ArrayList<>();
        lock.lock();
        try {
            for (TaskImpl<?> t = head; t != null; t = t.next) {
                snapshot.add(t);
            }
        } finally {
            lock.unlock();
        }
        for (TaskImpl<?> t : snapshot) {
            t.cancel();
        }
    }

    // ---- ending ----------------------------------------------------------------------------------

    /**
     * Try-with-resources end: waits for every child, then throws the first failure unless the body
     * already received it. Does not report an outer cancel: the next Weft call does.
     */
    public void close() {
        if (Frame.currentOrNull() != owner) {
            throw new IllegalStateException("close a TaskGroup on the thread that opened it");
        }
        if (closed) {
            return;
        }
        awaitChildren();
        Throwable f = failureNow();
        boolean received = receivedByBody(f);
        finish();
        if (f != null && !received) {
            throw Failures.unchecked(f);
        }
    }

    /**
     * Lambda-form end: runs {@code code} as the body, then waits for every child. The body's own
     * failure cancels the children; a child's failure wins over the body's cancellation and is thrown
     * even if the body caught it (unlike {@link #close()}, which cannot tell whether the body's try
     * block is still carrying it).
     */
    public <T> T runBody(Callable<T> code) {
        T v = null;
        Throwable bodyError = null;
        try {
            v = code.call();
        } catch (InterruptedException e) {
            bodyError = owner.interrupted(e);
        } catch (Throwable t) {
            bodyError = t;
        }
        if (bodyError != null) {
            if (isNews(bodyError)) {
                if (!cancelled) {
                    cancelChildren();
                }
            } else {
                recordFailure(bodyError);
            }
        }
        awaitChildren();
        Throwable f = failureNow();
        finish();
        if (f != null) {
            throw Failures.unchecked(f);
        }
        if (bodyError != null) {
            throw Failures.unchecked(bodyError);
        }
        return v;
    }

    /** Whether a Weft call of the body threw {@code f}: then it is the body's to handle, not reported again. */
    private boolean receivedByBody(Throwable f) {
        return f != null && body.delivered && body.lastDelivered == f;
    }

    /** Whether the body's exception is news Weft delivered (a cancel, a timeout, this or an outer group's failure). */
    private boolean isNews(Throwable e) {
        return e instanceof CancellationException || e == owner.lastDelivered;
    }

    private Throwable failureNow() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    /** Releases the body's token and waits until every child has finished. */
    private void awaitChildren() {
        closed = true;
        if (!cancelled && owner.cancelledScope() != null) {
            cancelChildren(); // cancelled while the body ran without a Weft call
        }
        lock.lock();
        try {
            live--;
            while (live > 0) {
                try {
                    finished.await();
                } catch (InterruptedException e) {
                    lock.unlock();
                    try {
                        owner.absorbInterrupt();
                        cancelChildren();
                    } finally {
                        lock.lock();
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void finish() {
        Throwable engineFailure = null;
        try {
            Engines.current().scopeClosed(this, engineState);
        } catch (RuntimeException | Error e) {
            engineFailure = e;
        }
        if (outerOnFrame == null && owner instanceof ForeignFrame) {
            Registry.remove(this);
        }
        owner.scope = outerOnFrame;
        owner.pop(body);
        if (failedChildren != null) {
            for (TaskImpl<?> t : failedChildren) {
                if (!t.observed) {
                    LOG.warn("task {} failed and nobody observed it", t.name(), t.rawFailure());
                }
            }
        }
        if (engineFailure != null) {
            throw Failures.unchecked(engineFailure);
        }
    }

    /**
     * Ends a scope its body left open (a task returned from inside an unclosed try block): cancels the
     * children, waits for them, and closes the scope without reporting, so the structure holds.
     */
    void abandon() {
        if (!cancelled) {
            cancelChildren();
        }
        if (!closed) {
            awaitChildren();
        }
        finish();
    }

    /**
     * Whether the calling thread is this scope's owner and nothing (no timeout, shield or other group)
     * was opened inside it since: then it may be closed right now without breaking the nesting.
     */
    public boolean isInnermost() {
        return Frame.currentOrNull() == owner && owner.top() == body;
    }

    /** A snapshot of the live children, for the task tree. */
    List<TaskImpl<?>> children() {
        List<TaskImpl<?>> out = new ArrayList<>();
        lock.lock();
        try {
            for (TaskImpl<?> t = head; t != null; t = t.next) {
                out.add(t);
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /** The scope that was innermost on the owner's frame when this one opened. */
    ScopeImpl outerOnFrame() {
        return outerOnFrame;
    }

    /** The engine's state for this scope. */
    public Object engineState() {
        return engineState;
    }

    /** The frame whose code is this scope's body. */
    Frame owner() {
        return owner;
    }

    @Override
    public String toString() {
        return (supervisor ? "SupervisorGroup" : "TaskGroup") + "@" + Integer.toHexString(hashCode());
    }
}
