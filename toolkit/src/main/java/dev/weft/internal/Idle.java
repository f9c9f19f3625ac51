package dev.weft.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one place where Weft's waits report that a task parks and its wakers report that it is woken,
 * so that a virtual clock knows exactly when every task of its run is parked in a Weft wait and time
 * may jump. Every park site calls one of the waiting methods instead of the JDK one
 * ({@link #park}, {@link #await(Condition)}, {@link #await(CountDownLatch)}, {@link #take},
 * {@link #acquire}), and every wake site one of the waking methods ({@link #unpark}, {@link #signal},
 * {@link #signalAll}, {@link #countDown}, {@link #offer}, {@link #offerFirst}, {@link #released},
 * {@link #interrupted}).
 *
 * <p>Cost. With no tracked run in the JVM (the normal case) every method is one read of a static
 * volatile field followed by the JDK call it replaces.
 *
 * <p>Implementation notes. A {@link Run} counts the tasks of one virtual-time run that are
 * <em>busy</em>, that is not parked in a Weft wait: a task counts busy from its spawn (counted by the
 * spawner, before the thread starts) until it parks, and again from the moment it is woken until it
 * ends. The invariant that makes "busy == 0" mean "nothing can happen until a timer fires" is the
 * hand-off: <b>the waker marks the wakee busy before the waker itself can stop being busy</b>. Each
 * tracked task has a {@link Waiter} whose state word holds:
 * <ul>
 *   <li>{@code PARKED}: the task is counted parked (its decrement is done). Whoever clears the bit
 *       (a waker, or the task itself on leaving the wait) counts it busy again: exactly once.
 *   <li>{@code ENTERING}: the task is between announcing a wait and parking. An interrupt or a wake
 *       of the monitor it announced that comes now sets {@code WOKEN}, and the task then does not
 *       count itself parked at all.
 *   <li>{@code PERMIT}: an {@link #unpark} that found the task not parked, mirroring
 *       {@link LockSupport}'s permit: the next {@link #park} returns at once (a spurious return, which
 *       the caller's loop tolerates) instead of counting the task parked while a real permit would
 *       make it return anyway. Other waits ignore it, so a late unpark cannot make a wait that really
 *       blocks count as busy.
 *   <li>Above these flags, the number of waits the task has begun. A waker reads the state, then
 *       checks the monitor, then CASes: a wait begun in between changes the state, so a waker that
 *       found the task in a monitor's set cannot mark its next, unrelated wait.
 * </ul>
 * The count may be one too high for a moment, never one too low: whoever clears {@code PARKED}
 * (the task leaving its wait because the JDK woke it, or a waker) counts the task busy before the
 * CAS, and takes the count back if the CAS fails; a task counts itself parked only after setting
 * {@code PARKED}. So once a waker sees the bit clear, the count already holds the task, and a clock
 * that reads zero right after a wake cannot jump while the woken task runs.
 * Waits on a {@link Condition} announce themselves under the primitive's lock, and their wakers
 * signal under the same lock, so a wake cannot fall between the announcement and the park. For that,
 * in a tracked run {@link #signal} wakes <em>every</em> waiter of the condition (all are marked busy,
 * all re-check their predicate, the losers park again): the waker cannot tell which one the JDK would
 * pick. Waits on JDK synchronizers whose lock Weft does not hold (a latch, a single taker's
 * blocking queue) take one of a few striped locks of this class around the announcement and around
 * the wake for the same reason; a semaphore's tracked waiters queue in a line kept here, first come
 * first served, since the semaphore would not say whom a release wakes. An interrupt sent by Weft's
 * cancellation is a wake too: the canceller interrupts first and then marks the task
 * ({@link #interrupted}), and a task checks its interrupt status after announcing a wait, so one of
 * the two always sees the other. A wake that bypasses these methods (a raw {@code signal}, or code
 * outside Weft interrupting a task's thread) is not handed off: the woken task counts busy only once
 * it has left its wait, so a new park or wake site must use this class.
 *
 * <p>Threads that are not tasks of a tracked run (the thread that called the run, threads the test
 * started itself, tasks of other runs or of no run) have no {@link Waiter}: their waits are plain JDK
 * waits and they never count busy; their wakes still mark tracked wakees busy.
 */
public final class Idle {
    private static final int PARKED = 1;
    private static final int ENTERING = 2;
    private static final int WOKEN = 4;
    private static final int PERMIT = 8;
    /** The state word's bits above the flags count the task's waits, so a waker's CAS fails once a new wait began. */
    private static final int WAIT_ONE = 16;
    private static final int FLAGS = WAIT_ONE - 1;
    /** What clearing a wait's flags keeps: a pending PERMIT and the wait count. */
    private static final int KEEP = PERMIT | ~FLAGS;

    /** How many runs are being tracked in this JVM; while 0 every hook is one read of it. */
    private static volatile int runs;
    /** The tracked tasks of every run. */
    private static final ConcurrentHashMap<TaskImpl<?>, Waiter> TASKS = new ConcurrentHashMap<>();
    /** Tracked waiters by what they wait on (a condition, a latch, a queue, a stripe's condition). */
    private static final ConcurrentHashMap<Object, Set<Waiter>> BY_MONITOR = new ConcurrentHashMap<>();
    /** The tracked waiters of each semaphore, in arrival order; guarded by the semaphore's stripe lock. */
    private static final ConcurrentHashMap<Object, java.util.ArrayDeque<Waiter>> LINES = new ConcurrentHashMap<>();
    private static final int STRIPES = 16;
    private static final ReentrantLock[] LOCKS = new ReentrantLock[STRIPES];
    private static final Condition[] PERMITS_FREED = new Condition[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) {
            LOCKS[i] = new ReentrantLock();
            PERMITS_FREED[i] = LOCKS[i].newCondition();
        }
    }

    private Idle() {
    }

    /**
     * The busy count of one virtual-time run, owned by its clock. {@link #onIdle} is called by the
     * thread that brings the count to zero; it must not block.
     */
    public abstract static class Run {
        private final AtomicInteger busy = new AtomicInteger();
        private volatile boolean open;

        /**
         * Starts tracking; tasks spawned from now on with this run's clock bound are counted. The
         * count starts at one, held for the run's first task until it calls {@link #enter()}, so
         * that the run does not look idle before it has started.
         */
        public final void open() {
            busy.set(1);
            synchronizedRuns(+1);
            open = true;
        }

        /** Stops tracking and forgets the run's tasks. */
        public final void close() {
            if (open) {
                open = false;
                TASKS.values().removeIf(w -> w.run == this);
                synchronizedRuns(-1);
            }
        }

        /**
         * Makes the calling task the run's first task (nobody spawned it inside the run), which
         * takes over the busy count {@link #open()} held for it. Called once per run.
         */
        public final void enter() {
            TaskImpl<?> me = TaskImpl.onThisThread();
            if (me == null) {
                throw new IllegalStateException("a tracked run must start on a Weft task");
            }
            TASKS.put(me, new Waiter(this));
        }

        /** The first task is done: it stops counting (see {@link #enter()}). */
        public final void exit() {
            TaskImpl<?> me = TaskImpl.onThisThread();
            if (me != null) {
                ended(me);
            }
        }

        /** Whether every task of the run is parked in a Weft wait (or there is none). */
        public final boolean isIdle() {
            return busy.get() == 0;
        }

        /** Called when the busy count drops to zero. */
        protected abstract void onIdle();

        void busier() {
            busy.incrementAndGet();
        }

        void idler() {
            if (busy.decrementAndGet() == 0) {
                onIdle();
            }
        }
    }

    private static final ReentrantLock RUNS_LOCK = new ReentrantLock();

    private static void synchronizedRuns(int delta) {
        RUNS_LOCK.lock();
        try {
            runs += delta;
        } finally {
            RUNS_LOCK.unlock();
        }
    }

    /** One tracked task's wait state (see the class notes). */
    static final class Waiter {
        final Run run;
        final AtomicInteger state = new AtomicInteger();
        volatile Object monitor;

        Waiter(Run run) {
            this.run = run;
        }

        /**
         * Announces a new wait (which bumps the wait count); returns whether a PERMIT was pending
         * (consumed if {@code consumePermit}, and then there is no wait).
         */
        boolean enter(boolean consumePermit) {
            for (;;) {
                int s = state.get();
                if (consumePermit && (s & PERMIT) != 0) {
                    if (state.compareAndSet(s, s & ~PERMIT)) {
                        return true;
                    }
                } else if (state.compareAndSet(s, ((s & ~FLAGS) + WAIT_ONE) | (s & PERMIT) | ENTERING)) {
                    return false;
                }
            }
        }

        /** Turns the announcement into a counted park unless a wake came meanwhile; returns whether it did. */
        boolean commit(boolean permitWakes) {
            for (;;) {
                int s = state.get();
                boolean woken = (s & WOKEN) != 0 || (permitWakes && (s & PERMIT) != 0);
                if (woken) {
                    if (state.compareAndSet(s, s & ~FLAGS)) {
                        return false;
                    }
                } else if (state.compareAndSet(s, (s & KEEP) | PARKED)) {
                    run.idler();
                    return true;
                }
            }
        }

        /** Gives the announcement up without parking. */
        void cancelEntry() {
            for (;;) {
                int s = state.get();
                if (state.compareAndSet(s, s & KEEP)) {
                    return;
                }
            }
        }

        /** Leaves a wait: counts the task busy again unless a waker did. */
        void leave() {
            for (;;) {
                int s = state.get();
                if ((s & PARKED) == 0 || unmarkParked(s)) {
                    return;
                }
            }
        }

        /**
         * Clears {@code PARKED} from the state {@code s} just read, counting the task busy
         * <em>before</em> the bit goes, so that whoever sees the bit clear also sees the count (the
         * count may be one too high for a moment, never one too low: a clock reading zero then
         * must not move while the task runs). Returns false, taking its count back, if the state
         * moved meanwhile.
         */
        private boolean unmarkParked(int s) {
            run.busier();
            if (state.compareAndSet(s, s & KEEP)) {
                return true;
            }
            run.idler();
            return false;
        }

        /**
         * A wake. A parked task is marked busy. Otherwise an unpark ({@code permit}) leaves a PERMIT,
         * which only {@link Idle#park} heeds (a late unpark must not stop a condition wait from
         * counting), and an interrupt or a monitor wake spoils a pending announcement (WOKEN).
         */
        void wake(boolean permit) {
            wake(permit, null);
        }

        /**
         * A wake of {@code monitor} ({@code null}: any wait, as an unpark or an interrupt is). A monitor
         * wake reaches the task only while it waits on that monitor: a waker that found the task in
         * the monitor's set a moment ago must not mark it woken in, or busy out of, the task's next
         * wait on something else (that stale wake left a task counted busy while parked, and the
         * virtual clock then never moved).
         */
        void wake(boolean permit, Object monitor) {
            for (;;) {
                int s = state.get(); // before the monitor: a wait begun after this read fails the CAS below
                if (monitor != null && this.monitor != monitor) {
                    return;
                }
                int next;
                if ((s & PARKED) != 0) {
                    if (unmarkParked(s)) {
                        return;
                    }
                    continue;
                } else if (permit) {
                    next = s | PERMIT;
                } else if ((s & ENTERING) != 0) {
                    next = s | WOKEN;
                } else {
                    return;
                }
                if (next == s || state.compareAndSet(s, next)) {
                    return;
                }
            }
        }
    }

    // ---- tasks ------------------------------------------------------------------------------------

    /** A spawner is about to start {@code t}: counts it busy if its clock tracks a run. */
    static void spawning(TaskImpl<?> t) {
        if (runs == 0) {
            return;
        }
        Run r = Clocks.of(t.context).idleRun();
        if (r != null && r.open) {
            r.busier();
            TASKS.put(t, new Waiter(r));
        }
    }

    /** Task {@code t} has ended (or will never start): it stops counting. */
    static void ended(TaskImpl<?> t) {
        if (runs == 0) {
            return;
        }
        Waiter w = TASKS.remove(t);
        if (w != null) {
            w.run.idler();
        }
    }

    private static Waiter mine() {
        TaskImpl<?> t = TaskImpl.onThisThread();
        return t == null ? null : TASKS.get(t);
    }

    private static Waiter of(Thread t) {
        return t != null && t.getUncaughtExceptionHandler() instanceof TaskImpl<?> task ? TASKS.get(task) : null;
    }

    // ---- waiting ------------------------------------------------------------------------------------

    /**
     * {@link LockSupport#park(Object)} for a Weft wait; may return spuriously like it, so call it in a
     * loop that re-checks what it waits for. The waker must use {@link #unpark}.
     */
    public static void park(Object blocker) {
        Waiter w = runs == 0 ? null : mine();
        if (w == null) {
            LockSupport.park(blocker);
            return;
        }
        if (w.enter(true)) {
            return; // an unpark is pending: return as LockSupport.park would
        }
        if (Thread.currentThread().isInterrupted()) {
            w.cancelEntry();
            return;
        }
        if (!w.commit(true)) {
            return;
        }
        try {
            LockSupport.park(blocker);
        } finally {
            w.leave();
        }
    }

    /** {@link Condition#await()} for a Weft wait; call it holding the condition's lock, as the JDK requires. */
    public static void await(Condition c) throws InterruptedException {
        Waiter w = runs == 0 ? null : mine();
        if (w == null) {
            c.await();
            return;
        }
        w.enter(false);
        announce(w, c);
        try {
            if (Thread.currentThread().isInterrupted()) {
                w.cancelEntry();
                c.await(); // throws at once
                return;
            }
            boolean counted = w.commit(false);
            try {
                c.await();
            } finally {
                if (counted) {
                    w.leave();
                }
            }
        } finally {
            withdraw(w, c);
        }
    }

    /** {@link CountDownLatch#await()} for a Weft wait; the waker must use {@link #countDown}. */
    public static void await(CountDownLatch l) throws InterruptedException {
        Waiter w = runs == 0 ? null : mine();
        if (w == null) {
            l.await();
            return;
        }
        awaitOpaque(w, l, () -> l.getCount() == 0, l::await);
    }

    /**
     * {@link BlockingQueue#take()} for a Weft wait by the queue's only taker; the putter must use
     * {@link #offer} (or {@link #offerFirst}).
     */
    public static <E> E take(BlockingQueue<E> q) throws InterruptedException {
        Waiter w = runs == 0 ? null : mine();
        if (w == null) {
            return q.take();
        }
        Object[] box = new Object[1];
        awaitOpaque(w, q, () -> !q.isEmpty(), () -> box[0] = q.take());
        @SuppressWarnings("unchecked")
        E e = (E) box[0];
        return e;
    }

    /**
     * {@link java.util.concurrent.Semaphore#acquire()} for a Weft wait; the releaser must call
     * {@link #released} after releasing. In a tracked run the task waits in a first-come,
     * first-served line kept here (on a striped condition) instead of in the semaphore's own queue,
     * so that the releaser knows whom it wakes; only the head of the line takes a permit.
     */
    public static void acquire(java.util.concurrent.Semaphore s) throws InterruptedException {
        Waiter w = runs == 0 ? null : mine();
        if (w == null) {
            s.acquire();
            return;
        }
        ReentrantLock lock = stripe(s);
        Condition freed = PERMITS_FREED[index(s)];
        lock.lockInterruptibly();
        try {
            java.util.ArrayDeque<Waiter> line = LINES.computeIfAbsent(s, k -> new java.util.ArrayDeque<>());
            if (line.isEmpty() && s.tryAcquire()) {
                LINES.remove(s, line);
                return;
            }
            line.addLast(w);
            try {
                while (line.peekFirst() != w || !s.tryAcquire()) {
                    await(freed);
                }
            } finally {
                line.remove(w);
                if (line.isEmpty()) {
                    LINES.remove(s, line);
                } else {
                    signalAll(freed); // the next in line may take a permit left over, or the one given up
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many tracked tasks wait in {@link #acquire} for {@code s} (they are not in its own queue). */
    public static int queued(java.util.concurrent.Semaphore s) {
        if (runs == 0) {
            return 0;
        }
        ReentrantLock lock = stripe(s);
        lock.lock();
        try {
            java.util.ArrayDeque<Waiter> line = LINES.get(s);
            return line == null ? 0 : line.size();
        } finally {
            lock.unlock();
        }
    }

    private interface Wait {
        void run() throws InterruptedException;
    }

    private interface Ready {
        boolean now();
    }

    /** A wait on a JDK synchronizer whose own lock Weft does not hold: the striped lock orders it against the wake. */
    private static void awaitOpaque(Waiter w, Object monitor, Ready ready, Wait wait) throws InterruptedException {
        ReentrantLock lock = stripe(monitor);
        boolean counted;
        w.enter(false);
        lock.lock();
        try {
            announce(w, monitor);
            if (ready.now() || Thread.currentThread().isInterrupted()) {
                w.cancelEntry();
                counted = false;
            } else {
                counted = w.commit(false);
            }
        } finally {
            lock.unlock();
        }
        try {
            wait.run();
        } finally {
            if (counted) {
                w.leave();
            }
            withdraw(w, monitor);
        }
    }

    private static void announce(Waiter w, Object monitor) {
        w.monitor = monitor;
        BY_MONITOR.compute(monitor, (k, set) -> {
            Set<Waiter> s = set != null ? set : ConcurrentHashMap.newKeySet();
            s.add(w);
            return s;
        });
    }

    private static void withdraw(Waiter w, Object monitor) {
        w.monitor = null;
        BY_MONITOR.computeIfPresent(monitor, (k, set) -> {
            set.remove(w);
            return set.isEmpty() ? null : set;
        });
    }

    // ---- waking -------------------------------------------------------------------------------------

    /** {@link LockSupport#unpark(Thread)} of a thread in (or about to enter) {@link #park}. */
    public static void unpark(Thread t) {
        if (runs != 0) {
            Waiter w = of(t);
            if (w != null) {
                w.wake(true);
            }
        }
        LockSupport.unpark(t);
    }

    /** {@link Condition#signal()}; in a tracked run it wakes every waiter (see the class notes). Hold the lock. */
    public static void signal(Condition c) {
        if (runs != 0 && wakeAll(c)) {
            c.signalAll();
        } else {
            c.signal();
        }
    }

    /** {@link Condition#signalAll()}, marking the tracked waiters busy. Hold the lock. */
    public static void signalAll(Condition c) {
        if (runs != 0) {
            wakeAll(c);
        }
        c.signalAll();
    }

    /** {@link CountDownLatch#countDown()}, marking the tracked waiters busy once it opens. */
    public static void countDown(CountDownLatch l) {
        if (runs == 0) {
            l.countDown();
            return;
        }
        ReentrantLock lock = stripe(l);
        lock.lock();
        try {
            l.countDown();
            if (l.getCount() == 0) {
                wakeAll(l);
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@link BlockingQueue#add} (to an unbounded queue), marking a tracked taker busy. */
    public static <E> void offer(BlockingQueue<E> q, E e) {
        if (runs == 0) {
            q.add(e);
            return;
        }
        ReentrantLock lock = stripe(q);
        lock.lock();
        try {
            q.add(e);
            wakeAll(q);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link BlockingDeque#addFirst} (to an unbounded deque), marking a tracked taker busy: an item
     * put back at the head by a taker that gave up is a wake like any put.
     */
    public static <E> void offerFirst(BlockingDeque<E> q, E e) {
        if (runs == 0) {
            q.addFirst(e);
            return;
        }
        ReentrantLock lock = stripe(q);
        lock.lock();
        try {
            q.addFirst(e);
            wakeAll(q);
        } finally {
            lock.unlock();
        }
    }

    /** Call after {@link java.util.concurrent.Semaphore#release()}: wakes the tracked waiters of {@link #acquire}. */
    public static void released(java.util.concurrent.Semaphore s) {
        if (runs == 0) {
            return;
        }
        ReentrantLock lock = stripe(s);
        lock.lock();
        try {
            signalAll(PERMITS_FREED[index(s)]);
        } finally {
            lock.unlock();
        }
    }

    /** Weft's cancellation interrupted {@code t} (call it after {@link Thread#interrupt()}). */
    static void interrupted(Thread t) {
        if (runs != 0) {
            Waiter w = of(t);
            if (w != null) {
                w.wake(false);
            }
        }
    }

    private static boolean wakeAll(Object monitor) {
        Set<Waiter> set = BY_MONITOR.get(monitor);
        if (set == null) {
            return false;
        }
        for (Waiter w : set) {
            w.wake(false, monitor);
        }
        return true;
    }

    private static int index(Object o) {
        int h = System.identityHashCode(o);
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    private static ReentrantLock stripe(Object o) {
        return LOCKS[index(o)];
    }
}
