package dev.weft;

import dev.weft.internal.AppRoot;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs a program's {@code main} as the root of its task tree and shuts it down gracefully: on SIGINT
 * (Ctrl-C) or SIGTERM the whole tree is cancelled, cleanup runs within a grace period, and the
 * process exits with a meaningful code.
 *
 * <p>Ox equivalent: {@code OxApp}; asyncio: {@code asyncio.run(main())}, which turns Ctrl-C into a
 * cancellation of the main task; Kotlin: {@code runBlocking} plus a shutdown hook that cancels its job.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     WeftApp.run(args, Duration.ofSeconds(10), argv -> {
 *         try (var server = startServer()) {
 *             Weft.sleep(Duration.ofDays(365));          // serve until a signal cancels us
 *         } finally {
 *             Weft.shield(() -> flushAuditLog());        // runs to the end even while cancelled
 *         }
 *     });
 * }
 * }</pre>
 *
 * <h2>Exit codes</h2>
 * <ul>
 * <li>{@value #EXIT_OK}: {@code main} returned (and every task it spawned finished).</li>
 * <li>{@value #EXIT_FAILED}: {@code main} or a task in it failed; the failure is logged at ERROR.</li>
 * <li>{@value #EXIT_INTERRUPTED} (128 + 2): SIGINT, Ctrl-C; {@value #EXIT_TERMINATED} (128 + 15): SIGTERM,
 * as from {@code kill} or a container's stop. These are the JVM's own codes for those signals (the
 * shell convention), set by the JVM after the shutdown hook returns.</li>
 * </ul>
 *
 * <h2>Shutdown</h2>
 * A JVM shutdown hook, registered for the run and removed after it, cancels the root task: every Weft
 * blocking call in the tree throws {@link CancelledException}, JDK blocking calls are interrupted,
 * {@code finally} blocks and {@link Weft#shield shielded} work run. The hook waits up to the grace
 * period for the whole tree to finish; what is still running then is logged at WARN with the task
 * tree, and the JVM exits anyway (it halts once its hooks return). A {@code System.exit} called
 * elsewhere starts the same shutdown, with that exit code.
 */
public final class WeftApp {
    /** Exit code when {@code main} returned normally. */
    public static final int EXIT_OK = 0;
    /** Exit code when {@code main} or one of its tasks failed. */
    public static final int EXIT_FAILED = 1;
    /** Exit code after SIGINT (Ctrl-C): 128 + 2. */
    public static final int EXIT_INTERRUPTED = 130;
    /** Exit code after SIGTERM: 128 + 15. */
    public static final int EXIT_TERMINATED = 143;
    /** The grace period of {@link #run(String[], Main)}. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private WeftApp() {
    }

    /** An application's main body: gets the command-line arguments, runs in the root scope. */
    @FunctionalInterface
    public interface Main {
        /** Runs the application; returning ends it with exit code 0, throwing with 1. */
        void run(List<String> args) throws Exception;
    }

    /** {@link #run(String[], Duration, Main)} with a grace period of {@link #DEFAULT_GRACE}. */
    public static void run(String[] args, Main main) {
        run(args, DEFAULT_GRACE, main);
    }

    /**
     * Runs {@code main} in a root scope on a virtual thread, cancels the tree on SIGINT/SIGTERM with
     * {@code grace} for its cleanup, and exits the JVM with the code described above. Does not return
     * (unless a shutdown is already under way, which then ends the JVM).
     *
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public static void run(String[] args, Duration grace, Main main) {
        int code = exitCodeOf(args, grace, main);
        if (code >= 0) {
            System.exit(code);
        }
    }

    /**
     * Like {@link #run(String[], Duration, Main)} but returns the exit code instead of exiting, for a
     * caller that exits itself (or a test); -1 if a JVM shutdown ended the run (the JVM is exiting).
     */
    public static int exitCodeOf(String[] args, Duration grace, Main main) {
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(main, "main");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        List<String> argv = List.of(args);
        return AppRoot.run("main", grace, () -> {
            main.run(argv);
            return null;
        });
    }
}
