package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Task;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Weft's state for one thread: the stack of {@link CancelScope}s the thread is inside, the innermost
 * structured scope opened on it, and the bookkeeping of interrupts Weft sent to it.
 *
 * <p>A task's virtual thread has its {@link TaskImpl} as frame; any other thread that opens a group,
 * a timeout or a shield gets a short-lived {@link ForeignFrame}.
 *
 * <p>Implementation notes. The cancel-scope stack is changed only by the owner thread, and always
 * under {@link #lock()}; cancellers on other threads read it under the same lock to decide whether
 * the owner is inside the cancelled scope (and not behind a shield) before interrupting it. That
 * makes "interrupt only while inside" exact: {@link #pop} clears an interrupt Weft sent once no
 * cancelled scope remains, so no interrupt of ours outlives the scope that justified it. The lock is
 * the frame itself, a {@link SpinLock}: no blocking call is made while it is held.
 *
 * <p>The root scope is created only when it is needed as an object, so that a task that is never
 * cancelled and never opens a scope costs no {@link CancelScope} (most parked tasks are such). The
 * field {@code root} is a little state machine, changed only by CAS except for the foreign frame's
 * eager root: {@code null} (the task's thread has not entered its root yet, or has left it),
 * {@link #INSIDE} (its thread runs inside the root and no root object exists), or the root object
 * (from then on it stays until the thread leaves; it is active while the thread is inside). The
 * object is created by whoever first needs it: the owner, when it pushes its first scope (the root
 * goes below it, active) or cancels its own root (a foreign interrupt); a canceller on another
 * thread ({@link #cancelRoot}), active if it replaced {@link #INSIDE} and inactive if it replaced
 * {@code null} (a cancel before the start: the thread enters it and sees it cancelled). One CAS
 * decides every race between the two, so the root that a canceller cancels is the one the owner
 * sees. {@code top} is {@code null} while no scope is open above the root; the stack is then the
 * root alone, if it exists and is active (see {@link #top()}). A {@code null} {@code top} never
 * hides a cancel: a canceller that creates the root from {@link #INSIDE} creates it active, so it
 * interrupts the thread as it would have interrupted the thread inside an eager root.
 */
public abstract class Frame extends SpinLock {
    /** The frames of threads that are not tasks (a task's thread finds its frame without it). */
    private static final ThreadLocal<Frame> FOREIGN = new ThreadLocal<>();
    private static final VarHandle THREAD;
    private static final VarHandle ROOT;
    /**
     * The value of {@code root} while a task's thread runs inside its root scope and nobody has needed
     * that scope as an object yet. Never cancelled, never active, never on a stack.
     */
    private static final CancelScope INSIDE = new CancelScope(CancelScope.Kind.TASK, null, null);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            THREAD = l.findVarHandle(Frame.class, "thread", Thread.class);
            ROOT = l.findVarHandle(Frame.class, "root", CancelScope.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The thread this frame belongs to; set before the frame is used. */
    volatile Thread thread;
    /**
     * This frame's outermost cancel scope (cancelling it cancels the task, or the foreign thread's Weft
     * work) once it exists; {@code null} or {@link #INSIDE} before that (see the class notes). Changed
     * by CAS.
     */
    private volatile CancelScope root;
    /**
     * Innermost cancel scope, or {@code null} while no scope is open above the root (see {@link #top()});
     * written by the owner under the lock.
     */
    private CancelScope top;
    /**
     * The innermost group ({@link ScopeImpl}) opened on this frame's thread and not yet closed;
     * {@code null} if none. Not the group that owns a task: that is {@link TaskImpl#owningScope}. Written by
     * the owner thread only.
     */
    volatile ScopeImpl innermostScope;
    /**
     * The last exception a scope's {@code close()} on this frame threw (a timeout's expiry, a group's
     * failure), so that an enclosing Weft call can recognise it when try-with-resources attached it as
     * suppressed to an interrupt in another form (see {@link Interrupts#reportedInstead}); owner only.
     */
    Throwable reportedAtClose;
    /** Weft interrupted the thread and nobody consumed that interrupt yet; guarded by the lock. */
    private boolean interruptPending;
    /** Interrupts are held back (see {@link #uninterruptibly}); guarded by the lock. */
    private boolean deferring;
    /** An interrupt was held back while deferring; guarded by the lock. */
    private boolean deferred;

    /** A task's frame: its root scope is created when needed (see the class notes). */
    Frame() {
    }

    /**
     * A foreign frame of {@code owner}: its root scope exists from the start (it is pushed as the frame
     * is bound, see {@link #currentOrCreate()}), since such a frame lives only while a scope is open.
     */
    Frame(Thread owner) {
        thread = owner;
        root = new CancelScope(CancelScope.Kind.TASK, this, null);
    }

    /**
     * Records the thread that will run this frame, before that thread starts. A release store, not a
     * volatile one: {@code Thread.start} publishes it to the new thread, and a canceller reads it only
     * after seeing the root scope active (or {@link #INSIDE}), which the new thread sets after the start.
     */
    final void setThread(Thread t) {
        THREAD.setRelease(this, t);
    }

    /**
     * The frame of the calling thread, or {@code null} if it has none. A task's thread keeps its task
     * in its uncaught-exception-handler slot (see {@link TaskImpl#run()}): a field the thread has
     * anyway, where a thread-local would cost every task a map of its own. Other threads keep their
     * {@link ForeignFrame} in a thread-local.
     */
    public static Frame currentOrNull() {
        TaskImpl<?> t = TaskImpl.onThisThread();
        return t != null ? t : FOREIGN.get();
    }

    /** The frame of the calling thread, creating a {@link ForeignFrame} for a thread outside any task. */
    static Frame currentOrCreate() {
        Frame f = currentOrNull();
        if (f == null) {
            f = new ForeignFrame(Thread.currentThread());
            FOREIGN.set(f);
            f.push(f.root);
        }
        return f;
    }

    /** Forgets the calling thread's {@link ForeignFrame}. */
    static void unbindForeign() {
        FOREIGN.remove();
    }

    /** The task running on the calling thread, or {@code null}. */
    public static Task<?> currentTask() {
        return TaskImpl.onThisThread();
    }

    /** A checkpoint: throws what a Weft blocking call would throw here because of cancellation. */
    public static void checkpoint() {
        Frame f = currentOrNull();
        if (f != null) {
            f.checkCancelled();
        } else if (Thread.currentThread().isInterrupted()) {
            throw new CancelledException("the thread was interrupted");
        }
    }

    /** What a cancelled scope's exception says about this frame. */
    abstract String cancelMessage();

    /** "task NAME" or "thread NAME", for diagnostics. */
    abstract String describe();

    // ---- the cancel-scope stack (owner thread) ---------------------------------------------------

    /**
     * Enters a task's root scope, on the task's own thread before its body runs (then check
     * {@link #rootCancelled()}). No lock. Usually no root object exists: {@code root} goes from
     * {@code null} to {@link #INSIDE}, and a canceller that comes later creates the root active (see
     * the class notes). If a canceller created it before the start, the thread enters it: the
     * canceller sets {@code cancelled} before it reads {@code active}, and the task sets
     * {@code active} before it reads {@code cancelled} (both volatile), so either the canceller
     * interrupts the thread or the task sees the cancel and skips its body.
     */
    final void enterRoot() {
        if (!ROOT.compareAndSet(this, null, INSIDE)) {
            root.active = true; // created by a canceller before the start (nothing else replaces null)
        }
        top = null;
    }

    /** Leaves a task's root scope as the thread ends; an interrupt arriving now only hits a dying thread. */
    final void leaveRoot() {
        if (!ROOT.compareAndSet(this, INSIDE, null)) {
            root.leaveQuietly(); // a root object exists: it stays, inactive
        }
        top = null;
    }

    /** Whether this frame's root scope is cancelled (no root object yet: not cancelled). Any thread. */
    final boolean rootCancelled() {
        CancelScope r = root;
        return r != null && r.isCancelled(); // INSIDE is never cancelled
    }

    /** This frame's root scope object, or {@code null} (or {@link #INSIDE}) if none was needed yet. */
    final CancelScope rootScope() {
        return root;
    }

    /**
     * Cancels this frame's root scope, creating it if nobody needed it before (see the class notes):
     * active if the owner's thread is inside its root now, inactive if it has not entered it yet or
     * has left it. Any thread.
     */
    final void cancelRoot() {
        for (;;) {
            CancelScope r = root;
            if (r != null && r != INSIDE) {
                r.cancel();
                return;
            }
            CancelScope created = new CancelScope(CancelScope.Kind.TASK, this, null);
            if (r == INSIDE) {
                created.active = true;
            }
            if (ROOT.compareAndSet(this, r, created)) {
                created.cancel();
                return;
            }
        }
    }

    /**
     * The root scope to put below the first scope a task's thread opens: created now, active, if the
     * thread is inside its root and nobody created it yet; {@code null} if the thread is not inside
     * its root (a done-callback running on it after the end opens a scope with nothing below). Owner
     * thread.
     */
    private CancelScope rootBelowFirstScope() {
        CancelScope r = root;
        if (r == INSIDE) {
            CancelScope created = new CancelScope(CancelScope.Kind.TASK, this, null);
            created.active = true;
            if (ROOT.compareAndSet(this, INSIDE, created)) {
                return created;
            }
            r = root; // a canceller created it meanwhile, active (it replaced INSIDE)
        }
        return r != null && r.active ? r : null;
    }

    void push(CancelScope s) {
        CancelScope below = top;
        if (below == null && s.kind != CancelScope.Kind.TASK) { // a foreign frame pushes its root first
            below = rootBelowFirstScope();
        }
        lock();
        try {
            s.outer = below;
            top = s;
            s.active = true;
        } finally {
            unlock();
        }
    }

    void pop(CancelScope s) {
        popWithoutRelease(s);
        CancelScope r = root;
        if (s != r && top == r) {
            released();
        }
    }

    final void popWithoutRelease(CancelScope s) {
        lock();
        try {
            if (top != s) {
                throw outOfOrder(s);
            }
            top = s.outer;
            s.active = false;
            if (interruptPending && cancelledScopeFrom(top) == null) {
                interruptPending = false;
                Thread.interrupted();
            }
        } finally {
            unlock();
        }
    }

    /**
     * Throws, before anything is changed, if {@code s} is not the innermost scope of this frame: a
     * refused close leaves {@code s} fully open, so closing in the right order afterwards works.
     * Owner thread.
     */
    final void requireInnermost(CancelScope s) {
        if (top != s) {
            throw outOfOrder(s);
        }
    }

    private IllegalStateException outOfOrder(CancelScope s) {
        CancelScope inner = top;
        while (inner != null && inner.outer != s) {
            inner = inner.outer;
        }
        String blocking = inner != null ? inner.toString() : String.valueOf(top);
        return new IllegalStateException("scopes must be closed innermost first: cannot close " + s
                + " while " + blocking + ", opened inside it, is still open; close that one first (nothing was closed)");
    }

    /**
     * Closes whatever the code left open above the root (a group, a timeout or a shield opened
     * without try-with-resources) so that the frame can end; returns an exception naming them, or
     * {@code null} if nothing was left open. Owner thread.
     */
    IllegalStateException closeLeftovers() {
        IllegalStateException leak = null;
        CancelScope r = root;
        while (top != null && top != r) {
            CancelScope c = top;
            String what = c.toString();
            try {
                switch (c.kind) {
                    case GROUP_BODY -> {
                        Throwable lost = c.group.abandon();
                        if (lost != null) { // the group's failure that nobody received: attach it
                            if (leak == null) {
                                leak = new IllegalStateException(describe() + " ended with " + what
                                        + " still open: close it before returning (try-with-resources)");
                            }
                            Failures.attach(leak, lost);
                        }
                    }
                    case TIMEOUT -> Deadlines.closeQuietly(c);
                    default -> popWithoutRelease(c);
                }
            } catch (RuntimeException | Error e) {
                if (top == c) {
                    popWithoutRelease(c);
                }
                if (leak == null) {
                    leak = new IllegalStateException("closing what was left open failed");
                }
                leak.addSuppressed(e);
            }
            if (leak == null) {
                leak = new IllegalStateException(describe() + " ended with " + what
                        + " still open: close it before returning (try-with-resources)");
            }
        }
        return leak;
    }

    /** Called when only the root scope is left; a foreign frame goes away then. */
    void released() {
    }

    /**
     * The innermost cancel scope: {@code top}, or if no scope is open above the root, the root if it
     * exists and the thread is inside it; {@code null} if neither (owner thread).
     */
    CancelScope top() {
        CancelScope t = top;
        if (t != null) {
            return t;
        }
        CancelScope r = root;
        return r != null && r.active ? r : null; // INSIDE is never active
    }

    /** The outermost cancelled scope that is visible from the innermost one (a shield hides the rest). */
    CancelScope cancelledScope() {
        return cancelledScopeFrom(top());
    }

    static CancelScope cancelledScopeFrom(CancelScope start) {
        CancelScope hit = null;
        for (CancelScope c = start; c != null && c.kind != CancelScope.Kind.SHIELD; c = c.outer) {
            if (c.isCancelledNow()) {
                hit = c;
            }
        }
        return hit;
    }

    /** Throws the news of the outermost cancelled scope, if any. */
    void checkCancelled() {
        CancelScope s = cancelledScope();
        if (s != null) {
            s.settle();
            consumeInterrupt();
            throw s.deliver();
        }
    }

    /**
     * Turns an {@link InterruptedException} caught by a Weft blocking call into what the call must
     * throw: the news of a cancelled scope, or, for an interrupt Weft did not send, a cancellation of
     * this frame's task (an interrupt means "stop").
     */
    RuntimeException interrupted(InterruptedException e) {
        CancelScope s = cancelledScope();
        if (s == null) {
            cancelRoot();
            s = cancelledScope();
        }
        if (s != null) {
            s.settle();
        }
        consumeInterrupt();
        if (s == null) { // a foreign interrupt inside a shield: the shield cannot resume the interrupted call
            CancelledException c = new CancelledException(cancelMessage());
            c.initCause(e);
            return c;
        }
        return s.deliver();
    }

    /**
     * Java's interrupt idioms: if {@code error} is an interrupt in another form (see {@link Interrupts})
     * and a scope visible from here is cancelled, so that Weft's interrupt caused it, returns that
     * scope's news with {@code error} attached (as its cause, or suppressed on a group's failure);
     * otherwise {@code error}. Owner thread.
     */
    Throwable newsFor(Throwable error) {
        if (!Interrupts.causedByInterrupt(error)) {
            return error;
        }
        CancelScope s = cancelledScope();
        if (s == null) {
            return error;
        }
        s.settle();
        consumeInterrupt();
        RuntimeException news = s.deliver();
        if (news.getCause() == null && news != s.groupFailure()) {
            news.initCause(error);
        } else {
            Failures.attach(news, error);
        }
        return news;
    }

    /** Absorbs an interrupt while waiting for structure (children must still be awaited). */
    void absorbInterrupt() {
        if (cancelledScope() == null) {
            cancelRoot();
        }
        consumeInterrupt();
    }

    /** Clears the interrupt status if Weft set it. */
    void consumeInterrupt() {
        lock();
        try {
            if (interruptPending) {
                interruptPending = false;
                Thread.interrupted();
            }
        } finally {
            unlock();
        }
    }

    /**
     * Runs {@code action} with Weft's interrupts held back and the interrupt status clear, then
     * delivers what was held back. For engines that must call an interruptible JDK method whose
     * interruption would break the structure (a {@code StructuredTaskScope} join at a scope's end).
     * Cancellation itself is not lost: scopes stay cancelled and the interrupt follows.
     */
    public static void uninterruptibly(Runnable action) {
        Frame f = currentOrNull();
        if (f != null) {
            f.lock();
            f.deferring = true;
            f.unlock();
        }
        boolean wasInterrupted = Thread.interrupted();
        try {
            action.run();
        } finally {
            boolean interruptNow = wasInterrupted;
            if (f != null) {
                f.lock();
                f.deferring = false;
                if (f.deferred) {
                    f.deferred = false;
                    f.interruptPending = true;
                    interruptNow = true;
                }
                f.unlock();
            }
            if (interruptNow) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- cancellers (any thread) -------------------------------------------------------------------

    /**
     * Makes the owner see that {@code s} was cancelled: interrupts it if it is inside {@code s} and not
     * behind a shield, and cancels the children of the groups opened inside {@code s}.
     */
    void deliverCancel(CancelScope s) {
        ScopeImpl[] groups = null;
        int n = 0;
        lock();
        try {
            if (!s.active) {
                return;
            }
            boolean shielded = false;
            for (CancelScope c = top; c != null && c != s; c = c.outer) {
                if (c.kind == CancelScope.Kind.SHIELD) {
                    shielded = true;
                    n = 0;
                } else if (c.kind == CancelScope.Kind.GROUP_BODY) {
                    if (groups == null) {
                        groups = new ScopeImpl[4];
                    } else if (n == groups.length) {
                        groups = java.util.Arrays.copyOf(groups, n * 2);
                    }
                    groups[n++] = c.group;
                }
            }
            Thread owner = thread; // null once a task's thread has ended (it may still look active here)
            if (!shielded && owner != null) {
                if (deferring) {
                    deferred = true;
                } else {
                    interruptPending = true;
                    owner.interrupt();
                    Idle.interrupted(owner); // after the interrupt: see Idle's notes
                }
            }
        } finally {
            unlock();
        }
        for (int i = 0; i < n; i++) {
            groups[i].cancelChildren();
        }
    }

}
