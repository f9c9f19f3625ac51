package dev.weft.testing;

import dev.weft.internal.Clock;
import dev.weft.internal.Idle;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Virtual time for one run: {@code Weft.sleep}, timeouts and every other Weft deadline wait on this
 * clock, and the clock jumps to the next deadline exactly when every task of the run is parked in a
 * Weft wait (Trio's {@code MockClock(autojump_threshold=0)}, kotlinx-coroutines-test's
 * {@code runTest}).
 *
 * <p>Implementation notes. Idleness is not guessed: the clock owns an {@link Idle.Run}, the run's
 * count of busy tasks, which Weft's own spawns, waits and wakes keep exact (see {@link Idle}: a task
 * is busy from its spawn to its first park in a Weft wait, and from the moment its waker marks it
 * busy, before the waker can itself park, until its next park). Pending deadlines (sleepers and
 * scheduled actions) sit in a priority queue ordered by due time, then by arrival. A virtual thread
 * (not a task of the run), the jumper, parks until the count drops to zero; then, if a deadline is pending, it sets
 * {@code now} to the earliest due time and fires <em>every</em> deadline due then, in this order:
 * all sleepers due are marked done first, then the scheduled actions run in arrival order (a timeout
 * cancels, which interrupts and marks its task busy), then the sleepers are woken (and marked busy)
 * in arrival order. Only after all of that does it look at the count again, so deadlines due at the
 * same instant all fire before any later one, whatever the threads do meanwhile. A task that is
 * running, or blocked outside Weft (JDK I/O, {@code Thread.sleep}, a JDK lock), is busy: the clock
 * waits for it.
 */
final class VirtualClock implements Clock {
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>();
    private volatile long now;
    private long arrivals;
    private volatile boolean stopped;
    private final Thread jumper;
    private final Idle.Run run;

    VirtualClock() {
        jumper = Thread.ofVirtual().name("weft-virtual-time").unstarted(this::jumpWhenIdle);
        run = new Idle.Run() {
            @Override
            protected void onIdle() {
                LockSupport.unpark(jumper);
            }
        };
    }

    /** Starts tracking the run and jumping. */
    void start() {
        run.open();
        jumper.start();
    }

    /** Counts the calling task (the run's first) busy; see {@link Idle.Run#enter()}. */
    void enter() {
        run.enter();
    }

    /** Undoes {@link #enter()}. */
    void exit() {
        run.exit();
    }

    void stop() {
        stopped = true;
        run.close();
        LockSupport.unpark(jumper);
    }

    @Override
    public Idle.Run idleRun() {
        return run;
    }

    /** Virtual nanoseconds since the clock was made. */
    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        if (nanos <= 0) {
            Thread.yield();
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return;
        }
        Deadline d;
        lock.lock();
        try {
            d = new Deadline(now + nanos, arrivals++, null, Thread.currentThread());
            deadlines.add(d);
        } finally {
            lock.unlock();
        }
        while (true) {
            if (Thread.interrupted()) { // an interrupt that came with the wake-up wins: deterministic, see the notes
                cancel(d);
                throw new InterruptedException();
            }
            if (d.done) {
                return;
            }
            Idle.park(this);
        }
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable action) {
        lock.lock();
        try {
            Deadline d = new Deadline(now + Math.max(0, delayNanos), arrivals++, action, null);
            deadlines.add(d);
            return () -> cancel(d);
        } finally {
            lock.unlock();
        }
    }

    private void cancel(Deadline d) {
        lock.lock();
        try {
            deadlines.remove(d);
        } finally {
            lock.unlock();
        }
    }

    private void jumpWhenIdle() {
        while (!stopped) {
            if (!run.isIdle() || !jump()) {
                LockSupport.park(this);
            }
        }
    }

    /** Advances to the earliest deadline and fires everything due then; returns whether there was one. */
    private boolean jump() {
        List<Deadline> due = new ArrayList<>();
        lock.lock();
        try {
            Deadline first = deadlines.peek();
            if (first == null || !run.isIdle()) {
                return false;
            }
            if (first.due > now) {
                now = first.due;
            }
            while (!deadlines.isEmpty() && deadlines.peek().due <= now) {
                Deadline d = deadlines.poll();
                if (d.sleeper != null) {
                    d.done = true;
                }
                due.add(d);
            }
        } finally {
            lock.unlock();
        }
        for (Deadline d : due) {
            if (d.action != null) {
                d.action.run();
            }
        }
        for (Deadline d : due) {
            if (d.sleeper != null) {
                Idle.unpark(d.sleeper);
            }
        }
        return true;
    }

    private static final class Deadline implements Comparable<Deadline> {
        final long due;
        final long arrival;
        final Runnable action;
        final Thread sleeper;
        volatile boolean done;

        Deadline(long due, long arrival, Runnable action, Thread sleeper) {
            this.due = due;
            this.arrival = arrival;
            this.action = action;
            this.sleeper = sleeper;
        }

        @Override
        public int compareTo(Deadline o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(arrival, o.arrival);
        }
    }
}
