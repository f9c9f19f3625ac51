package dev.weft.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Real time: {@link System#nanoTime()}, {@link Thread#sleep} (cheap on a virtual thread) and one
 * daemon timer thread for deadlines. A deadline that is called off is removed from the timer's queue
 * at once, so armed-but-unused timeouts do not pile up.
 */
final class SystemClock implements Clock {
    static final SystemClock INSTANCE = new SystemClock();

    private final ScheduledThreadPoolExecutor timer;

    private SystemClock() {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "weft-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        if (nanos <= 0) {
            Thread.yield();
            if (Thread.currentThread().isInterrupted()) {
                Thread.interrupted();
                throw new InterruptedException();
            }
            return;
        }
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable action) {
        ScheduledFuture<?> f = timer.schedule(action, delayNanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }
}
