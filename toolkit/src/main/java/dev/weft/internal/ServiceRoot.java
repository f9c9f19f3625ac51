package dev.weft.internal;

import dev.weft.Task;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of {@code ServiceScope}: a supervisor scope whose body is a root task of its own, parked
 * until somebody closes it, so no caller's thread owns it and any thread may spawn into it, cancel it
 * or close it.
 *
 * <p>Implementation notes. The root task (registered with {@link Registry}, so its children show in
 * dumps and the leak check) opens a supervisor {@link ScopeImpl}, publishes it, and waits on
 * {@code release}. {@link #close(Duration)} counts {@code release} down, which ends the body: the
 * scope then waits for its children as any scope does. The closer waits for the root to settle up to
 * the grace period (a deadline on the closer's Weft clock, awaited through {@link Idle} so that virtual
 * time can pass), then cancels the scope's children and waits for the rest of their cleanup. The root
 * is counted as a task of a virtual-time run it is opened in (see {@link Idle}). A
 * child's failure reaches the handler from {@link ScopeImpl#onChildFailed} on the failing child's
 * thread, before the child stops counting as live. {@code state} goes OPEN → CANCELLED → CLOSING, or
 * OPEN → CLOSING, by CAS; a spawn is refused once it has left OPEN. A spawn that read OPEN just
 * before a close still lands in the scope (its live count keeps the scope open), so it is awaited
 * like the others: nothing started is lost.
 */
public final class ServiceRoot {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRoot.class);
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final int OPEN = 0;
    private static final int CANCELLED = 1;
    private static final int CLOSING = 2;

    private final String name;
    private final TaskImpl<Void> root;
    /** Counted down by the first close: the root's body returns, and its scope waits for the children. */
    private final CountDownLatch release = new CountDownLatch(1);
    /** Counted down once {@code scope} is set (or the root failed to open it). */
    private final CountDownLatch ready = new CountDownLatch(1);
    private final AtomicInteger state = new AtomicInteger(OPEN);
    /** Written by the root thread before {@code ready} counts down; read after awaiting it. */
    private volatile ScopeImpl scope;

    private ServiceRoot(String name, BiConsumer<? super Task<?>, ? super Throwable> onFailure) {
        this.name = name;
        this.root = new TaskImpl<>(null, name, () -> {
            ScopeImpl s;
            try {
                s = ScopeImpl.open(true).named(name);
                s.onChildFailed(t -> report(onFailure, t));
                scope = s;
            } finally {
                Idle.countDown(ready); // the opener wakes even if the scope could not open
            }
            return s.runBody(() -> {
                awaitUninterruptibly(release);
                return null;
            });
        });
    }

    /** Starts a service scope named {@code name} (or a generated name); failures go to {@code onFailure} (or a WARN log). */
    public static ServiceRoot open(String name, BiConsumer<? super Task<?>, ? super Throwable> onFailure) {
        String n = name != null ? name : "service-" + IDS.incrementAndGet();
        ServiceRoot r = new ServiceRoot(n, onFailure);
        Registry.add(r.root);
        Idle.spawning(r.root); // opened inside a virtual-time run, the root is a task of the run
        try {
            Engines.current().startRoot(r.root);
        } catch (RuntimeException | Error e) {
            Idle.ended(r.root);
            Registry.remove(r.root);
            throw e;
        }
        awaitUninterruptibly(r.ready);
        if (r.scope == null) {
            r.root.awaitSettledUninterruptibly();
            Registry.remove(r.root);
            throw new IllegalStateException("service scope " + n + " could not open", r.root.rawFailure());
        }
        return r;
    }

    private void report(BiConsumer<? super Task<?>, ? super Throwable> onFailure, TaskImpl<?> t) {
        Throwable error = t.rawFailure();
        if (onFailure == null) {
            LOG.warn("task {} in service scope {} failed", t.name(), name, error);
            return;
        }
        try {
            onFailure.accept(t, error);
        } catch (RuntimeException | Error e) {
            e.addSuppressed(error);
            LOG.error("the failure handler of service scope {} threw while reporting task {}", name, t.name(), e);
        }
    }

    public String name() {
        return name;
    }

    /** Starts {@code body} as a child; refused once the scope is cancelled or closing. */
    public <T> TaskImpl<T> spawn(String taskName, Callable<? extends T> body) {
        int s = state.get();
        if (s != OPEN) {
            throw new IllegalStateException("service scope " + name + " is " + (s == CANCELLED ? "cancelled" : "closed")
                    + "; spawn only while it is open");
        }
        try {
            return scope.spawn(taskName, body);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("service scope " + name + " is closed; spawn only while it is open", e);
        }
    }

    /** Cancels every child; later spawns are refused. Returns without waiting. */
    public void cancel() {
        state.compareAndSet(OPEN, CANCELLED);
        scope.cancelChildren();
    }

    /** Whether {@link #cancel()} or a close has begun. */
    public boolean isShutDown() {
        return state.get() != OPEN;
    }

    /** The children that have not finished yet. */
    public List<TaskImpl<?>> liveChildren() {
        return scope.children();
    }

    /**
     * Refuses new spawns, lets the children run for up to {@code grace}, then cancels the rest and
     * waits for their cleanup. Returns whether every child finished within the grace period. An
     * interrupt of the caller ends the grace period early; it is restored on return.
     */
    public boolean close(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        checkNotInside();
        state.set(CLOSING);
        Idle.countDown(release);
        boolean interrupted = false;
        boolean inTime;
        try {
            inTime = awaitRootFor(Durations.toNanos(grace));
        } catch (InterruptedException e) {
            interrupted = true;
            inTime = root.settled();
        }
        if (!inTime) {
            List<TaskImpl<?>> left = scope.children();
            if (!left.isEmpty()) {
                LOG.info("service scope {}: cancelling {} task(s) still running after the grace period of {}: {}",
                        name, left.size(), grace, left.stream().map(TaskImpl::name).toList());
            }
            scope.cancelChildren();
            root.awaitSettledUninterruptibly();
            inTime = left.isEmpty(); // nothing was running: only the root's own wake-up took the time
        }
        Registry.remove(root);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return inTime;
    }

    /**
     * Waits up to {@code nanos} on Weft's clock for the root to end, and returns whether it did. The
     * grace period is a Weft deadline like a {@code sleep}: in a virtual-time run it passes in
     * virtual time, and the closer waits parked in a Weft wait (woken by the root's end or by the
     * clock), so the run's clock can move while it waits.
     */
    private boolean awaitRootFor(long nanos) throws InterruptedException {
        CountDownLatch woken = new CountDownLatch(1);
        Consumer<Task<Void>> onEnd = t -> Idle.countDown(woken);
        root.whenDone(onEnd); // runs at once if the root has ended already
        Clock.Cancellable timer = Clocks.current().schedule(nanos, () -> Idle.countDown(woken));
        try {
            Idle.await(woken);
        } finally {
            timer.cancel();
            root.removeCallback(onEnd);
        }
        if (!root.isDone()) {
            return false;
        }
        root.awaitSettledUninterruptibly(); // ended: only its last bookkeeping is left
        return true;
    }

    /** A task of this scope (or below one) that closed it would wait for itself: refuse that. */
    private void checkNotInside() {
        Frame f = Frame.currentOrNull();
        while (f instanceof TaskImpl<?> t) {
            if (t == root) {
                throw new IllegalStateException("a task of service scope " + name
                        + " cannot close it (it would wait for itself); cancel() it instead, or close it from outside");
            }
            ScopeImpl owning = t.owningScope();
            f = owning == null ? null : owning.owner();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        for (;;) {
            try {
                Idle.await(latch);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ServiceScope " + name;
    }
}
