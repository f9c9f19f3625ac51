package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group: a structured scope (a nursery), the tasks spawned into it, the wait for all of them at its
 * end, and what happens when one fails. Behind {@code TaskGroup}, {@code gather} and {@code Weft.run}.
 * "Group" is the engine's word for it (see the package glossary); a task's group is its
 * {@code TaskImpl.owningScope}, and the last group opened on a thread is its frame's
 * {@code Frame.innermostScope}.
 *
 * <p>Implementation notes. {@code live} counts the live children plus one token for the body; the
 * scope is finished when it reaches zero, and a spawn (a CAS that increments it) is refused from then
 * on; before that, any task may spawn into it, also while the owner waits in {@link #close()}. The
 * children form a list pushed by CAS at its head, with no lock on the spawn or completion path: a
 * finished child stays in the list until the spawner compacts it (when spawns since the last
 * compaction outnumber twice the live count), so the cost is amortised and the list stays
 * proportional to the live children. Compaction and walks take the {@link SpinLock}; pushes only
 * touch {@code head}, compaction only the links behind it. In a fail-fast scope the first failure is
 * recorded, cancels every child, and cancels the body's cancel scope with that failure as its news,
 * so the body's blocked Weft call throws the failure itself; later failures are attached as
 * suppressed. {@code cancelled} is written before the sweep walks the list and read by a spawn after
 * its push (both volatile), so a concurrent child is either found by the sweep or born cancelled
 * (its body never runs). A child's completion does everything it causes before it stops counting
 * as live, and the owner parks until the last child unparks it; waiting ignores interrupts (each
 * only cancels the children again), because no child may outlive its scope.
 * The body's exception counts as news (not as a failure of this scope) only if it is the news of a
 * cancelled scope from this body outward; a nested group's failure that leaves the body is this
 * scope's failure. Failures are attached with {@link Failures#attach}, cancellations included, since
 * a failed child's {@code CancellationException} is a real failure. A supervisor keeps at most
 * {@link #UNOBSERVED_KEPT} unobserved failed children for its WARN at close.
 * Lock order: a frame's lock may be held while taking a scope's lock, never the reverse.
 */
public final class ScopeImpl {
    private static final Logger LOG = LoggerFactory.getLogger(ScopeImpl.class);

    /** A supervisor keeps going when a child fails (TaskGroup.supervisor, service scopes); otherwise fail-fast. */
    private final boolean supervisor;
    /** The frame (thread) that opened this scope and runs its body; it alone closes it. */
    private final Frame owner;
    /** The body's cancel scope, on the owner's stack from open to close; a fail-fast failure cancels it. */
    private final CancelScope body;
    /** The owner's {@link Frame#innermostScope} when this one opened; restored when it closes. */
    private final ScopeImpl outerOnFrame;

    /**
     * How many unobserved failed children a supervisor scope keeps for its WARN at close; beyond that
     * (after dropping those observed since), a failure is logged when it happens instead.
     */
    static final int UNOBSERVED_KEPT = 256;

    private static final VarHandle LIVE;
    private static final VarHandle HEAD;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LIVE = l.findVarHandle(ScopeImpl.class, "live", int.class);
            HEAD = l.findVarHandle(ScopeImpl.class, "head", TaskImpl.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Guards the failure, compaction and walks of the child list; never held across a wait. */
    private final SpinLock lock = new SpinLock();
    /** Live children plus the body's token; 0 = finished. Changed by CAS only. */
    private volatile int live = 1;
    /** The children, newest first, linked through {@code TaskImpl.next}; pushed by CAS. */
    private volatile TaskImpl<?> head;
    /** Spawns since the last compaction (racy on purpose: only a hint). */
    private int pushedSinceCompaction;
    /** The owner, once it waits for the children in {@link #awaitChildren()}. */
    private volatile Thread waiter;
    /** Fail-fast: the first failure (a child's or the body's), later ones suppressed on it; under the lock. */
    private Throwable failure;
    /** Supervisor only: failed children nobody had observed yet, at most {@link #UNOBSERVED_KEPT}; under the lock. */
    private List<TaskImpl<?>> failedChildren;
    /** The children were cancelled (a failure, a cancel of the body's scope); a child spawned from now on is born cancelled. */
    private volatile boolean cancelled;
    /** The owner has begun waiting for the children in close() (owner thread only); another close() meanwhile returns. */
    private boolean closed;
    /** The scope has ended and left its owner's frame; a second close() does nothing. */
    private volatile boolean finished;
    /** The engine's state for this scope (its thread container), from {@link Engine#scopeOpened}. */
    private Object engineState;
    /** A name for dumps ({@code TaskGroup.open(name)}), or {@code null}; set before the first spawn. */
    private volatile String name;
    /**
     * Supervisor scopes only: told of a child's failure when it fails, if nobody observed it by then
     * (a service scope's handler); {@code null} = log the unobserved ones when the scope closes.
     */
    private volatile java.util.function.Consumer<TaskImpl<?>> onChildFailed;

    private ScopeImpl(Frame owner, boolean supervisor) {
        this.owner = owner;
        this.supervisor = supervisor;
        this.body = new CancelScope(CancelScope.Kind.GROUP_BODY, owner, this);
        this.outerOnFrame = owner.innermostScope;
    }

    /**
     * Opens a scope whose body is the calling thread's code from now until {@link #close()}. Entering
     * is a cancellation point: in cancelled code (outside a shield) it throws the news at once.
     */
    public static ScopeImpl open(boolean supervisor) {
        Frame f = Frame.currentOrCreate();
        f.checkCancelled();
        ScopeImpl s = new ScopeImpl(f, supervisor);
        f.push(s.body);
        f.innermostScope = s;
        if (f instanceof ForeignFrame && s.outerOnFrame == null) {
            Registry.add(s);
        }
        try {
            s.engineState = Engines.current().scopeOpened(s);
        } catch (RuntimeException | Error e) {
            f.innermostScope = s.outerOnFrame;
            f.pop(s.body);
            Registry.remove(s);
            throw e;
        }
        if (f.cancelledScope() != null) {
            s.cancelled = true; // cancelled since the check above: its children are born cancelled
        }
        return s;
    }

    /** The scope {@code Weft.spawn} puts a task into: the innermost one of the calling thread. */
    public static ScopeImpl enclosing() {
        Frame f = Frame.currentOrNull();
        ScopeImpl s = null;
        if (f != null) {
            s = f.innermostScope != null ? f.innermostScope : f instanceof TaskImpl<?> t ? t.owningScope : null;
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
        reserve(1);
        push(t, t);
        boolean bornCancelled = cancelled; // read after the push: see the class notes
        afterPush();
        startOrCancel(t, bornCancelled);
        return t;
    }

    /** How many children {@link #spawnAll} counts and pushes at once. */
    private static final int BATCH = 64;

    /**
     * Starts one unnamed child per body, in order, into {@code out}: like {@link #spawn} each, but
     * counted and pushed onto the list a batch at a time (two atomic updates per batch instead of
     * two per child, on the path that limits a large fan-out), and without compacting the list: the
     * caller holds every one of these children until the scope ends anyway, so compaction would only
     * cost time (later single spawns, by the children for instance, compact as usual). If a thread
     * cannot be started, the rest of its batch ends cancelled and the failure is thrown, as
     * {@link #spawn} throws it.
     */
    public void spawnAll(Callable<?>[] bodies, TaskImpl<?>[] out) {
        spawnAll(bodies, out, null);
    }

    /** {@link #spawnAll(Callable[], TaskImpl[])} with children named {@code prefix[0]}, {@code prefix[1]}, ... (no names if null). */
    public void spawnAll(Callable<?>[] bodies, TaskImpl<?>[] out, String prefix) {
        Contexts.Bindings context = Contexts.capture(); // no user code runs here, so it cannot change
        for (int from = 0; from < bodies.length; from += BATCH) {
            int to = Math.min(bodies.length, from + BATCH);
            TaskImpl<?> oldest = null;
            TaskImpl<?> newest = null;
            for (int i = from; i < to; i++) {
                TaskImpl<?> t = new TaskImpl<>(this, prefix == null ? null : prefix + "[" + i + "]", bodies[i], context);
                t.next = newest;
                newest = t;
                if (oldest == null) {
                    oldest = t;
                }
                out[i] = t;
            }
            reserve(to - from);
            push(oldest, newest);
            boolean bornCancelled = cancelled; // read after the push, as in spawn
            pushedSinceCompaction += to - from;
            for (int i = from; i < to; i++) {
                try {
                    startOrCancel(out[i], bornCancelled);
                } catch (Throwable e) {
                    for (int j = i + 1; j < to; j++) {
                        out[j].completeUnstarted(null);
                    }
                    throw e;
                }
            }
        }
    }

    /** Counts {@code n} more live children; refused once the scope has finished. */
    private void reserve(int n) {
        for (;;) {
            int live = this.live;
            if (live == 0) {
                throw new IllegalStateException("this task group has finished; spawn into a group while it is open");
            }
            if (LIVE.compareAndSet(this, live, live + n)) {
                return;
            }
        }
    }

    /** Pushes the chain {@code newest → … → oldest} (already linked) onto the list. */
    private void push(TaskImpl<?> oldest, TaskImpl<?> newest) {
        for (;;) {
            TaskImpl<?> h = head;
            oldest.next = h;
            if (HEAD.compareAndSet(this, h, newest)) {
                return;
            }
        }
    }

    /**
     * Spawns since the last compaction below which the child list is never compacted: a small list is
     * cheaper to keep than to walk.
     */
    private static final int COMPACTION_MIN_PUSHES = 64;

    /**
     * Counts a pushed child and compacts the list when the spawns since the last compaction exceed
     * {@link #COMPACTION_MIN_PUSHES} and outnumber twice the live count.
     */
    private void afterPush() {
        int pushed = ++pushedSinceCompaction;
        if (pushed > COMPACTION_MIN_PUSHES && pushed > 2 * live) {
            compact();
        }
    }

    /** Starts a pushed child's thread, or ends it cancelled if the scope was cancelled meanwhile. */
    private void startOrCancel(TaskImpl<?> t, boolean bornCancelled) {
        TaskEvents.spawned(t, this);
        if (bornCancelled) {
            t.completeUnstarted(null);
            return;
        }
        Idle.spawning(t);
        try {
            Engines.current().start(t);
        } catch (Throwable e) {
            t.completeUnstarted(e);
            throw e;
        }
    }

    /**
     * Called by a child once its outcome is published and its callbacks have run. Everything the
     * child's end causes (recording a failure, cancelling the rest) happens before it stops counting
     * as live, so the owner, once woken, sees all of it.
     */
    void childDone(TaskImpl<?> t) {
        if (t.stateCode() == TaskImpl.FAILED) {
            java.util.function.Consumer<TaskImpl<?>> handler = onChildFailed;
            if (supervisor && handler != null) {
                if (!t.observed && !t.hasJoiners()) {
                    t.observed = true; // reported once, here; a later join still sees the failure
                    handler.accept(t);
                }
                childFinished();
                return;
            }
            Throwable first = null;
            boolean logNow = false;
            lock.lock();
            try {
                if (supervisor) {
                    logNow = !t.observed && !keepUnobserved(t);
                } else {
                    first = record(t.thrown());
                }
            } finally {
                lock.unlock();
            }
            if (first != null) {
                failed(first);
            }
            if (logNow) {
                LOG.warn("task {} failed and nobody has observed it yet; its supervisor group {} already keeps {} "
                        + "unobserved failures, so this one is logged now rather than when the group closes",
                        t.name(), this, UNOBSERVED_KEPT, t.rawFailure());
            }
        }
        childFinished();
    }

    private void childFinished() {
        if ((int) LIVE.getAndAdd(this, -1) == 1) {
            Thread w = waiter;
            if (w != null) {
                Idle.unpark(w);
            }
        }
    }

    /**
     * Under the lock: keeps an unobserved failed child for the WARN at close; when the bound is
     * reached, first drops those observed since. Returns {@code false} if it could not be kept.
     */
    private boolean keepUnobserved(TaskImpl<?> t) {
        if (failedChildren == null) {
            failedChildren = new ArrayList<>();
        } else if (failedChildren.size() >= UNOBSERVED_KEPT) {
            failedChildren.removeIf(c -> c.observed);
            if (failedChildren.size() >= UNOBSERVED_KEPT) {
                return false;
            }
        }
        failedChildren.add(t);
        return true;
    }

    /** Drops finished children from the list (they stay reachable from their Task handles only). */
    private void compact() {
        lock.lock();
        try {
            pushedSinceCompaction = 0;
            TaskImpl<?> prev = head;
            if (prev == null) {
                return;
            }
            for (TaskImpl<?> n = prev.next; n != null; n = n.next) {
                if (n.isDone()) {
                    prev.next = n.next;
                } else {
                    prev = n;
                }
            }
        } finally {
            lock.unlock();
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
        if (!Failures.attach(failure, thrown)) {
            LOG.warn("a later failure cannot ride along with {} (it takes no suppressed exceptions)", failure, thrown);
        }
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
        for (TaskImpl<?> t : children()) {
            t.cancel();
        }
    }

    // ---- ending ----------------------------------------------------------------------------------

    /**
     * Try-with-resources end: waits for every child, then throws the first failure unless the body
     * already received it. If it had to wait and an enclosing scope was cancelled meanwhile (so the
     * children were cancelled), it then throws that scope's news: the end of a group that waits is a
     * cancellation point. A close refused because a scope opened inside this one is still open
     * changes nothing. What it throws is remembered on the frame (see {@link Interrupts#reportedInstead}).
     */
    public void close() {
        if (finished) {
            return;
        }
        if (Frame.currentOrNull() != owner) {
            throw new IllegalStateException("close a TaskGroup on the thread that opened it");
        }
        if (closed) {
            return;
        }
        owner.requireInnermost(body);
        boolean waited = awaitChildren();
        Throwable f = failureNow();
        boolean received = receivedByBody(f);
        finish();
        if (f != null && !received) {
            owner.reportedAtClose = f;
            throw Failures.unchecked(f);
        }
        if (waited) {
            owner.checkCancelled();
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
        } catch (Throwable t) {
            Throwable e = Interrupts.reportedInstead(owner, t);
            bodyError = e instanceof InterruptedException ie ? owner.interrupted(ie) : owner.newsFor(e);
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
        boolean waited = awaitChildren();
        Throwable f = failureNow();
        finish();
        if (f != null) {
            throw Failures.unchecked(f);
        }
        if (bodyError != null) {
            throw Failures.unchecked(bodyError);
        }
        if (waited) {
            owner.checkCancelled(); // the wait was a cancellation point: a cancel that cut it short wins
        }
        return v;
    }

    /** Whether a Weft call of the body threw {@code f}: then it is the body's to handle, not reported again. */
    private boolean receivedByBody(Throwable f) {
        return f != null && body.delivered && body.lastDelivered == f;
    }

    /**
     * Whether the body's exception is the news of a cancelled scope this body is in: this group's or
     * an enclosing one's (a cancel, a timeout, a group failure). Scopes opened inside the body do not
     * count: a nested group's failure that leaves the body is this group's failure. Anything else,
     * also a {@code CancellationException} while no enclosing scope is cancelled, is a failure.
     */
    private boolean isNews(Throwable e) {
        for (CancelScope c = body; c != null && c.kind != CancelScope.Kind.SHIELD; c = c.outer) {
            if (c.isNews(e)) {
                return true;
            }
        }
        return false;
    }

    private Throwable failureNow() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    /** Releases the body's token and waits until every child has finished; returns whether any was still live. */
    private boolean awaitChildren() {
        closed = true;
        if (!cancelled && owner.cancelledScope() != null) {
            cancelChildren(); // cancelled while the body ran without a Weft call
        }
        waiter = Thread.currentThread();
        boolean waited = (int) LIVE.getAndAdd(this, -1) != 1;
        while (live > 0) {
            Idle.park(this);
            if (Thread.interrupted()) {
                owner.absorbInterrupt();
                cancelChildren();
            }
        }
        return waited;
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
        owner.innermostScope = outerOnFrame;
        finished = true;
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
     * children, waits for them, and closes the scope, so the structure holds. Returns the group's
     * failure if the body never received it (the caller attaches it), else {@code null}.
     */
    Throwable abandon() {
        if (!cancelled) {
            cancelChildren();
        }
        if (!closed) {
            awaitChildren();
        }
        Throwable f = failureNow();
        boolean received = receivedByBody(f);
        finish();
        return received ? null : f;
    }

    /**
     * Whether the calling thread is this scope's owner and nothing (no timeout, shield or other group)
     * was opened inside it since: then it may be closed right now without breaking the nesting.
     */
    public boolean isInnermost() {
        return Frame.currentOrNull() == owner && owner.top() == body;
    }

    /** A snapshot of the children that have not finished. */
    List<TaskImpl<?>> children() {
        List<TaskImpl<?>> out = new ArrayList<>();
        lock.lock();
        try {
            for (TaskImpl<?> t = head; t != null; t = t.next) {
                if (!t.isDone()) {
                    out.add(t);
                }
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

    /** The cancel scope of this scope's body, on its owner's frame (for the children's effective deadline). */
    CancelScope bodyScope() {
        return body;
    }

    /** The frame whose code is this scope's body. */
    Frame owner() {
        return owner;
    }

    /** Names this scope in dumps and logs (call before spawning). */
    public ScopeImpl named(String name) {
        this.name = name;
        return this;
    }

    /** Sends each unobserved child failure to {@code handler} when it happens (supervisor scopes only). */
    public void onChildFailed(java.util.function.Consumer<TaskImpl<?>> handler) {
        if (!supervisor) {
            throw new IllegalStateException("only a supervisor scope reports child failures one by one");
        }
        this.onChildFailed = handler;
    }

    @Override
    public String toString() {
        String n = name;
        return (supervisor ? "SupervisorGroup" : "TaskGroup") + (n != null ? " " + n : "@" + Integer.toHexString(hashCode()));
    }
}
