package dev.weft.testing;

import dev.weft.Task;
import dev.weft.internal.Clock;
import dev.weft.internal.TaskTree;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Virtual time for one task tree: {@code Weft.sleep}, timeouts and every other Weft deadline wait on
 * this clock, and the clock jumps to the next deadline whenever every task of the tree is waiting
 * (Trio's {@code MockClock(autojump_threshold=0)}, kotlinx-coroutines-test's {@code runTest}).
 *
 * <p>Implementation notes. Pending deadlines (sleepers and scheduled actions) sit in a priority queue
 * ordered by due time, then by arrival. A platform daemon thread, the jumper, polls the tree every
 * {@value #POLL_NANOS} ns of real time: when every live thread of the tree is parked
 * ({@code WAITING} or {@code TIMED_WAITING}) on two polls in a row with no jump in between, it
 * advances {@code now} to the earliest due time and fires everything due then. "Parked" cannot tell a
 * Weft wait from a JDK one, so a task blocked in JDK I/O counts as idle: the limit documented on
 * {@link VirtualTime}. A thread that is {@code RUNNABLE}, or not started yet, holds time still.
 */
final class VirtualClock implements Clock {
    private static final long POLL_NANOS = 200_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition fired = lock.newCondition();
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>();
    private volatile long now;
    private long arrivals;
    private volatile long jumps;
    private volatile Task<?> root;
    private volatile boolean stopped;
    private final Thread jumper;

    VirtualClock() {
        jumper = new Thread(this::jumpWhileIdle, "weft-virtual-time");
        jumper.setDaemon(true);
    }

    /** Starts jumping for the tree under {@code root}. */
    void start(Task<?> root) {
        this.root = root;
        jumper.start();
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(jumper);
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
        lock.lock();
        try {
            Deadline d = new Deadline(now + nanos, arrivals++, null);
            deadlines.add(d);
            try {
                while (!d.done) {
                    fired.await();
                }
            } catch (InterruptedException e) {
                deadlines.remove(d);
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable action) {
        lock.lock();
        try {
            Deadline d = new Deadline(now + Math.max(0, delayNanos), arrivals++, action);
            deadlines.add(d);
            return () -> {
                lock.lock();
                try {
                    deadlines.remove(d);
                } finally {
                    lock.unlock();
                }
            };
        } finally {
            lock.unlock();
        }
    }

    private void jumpWhileIdle() {
        int idlePolls = 0;
        long seenJumps = -1;
        while (!stopped) {
            LockSupport.parkNanos(POLL_NANOS);
            if (!hasDeadlines() || !treeIsParked()) {
                idlePolls = 0;
                continue;
            }
            if (seenJumps != jumps) {
                seenJumps = jumps;
                idlePolls = 1;
                continue;
            }
            if (++idlePolls >= 2) {
                jump();
                idlePolls = 0;
            }
        }
    }

    private boolean hasDeadlines() {
        lock.lock();
        try {
            return !deadlines.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    private boolean treeIsParked() {
        Task<?> r = root;
        if (r == null) {
            return false;
        }
        List<Thread> threads = TaskTree.threadsUnder(r);
        if (threads.isEmpty()) {
            return false;
        }
        for (Thread t : threads) {
            if (t == null) {
                return false; // spawned, not started yet
            }
            Thread.State s = t.getState();
            if (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING && s != Thread.State.TERMINATED) {
                return false;
            }
        }
        return true;
    }

    /** Advances to the earliest deadline and fires everything due then. */
    private void jump() {
        List<Runnable> actions = new ArrayList<>();
        lock.lock();
        try {
            Deadline first = deadlines.peek();
            if (first == null) {
                return;
            }
            if (first.due > now) {
                now = first.due;
            }
            while (!deadlines.isEmpty() && deadlines.peek().due <= now) {
                Deadline d = deadlines.poll();
                d.done = true;
                if (d.action != null) {
                    actions.add(d.action);
                }
            }
            jumps++;
            fired.signalAll();
        } finally {
            lock.unlock();
        }
        for (Runnable a : actions) {
            a.run();
        }
    }

    private static final class Deadline implements Comparable<Deadline> {
        final long due;
        final long arrival;
        final Runnable action;
        boolean done;

        Deadline(long due, long arrival, Runnable action) {
            this.due = due;
            this.arrival = arrival;
            this.action = action;
        }

        @Override
        public int compareTo(Deadline o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(arrival, o.arrival);
        }
    }
}
