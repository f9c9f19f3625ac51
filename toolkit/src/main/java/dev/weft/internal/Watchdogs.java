package dev.weft.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Watchdog}: a timer on the run's clock that logs the task tree at WARN if the watched block is
 * still running when it fires. The log is written on the clock's timer thread (a dump reads each
 * task's stack: cheap next to the overrun it reports).
 */
public final class Watchdogs {
    private static final Logger LOG = LoggerFactory.getLogger("dev.weft.Watchdog");

    private final String what;
    private final Duration limit;
    private final Clock clock;
    private final long start;
    private final Clock.Cancellable timer;
    /** Set once by the timer when it fires: the block overran its limit. */
    private final AtomicBoolean overran = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Watchdogs(String what, Duration limit) {
        this.what = what;
        this.limit = limit;
        this.clock = Clocks.current();
        this.start = clock.nanoTime();
        this.timer = clock.schedule(Durations.toNanos(limit), this::fire);
    }

    /** Starts watching; {@code limit} must be positive. */
    public static Watchdogs start(String what, Duration limit) {
        return new Watchdogs(what, limit);
    }

    private void fire() {
        if (closed.get()) {
            return;
        }
        overran.set(true);
        LOG.warn("{} still running after {}; task tree:\n{}", what, limit, TaskTree.dump());
    }

    /** Whether the limit passed while the block ran. */
    public boolean overran() {
        return overran.get();
    }

    /** Stops watching; logs at INFO how long an overrunning block took in the end. */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.cancel();
        if (overran.get()) {
            LOG.info("{} finished after {} (limit {})", what, Duration.ofNanos(clock.nanoTime() - start), limit);
        }
    }
}
