package dev.weft.testing;

import dev.weft.Task;
import dev.weft.ThrowingRunnable;
import dev.weft.Weft;
import dev.weft.internal.Clock;
import dev.weft.internal.Clocks;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Runs Weft code in virtual time: sleeps, timeouts, {@code waitFor} and other Weft deadlines take no
 * real time, and time jumps ahead whenever every task of the run is waiting (kotlinx-coroutines-test's
 * {@code runTest}; Trio's {@code MockClock(autojump_threshold=0)}).
 *
 * <pre>{@code
 * VirtualTime.Result<List<String>> r = VirtualTime.run(() -> gather(
 *         () -> { sleep(Duration.ofSeconds(3)); return "coffee"; },
 *         () -> { sleep(Duration.ofSeconds(2)); return "bagel"; }));
 * assertEquals(Duration.ofSeconds(3), r.elapsed());          // exactly, in a few milliseconds
 * }</pre>
 *
 * <p>Limits. Virtual time covers what goes through Weft's clock: {@code Weft.sleep}, {@code timeout},
 * {@code waitFor}, {@code timeoutOrNull}, {@code asCompleted}/{@code waitTasks} deadlines and
 * {@code RateLimiter}. JDK blocking calls ({@code Thread.sleep}, socket I/O, {@code awaitNanos} in
 * your code) still take real time, and while a task is parked in one the run counts as idle, so a
 * Weft deadline may fire "early" against it: keep real I/O out of virtual-time tests. A CPU-bound
 * task holds virtual time still until it blocks. Only the tasks of this run see the virtual clock;
 * the rest of the JVM keeps real time, so tests may run side by side.
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
        try {
            T value = Weft.run(() -> {
                Task<?> root = Weft.currentTask().orElseThrow();
                clock.start(root);
                return Clocks.withClock(clock, main);
            });
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
