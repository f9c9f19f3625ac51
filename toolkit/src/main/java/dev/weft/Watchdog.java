package dev.weft;

import dev.weft.internal.Names;
import dev.weft.internal.Watchdogs;
import java.time.Duration;
import java.util.Objects;

/**
 * Logs the whole task tree at WARN (logger {@code dev.weft.Watchdog}) when a block of code is still
 * running after a given duration, so a stuck request or job explains itself in the log.
 *
 * <p>asyncio equivalent: the debug mode's "slow callback" warning ({@code loop.slow_callback_duration})
 * plus a task dump; Kotlin: {@code DebugProbes.dumpCoroutines()} from a timer; Trio: none built in.
 * Unlike {@link Weft#timeout(Duration)} it cancels nothing: it only reports.
 *
 * <pre>{@code
 * try (var watch = Watchdog.watch("nightly-import", Duration.ofMinutes(30))) {
 *     runImport();   // still running after 30 min: the task tree is logged, the import goes on
 * }
 * }</pre>
 *
 * <p>The timer follows the run's clock (virtual time in tests); the dump is logged once, and
 * {@link #close()} then logs at INFO how long the block took in the end. Closing is idempotent and
 * may happen on any thread.
 */
public final class Watchdog implements AutoCloseable {
    private final Watchdogs impl;

    private Watchdog(Watchdogs impl) {
        this.impl = impl;
    }

    /**
     * Starts watching a block named {@code what}: if it is still open after {@code limit}, the task tree
     * is logged.
     *
     * @throws IllegalArgumentException if {@code limit} is zero or negative, or {@code what} is blank
     */
    public static Watchdog watch(String what, Duration limit) {
        Names.checked(what, "what");
        Objects.requireNonNull(limit, "limit");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return new Watchdog(Watchdogs.start(what, limit));
    }

    /** Whether the block has run past its limit (and the tree was logged). */
    public boolean overran() {
        return impl.overran();
    }

    /** Stops watching. */
    @Override
    public void close() {
        impl.close();
    }
}
