package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Task;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task: its body, its state machine, and (as a {@link Frame}) the Weft state of its virtual thread.
 *
 * <p>Implementation notes. States go RUNNING (0) → one of SUCCESS, FAILED, CANCELLED, written once;
 * {@link #cancel()} moves a running task to CANCEL_REQUESTED (-1) by CAS, and a body that returns
 * normally publishes SUCCESS by a CAS from RUNNING, so a cancel that returned {@code true} is never
 * followed by SUCCESS (the task ends CANCELLED, or FAILED if its body threw an exception of its own).
 * A task ends CANCELLED only if it was cancelled (its root scope: its cancel(), its group, a foreign
 * interrupt) and its body let a cancellation or an interrupt (in any form, see {@link Interrupts})
 * escape or returned; a {@code CancellationException} escaping a task nobody cancelled is a failure.
 * Completion happens in this order: the outcome is published ({@link #isDone()} turns true), the
 * done-callbacks run, the owning scope records the outcome (a failure cancels the siblings and the
 * group's body), and only then is the task <em>settled</em> and its joiners released. So a joiner
 * that is the group's body always finds the group's failure already recorded, and receives it as
 * the group's news. A cancel request is final: a body that swallows it still ends CANCELLED, but a
 * body that throws something else meanwhile ends FAILED, so that exception is not lost. The latch
 * for joiners and the callback list are created only when somebody waits or registers. Every field
 * counts, since a server parks many tasks at once: the given name and the generated number share
 * one, so do the body and the outcome, a failure's two forms live in one {@link Failed} record, and
 * the root cancel scope exists only once something needs it (see {@link Frame}).
 */
public final class TaskImpl<T> extends Frame implements Task<T>, Runnable, Thread.UncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TaskImpl.class);
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final VarHandle CALLBACKS;
    private static final VarHandle LATCH;
    private static final VarHandle STATE;
    private static final VarHandle NAME;
    /** The value of {@code latch} once the task has settled. */
    private static final Object SETTLED = new Object();
    /** The value of {@code callbacks} once they have run: a callback added later runs at once. */
    private static final Object DONE = new Object();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CALLBACKS = l.findVarHandle(TaskImpl.class, "callbacks", Object.class);
            LATCH = l.findVarHandle(TaskImpl.class, "latch", Object.class);
            STATE = l.findVarHandle(TaskImpl.class, "state", int.class);
            NAME = l.findVarHandle(TaskImpl.class, "nameOrNumber", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final int CANCEL_REQUESTED = -1;
    static final int RUNNING = 0;
    static final int SUCCESS = 2;
    static final int FAILED = 3;
    static final int CANCELLED = 4;

    /**
     * The name given at spawn (a {@code String}); for a task spawned without one, the number in the
     * name {@link #name()} generates (an {@code Integer}, given when the name is first asked for, so
     * that a spawn does not pay for it), {@code null} until then. One field for both, as every task
     * needs one of them and few need the number.
     */
    private volatile Object nameOrNumber;
    /** The task's context variables: its spawner's at the spawn, then its own (owner thread only). */
    Contexts.Bindings context;
    /**
     * The group that owns this task (it spawned it and waits for it); {@code null} for a root task.
     * Not the innermost group opened on this task's thread: that is {@link Frame#innermostScope}.
     */
    final ScopeImpl owningScope;

    /** RUNNING, CANCEL_REQUESTED, then one of SUCCESS, FAILED, CANCELLED (see the class notes); changed by CAS. */
    private volatile int state;
    /**
     * The code to run until it has run (or will never run), then the outcome: SUCCESS the value,
     * FAILED a {@link Failed}, CANCELLED the CancelledException. One field for both, since a task
     * never needs them at once: the body is dropped before the outcome is written (so a done task
     * does not keep it alive), and the outcome is read only once {@code state} says the task is done.
     */
    private Object bodyOrOutcome;
    /** {@code null}, the joiners' latch, or {@link #SETTLED}: one atomic swap settles the task and finds its joiners. */
    private volatile Object latch;
    /** {@code null}, a stack of done-callbacks (pushed by CAS), or {@link #DONE} once they have run. */
    @SuppressWarnings("unused") // via CALLBACKS
    private volatile Object callbacks;
    /** Somebody received this task's outcome (join, result, exception...): a failure it had is not reported as unobserved. */
    volatile boolean observed;

    /** The next older sibling in the owning scope's child list (see {@link ScopeImpl}). */
    TaskImpl<?> next;

    TaskImpl(ScopeImpl owningScope, String name, Callable<? extends T> body) {
        this(owningScope, name, body, Contexts.capture());
    }

    /** A task that starts with {@code context} as its context variables (the spawner's, captured once for a batch). */
    TaskImpl(ScopeImpl owningScope, String name, Callable<? extends T> body, Contexts.Bindings context) {
        this.owningScope = owningScope;
        this.nameOrNumber = name;
        this.bodyOrOutcome = body;
        this.context = context;
    }

    String givenName() {
        return nameOrNumber instanceof String given ? given : null;
    }

    @Override
    public String name() {
        Object n = nameOrNumber;
        if (n instanceof String given) {
            return given;
        }
        if (n == null) { // numbered when first named: a spawn does not pay for it
            NAME.compareAndSet(this, null, Integer.valueOf(IDS.incrementAndGet()));
            n = nameOrNumber;
        }
        return "task-" + Integer.toUnsignedString((Integer) n);
    }

    @Override
    String describe() {
        return "task " + name();
    }

    @Override
    String cancelMessage() {
        return "task " + name() + " was cancelled";
    }

    // ---- running ---------------------------------------------------------------------------------

    /** Runs the task on the calling thread, a thread an engine started for it. */
    public void runHere() {
        thread = Thread.currentThread();
        run();
    }

    /** The name given at spawn, or {@code null}. */
    public String nameIfGiven() {
        return givenName();
    }

    /** The scope that owns this task ({@code null} for a root task). */
    public ScopeImpl owningScope() {
        return owningScope;
    }

    /** The task whose thread is the calling thread, or {@code null}. */
    static TaskImpl<?> onThisThread() {
        return Thread.currentThread().getUncaughtExceptionHandler() instanceof TaskImpl<?> t ? t : null;
    }

    /**
     * Logs an exception that escaped this task's thread: only Weft's own completion code could let one
     * escape, since the body's exceptions are the task's outcome. The task is its thread's handler
     * so that the thread can find its task without a thread-local (see {@link Frame#currentOrNull()}).
     */
    @Override
    public void uncaughtException(Thread t, Throwable e) {
        LOG.error("an exception escaped the thread of task {}", name(), e);
    }

    @Override
    public void run() {
        Thread me = Thread.currentThread();
        me.setUncaughtExceptionHandler(this);
        enterRoot();
        int outcome;
        T v = null;
        Throwable error = null;
        Propagation.Snapshot carried = Contexts.carried(context); // the spawner's MDC etc.; null: none
        boolean entered = false;
        try {
            if (rootCancelled()) {
                outcome = CANCELLED;
            } else {
                if (carried != null) {
                    entered = true;
                    carried.enter();
                }
                @SuppressWarnings("unchecked")
                Callable<? extends T> body = (Callable<? extends T>) bodyOrOutcome;
                v = body.call();
                outcome = rootCancelled() ? CANCELLED : SUCCESS;
            }
        } catch (Throwable t) {
            error = Interrupts.reportedInstead(this, t);
            outcome = error instanceof InterruptedException
                    || (rootCancelled() && Interrupts.isCancellationLike(error)) ? CANCELLED : FAILED;
        } finally {
            bodyOrOutcome = null;
            if (entered) {
                carried.leave(this);
            }
        }
        if (me.getUncaughtExceptionHandler() != this) {
            LOG.warn("task {} replaced its thread's uncaught-exception handler: Weft calls made after that did "
                    + "not find the task (a Weft task's exceptions are its outcome, so that handler never runs)", name());
        }
        IllegalStateException leftOpen = closeLeftovers();
        if (leftOpen != null) {
            if (error == null) {
                outcome = FAILED;
                error = leftOpen;
                v = null;
            } else {
                Failures.addSuppressed(error, leftOpen);
            }
        }
        leaveRoot();
        complete(outcome, v, error);
        Idle.ended(this); // after complete: the joiners and the scope are marked busy first
        setThread(null); // the ended thread is garbage now, even while somebody keeps the Task handle
    }

    /** Ends a task that was never started: cancelled before it ran, or whose thread could not start. */
    void completeUnstarted(Throwable startFailure) {
        bodyOrOutcome = null;
        complete(startFailure == null ? CANCELLED : FAILED, null, startFailure);
        Idle.ended(this);
    }

    private void complete(int outcome, T v, Throwable error) {
        if (outcome == SUCCESS) {
            bodyOrOutcome = v;
            if (STATE.compareAndSet(this, RUNNING, SUCCESS)) { // loses only to a cancel() that returned true
                finishCompletion(SUCCESS);
                return;
            }
            outcome = CANCELLED;
        }
        switch (outcome) {
            case FAILED -> bodyOrOutcome = new Failed(error, Failures.thrownForm(error));
            default -> {
                if (error instanceof CancelledException c) {
                    bodyOrOutcome = c;
                } else {
                    CancelledException c = new CancelledException(cancelMessage());
                    if (error != null) {
                        c.initCause(error);
                    }
                    bodyOrOutcome = c;
                }
            }
        }
        STATE.setRelease(this, outcome); // publishes the result; the swap in runCallbacks fences it
        finishCompletion(outcome);
    }

    /** After the outcome is published: callbacks, the scope, then the joiners. */
    private void finishCompletion(int outcome) {
        TaskEvents.completed(this, outcome);
        runCallbacks();
        if (owningScope != null) {
            owningScope.childDone(this);
        }
        if (LATCH.getAndSet(this, SETTLED) instanceof CountDownLatch l) {
            Idle.countDown(l);
        }
    }

    // ---- state -----------------------------------------------------------------------------------

    int stateCode() {
        return state;
    }

    /**
     * A failed task's outcome: the original exception and the form in which it is rethrown (see
     * {@link Failures#thrownForm}), one and the same instance each time. A record of its own, so that
     * every task does not carry a field that only a failure needs.
     */
    private record Failed(Throwable raw, Throwable thrown) {
    }

    /** FAILED: the form in which the failure is rethrown; otherwise {@code null}. */
    Throwable thrown() {
        return state == FAILED ? ((Failed) bodyOrOutcome).thrown() : null;
    }

    /** FAILED: the original exception; CANCELLED: the CancelledException; otherwise {@code null}. */
    Throwable rawFailure() {
        return switch (state) {
            case FAILED -> ((Failed) bodyOrOutcome).raw();
            case CANCELLED -> (Throwable) bodyOrOutcome;
            default -> null;
        };
    }

    @SuppressWarnings("unchecked")
    T value() {
        return (T) bodyOrOutcome;
    }

    boolean settled() {
        return latch == SETTLED;
    }

    @Override
    public boolean isDone() {
        return state >= SUCCESS;
    }

    @Override
    public boolean isCancelled() {
        return state == CANCELLED;
    }

    @Override
    public State state() {
        return switch (state) {
            case SUCCESS -> State.SUCCESS;
            case FAILED -> State.FAILED;
            case CANCELLED -> State.CANCELLED;
            default -> State.RUNNING;
        };
    }

    @Override
    public boolean cancel() {
        for (;;) {
            int s = state;
            if (s >= SUCCESS) {
                return false;
            }
            if (s == CANCEL_REQUESTED) {
                cancelRoot(); // returns at once if the first canceller got there
                return true;
            }
            if (STATE.compareAndSet(this, s, CANCEL_REQUESTED)) {
                break;
            }
        }
        TaskEvents.cancelRequested(this);
        cancelRoot();
        return true;
    }

    // ---- waiting ---------------------------------------------------------------------------------

    @Override
    public T join() {
        Frame f = currentOrNull();
        if (f == this) {
            throw new IllegalStateException("task " + name() + " cannot join itself");
        }
        if (f != null) {
            f.checkCancelled();
        }
        if (!settled()) {
            try {
                awaitSettled();
            } catch (InterruptedException e) {
                if (f != null) {
                    throw f.interrupted(e);
                }
                Thread.currentThread().interrupt();
                CancelledException c = new CancelledException("interrupted while joining task " + name());
                c.initCause(e);
                throw c;
            }
        }
        observed = true;
        if (f != null) {
            f.checkCancelled(); // a cancel racing the wake-up wins (join takes nothing); the joiner's group may have failed because of this very task
        }
        return report();
    }

    void awaitSettled() throws InterruptedException {
        CountDownLatch l = latch();
        if (l != null) {
            Idle.await(l);
        }
    }

    /** Waits until settled; an interrupt does not end the wait, and is restored afterwards. */
    void awaitSettledUninterruptibly() {
        boolean interrupted = false;
        while (!settled()) {
            try {
                awaitSettled();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether somebody is blocked joining this task right now (then its failure is observed). */
    boolean hasJoiners() {
        return latch instanceof CountDownLatch;
    }

    boolean awaitSettled(long nanos) throws InterruptedException {
        CountDownLatch l = latch();
        return l == null || l.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** The joiners' latch, created by the first joiner; {@code null} once the task has settled. */
    private CountDownLatch latch() {
        for (;;) {
            Object l = latch;
            if (l == SETTLED) {
                return null;
            }
            if (l != null) {
                return (CountDownLatch) l;
            }
            CountDownLatch mine = new CountDownLatch(1);
            if (LATCH.compareAndSet(this, null, mine)) {
                return mine;
            }
        }
    }

    /** The value, or the failure rethrown (unchecked as itself, checked wrapped). */
    T report() {
        return switch (state) {
            case SUCCESS -> value();
            case FAILED -> throw Failures.unchecked(thrown());
            case CANCELLED -> throw new CancelledException(cancelMessage());
            default -> throw new IllegalStateException("task " + name() + " is still running");
        };
    }

    @Override
    public T result() {
        if (!isDone()) {
            throw new IllegalStateException("task " + name() + " is still running; join() waits for it");
        }
        observed = true;
        return report();
    }

    @Override
    public Throwable exception() {
        if (!isDone()) {
            throw new IllegalStateException("task " + name() + " is still running; join() waits for it");
        }
        observed = true;
        return rawFailure();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        awaitSettled();
        return getReport();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(unit, "unit");
        if (!awaitSettled(unit.toNanos(timeout))) {
            throw new TimeoutException("task " + name() + " did not finish within " + timeout + " " + unit);
        }
        return getReport();
    }

    private T getReport() throws ExecutionException {
        observed = true;
        return switch (state) {
            case SUCCESS -> value();
            case FAILED -> throw new ExecutionException(rawFailure());
            default -> throw (CancelledException) bodyOrOutcome;
        };
    }

    // ---- callbacks -------------------------------------------------------------------------------

    private record Callback<T>(Consumer<? super Task<T>> action, Object next) {
    }

    @Override
    public void onDone(Consumer<? super Task<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        observed = true;
        addCallback(callback);
    }

    /** Registers a callback without counting as observing the task (for Weft's own iterators). */
    void whenDone(Consumer<? super Task<T>> callback) {
        addCallback(callback);
    }

    private void addCallback(Consumer<? super Task<T>> callback) {
        for (;;) {
            Object head = callbacks;
            if (head == DONE) {
                Contexts.Bindings callerContext = Contexts.capture();
                try {
                    callback.accept(this);
                } finally {
                    Contexts.restore(callerContext); // a context-variable change made inside stays there
                }
                return;
            }
            if (CALLBACKS.compareAndSet(this, head, new Callback<T>(callback, head))) {
                return;
            }
        }
    }

    /**
     * Unregisters {@code callback} (the same object that was registered) if it has not run yet;
     * returns whether it was still registered. The list is immutable nodes behind one CAS'd head, so
     * the nodes before it are copied and swung in by one CAS (retried if the head moved). For callers
     * that watch a task only for the length of a call ({@code waitTasks}, {@code asCompleted}), so
     * that a long-lived task watched by many calls keeps no callback of a call that has returned.
     */
    @SuppressWarnings("unchecked")
    boolean removeCallback(Consumer<? super Task<T>> callback) {
        for (;;) {
            Object head = callbacks;
            if (head == DONE || head == null) {
                return false;
            }
            java.util.ArrayList<Consumer<? super Task<T>>> before = new java.util.ArrayList<>();
            Object n = head;
            while (n != null && ((Callback<T>) n).action() != callback) {
                before.add(((Callback<T>) n).action());
                n = ((Callback<T>) n).next();
            }
            if (n == null) {
                return false;
            }
            Object rebuilt = ((Callback<T>) n).next();
            for (int i = before.size() - 1; i >= 0; i--) {
                rebuilt = new Callback<T>(before.get(i), rebuilt);
            }
            if (CALLBACKS.compareAndSet(this, head, rebuilt)) {
                return true;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void runCallbacks() {
        Object head = CALLBACKS.getAndSet(this, DONE);
        if (head == null) {
            return;
        }
        java.util.ArrayDeque<Consumer<? super Task<T>>> inOrder = new java.util.ArrayDeque<>();
        for (Object n = head; n != null; n = ((Callback<T>) n).next()) {
            inOrder.push(((Callback<T>) n).action());
        }
        for (Consumer<? super Task<T>> c : inOrder) {
            try {
                c.accept(this);
            } catch (Throwable t) {
                if (owningScope != null) {
                    owningScope.callbackFailed(this, t);
                } else {
                    LOG.warn("a done-callback of task {} failed", name(), t);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Task[" + name() + ", " + state() + "]";
    }
}
