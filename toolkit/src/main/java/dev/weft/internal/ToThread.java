package dev.weft.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code Weft.toThread}: a body run on a platform thread of an executor while the calling task waits,
 * cancellably, and structured: the call does not return or throw before the body has ended (or
 * has been withdrawn before it started).
 *
 * <p>Implementation notes. A {@link Job} goes QUEUED → RUNNING → DONE, or QUEUED → WITHDRAWN when
 * the caller is cancelled before a pool thread took it (the executor later finds it withdrawn and
 * returns at once). The caller cancels a RUNNING job by interrupting its runner, under the job's lock,
 * which the runner holds when it leaves RUNNING: so an interrupt never reaches a pool thread after the
 * body ended, and the runner clears the interrupt it got from us before the thread runs anything else.
 * The body sees its spawner's context (context variables, MDC, registered accessors) for its run.
 */
public final class ToThread {
    private ToThread() {
    }

    /** asyncio's default executor size: {@code min(32, cpus + 4)} daemon platform threads, idle ones time out. */
    private static final class DefaultPool {
        static final ExecutorService POOL = create();

        private static ExecutorService create() {
            int size = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
            AtomicInteger n = new AtomicInteger();
            ThreadFactory threads = r -> {
                Thread t = new Thread(r, "weft-to-thread-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), threads);
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }
    }

    /** The default pool of {@code Weft.toThread(body)}. */
    public static Executor defaultPool() {
        return DefaultPool.POOL;
    }

    /** Runs {@code body} on {@code executor}, waits for it, returns its value or rethrows its failure. */
    public static <T> T call(Executor executor, Callable<T> body) {
        Frame f = Frame.currentOrNull();
        if (f != null) {
            f.checkCancelled();
        }
        Job<T> job = new Job<>(body, Contexts.capture());
        executor.execute(job); // a RejectedExecutionException leaves here: nothing started
        try {
            job.done.await();
        } catch (InterruptedException e) {
            RuntimeException news = Sleeping.interrupted(f, e);
            if (job.cancel()) {
                awaitEnd(f, job);
                if (job.failure != null && !(job.failure instanceof InterruptedException)) {
                    Failures.addSuppressed(news, job.failure);
                }
            }
            throw news;
        }
        if (job.failure != null) {
            throw Failures.unchecked(job.failure);
        }
        return job.value;
    }

    /** Waits for a cancelled body to end; interrupts meanwhile are absorbed (the scopes stay cancelled). */
    private static void awaitEnd(Frame f, Job<?> job) {
        boolean foreignInterrupt = false;
        for (;;) {
            try {
                job.done.await();
                break;
            } catch (InterruptedException again) {
                if (f != null) {
                    f.absorbInterrupt();
                } else {
                    foreignInterrupt = true;
                }
            }
        }
        if (foreignInterrupt) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Job<T> extends SpinLock implements Runnable {
        static final int QUEUED = 0;
        static final int RUNNING = 1;
        static final int DONE = 2;
        static final int WITHDRAWN = 3;

        private final Callable<T> body;
        private final Contexts.Bindings context;
        final CountDownLatch done = new CountDownLatch(1);
        /** Under the lock. */
        private int state;
        /** The pool thread while RUNNING; under the lock. */
        private Thread runner;
        /** We interrupted the runner; under the lock. */
        private boolean interrupted;
        /** Written by the runner before {@code done} opens. */
        T value;
        Throwable failure;

        Job(Callable<T> body, Contexts.Bindings context) {
            this.body = body;
            this.context = context;
        }

        @Override
        public void run() {
            lock();
            try {
                if (state == WITHDRAWN) {
                    return;
                }
                state = RUNNING;
                runner = Thread.currentThread();
            } finally {
                unlock();
            }
            try {
                value = Contexts.callWith(context, body);
            } catch (Throwable t) {
                failure = t;
            } finally {
                lock();
                try {
                    state = DONE;
                    runner = null;
                    if (interrupted) {
                        Thread.interrupted(); // ours, not the pool's: the next job starts clean
                    }
                } finally {
                    unlock();
                }
                done.countDown();
            }
        }

        /** Withdraws or interrupts the job; {@code true} if the body is running and must be awaited. */
        boolean cancel() {
            lock();
            try {
                switch (state) {
                    case QUEUED -> {
                        state = WITHDRAWN;
                        return false;
                    }
                    case RUNNING -> {
                        interrupted = true;
                        runner.interrupt();
                        return true;
                    }
                    default -> {
                        return false;
                    }
                }
            } finally {
                unlock();
            }
        }
    }
}
