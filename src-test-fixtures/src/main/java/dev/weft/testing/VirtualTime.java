package dev.weft.testing;

import dev.weft.ThrowingRunnable;
import dev.weft.Weft;
import dev.weft.internal.Clock;
import dev.weft.internal.Clocks;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Runs Weft code in virtual time: sleeps, timeouts, {@code waitFor} and other Weft deadlines take no
 * real time, and time jumps to the next deadline exactly when every task of the run is parked in a
 * Weft wait (kotlinx-coroutines-test's {@code runTest}; Trio's {@code MockClock(autojump_threshold=0)}).
 *
 * <pre>{@code
 * VirtualTime.Result<List<String>> r = VirtualTime.run(() -> gather(
 *         () -> { sleep(Duration.ofSeconds(3)); return "coffee"; },
 *         () -> { sleep(Duration.ofSeconds(2)); return "bagel"; }));
 * assertEquals(Duration.ofSeconds(3), r.elapsed());          // exactly, every run, in a few milliseconds
 * }</pre>
 *
 * <p><b>What the clock follows.</b> Virtual time covers every wait that goes through Weft's clock:
 * {@code Weft.sleep}, {@code timeout}, {@code waitFor}, {@code timeoutOrNull},
 * {@code Event.waitUntilSet(timeout)}, the {@code asCompleted}/{@code waitTasks} deadlines and
 * {@code RateLimiter} (also one built outside the run: it reads the clock of the task that calls it).
 *
 * <p><b>What counts as idle.</b> The tasks of the run are {@code main}'s task and every task spawned
 * inside the run, directly or not. The run is idle when each of them has ended or is parked in one of
 * Weft's own waits: {@code sleep}; {@code join}/{@code get} of a task; a group's or {@code gather}'s
 * end waiting for its children; {@code Queue} put/get/join; {@code Semaphore.acquire};
 * {@code Event.waitUntilSet}; {@code RateLimiter.acquire}; a {@code Generator}'s or
 * {@code mapConcurrent}'s hand-off; {@code asCompleted}/{@code waitTasks}; opening a
 * {@code ServiceScope} and its {@code close(grace)} (whose grace period is virtual too); and any of
 * these under a timeout. A {@code ServiceScope} opened inside the run belongs to it. A task is busy from its spawn until its first such park, and from the moment it is woken
 * until its next one: Weft marks it busy at the wake-up, before the task that woke it (by setting an
 * event, putting an item, releasing a permit, ending, cancelling it, or the clock firing its
 * deadline) can itself park, so the clock never jumps between a wake-up and the woken task's next
 * step. When the run is idle and a deadline is pending, the clock jumps to the earliest one and
 * fires everything due at that instant before it looks again; this makes virtual timings exact and
 * repeatable, run after run.
 *
 * <p><b>Outside Weft.</b> A task that is running, or blocked in a call that is not a Weft wait (JDK
 * I/O, {@code Thread.sleep}, a JDK lock or {@code Condition}, the timed {@code Future.get(timeout, unit)}), is
 * busy: the clock does not move until it returns and parks in a Weft wait or ends. So a virtual-time
 * test never fires a Weft deadline "early" against real work, but a task that blocks forever outside
 * Weft stops the clock (the test's own timeout then ends it), and a CPU-bound task holds virtual time
 * still until it parks. Threads you start yourself (not Weft tasks) are not part of the run: the clock
 * does not wait for them, and they see real time; a task they wake (by setting an event, say) counts
 * busy from that moment. Only the tasks of this run see the virtual clock; the rest of the JVM keeps
 * real time, so tests may run side by side.
 */
public final class VirtualTime {
    static {
        // Initializing Weft first lets dev.weft export its engine to these fixtures when they sit on the
        // class path beside a named module dev.weft (Surefire on a modular project): see dev.weft.internal.FixtureAccess.
        Weft.engineName();
    }

    private VirtualTime() {
    }

    /** What a virtual-time run returned, and how much virtual time it took. */
    public record Result<T>(T value, Duration elapsed) {
    }

    /**
     * Runs {@code main} like {@code Weft.run}, in virtual time.
     *
     * @throws IllegalStateException if called inside another virtual-time run
     */
    public static <T> Result<T> run(Callable<T> main) {
        Objects.requireNonNull(main, "main");
        if (Clocks.current() instanceof VirtualClock) {
            throw new IllegalStateException("VirtualTime.run cannot be nested: this code already runs in virtual time");
        }
        VirtualClock clock = new VirtualClock();
        clock.start();
        try {
            T value = Weft.run(() -> Clocks.withClock(clock, () -> {
                clock.enter();
                try {
                    return main.call();
                } finally {
                    clock.exit();
                }
            }));
            return new Result<>(value, Duration.ofNanos(clock.nanoTime()));
        } finally {
            clock.stop();
        }
    }

    /** The void form of {@link #run(Callable)}. */
    public static Result<Void> run(ThrowingRunnable main) {
        Objects.requireNonNull(main, "main");
        return run(() -> {
            main.run();
            return null;
        });
    }

    /**
     * The virtual time elapsed in the current run, for assertions inside it.
     *
     * @throws IllegalStateException outside a virtual-time run
     */
    public static Duration elapsed() {
        Clock c = Clocks.current();
        if (!(c instanceof VirtualClock v)) {
            throw new IllegalStateException("VirtualTime.elapsed() is only meaningful inside VirtualTime.run");
        }
        return Duration.ofNanos(v.nanoTime());
    }
}
