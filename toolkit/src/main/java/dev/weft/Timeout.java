package dev.weft;

import dev.weft.internal.CancelScope;
import dev.weft.internal.Deadlines;

/**
 * A deadline for the Weft blocking calls of the current task, used with try-with-resources; when it
 * passes, {@link TimedOutException} leaves the try statement.
 *
 * <p>asyncio equivalent: {@code async with asyncio.timeout(delay)}; Trio: {@code fail_after}; Kotlin:
 * {@code withTimeout}. Get one from {@link Weft#timeout(java.time.Duration)}.
 *
 * <pre>{@code
 * try (var t = timeout(Duration.ofSeconds(2))) {
 *     sleep(Duration.ofSeconds(5));         // throws TimedOutException after 2 s
 * } catch (TimedOutException e) {
 *     log.info("gave up");
 * }
 * }</pre>
 *
 * <p>When the deadline passes while the body is blocked in a Weft call, that call throws
 * {@code TimedOutException} (a JDK blocking call is interrupted instead); groups opened inside the
 * block have their children cancelled. If the body finishes after the deadline without having
 * received the exception, {@link #close()} throws it. Afterwards the task goes on uncancelled.
 * Timeouts nest: only the one whose deadline passed reports, and a cancel from outside stays a
 * {@link CancelledException}. Close it on the thread that opened it, innermost first. Opening one in
 * a cancelled task throws the cancel at once. A timeout is not a scope: a task spawned inside the
 * block belongs to the enclosing group and is not bounded by the deadline. If the deadline
 * interrupts a JDK call and the {@code InterruptedException} (or an exception it caused) leaves the
 * block, the enclosing Weft call reports the {@code TimedOutException} that {@link #close()} attached
 * to it, not the interrupt.
 */
public final class Timeout implements AutoCloseable {
    private final CancelScope scope;

    Timeout(CancelScope scope) {
        this.scope = scope;
    }

    /**
     * Whether the deadline passed while this timeout was open (asyncio: {@code Timeout.expired()}); a
     * closed timeout keeps the answer it had when it closed.
     */
    public boolean expired() {
        return scope.expired();
    }

    /**
     * Ends the deadline; throws {@link TimedOutException} if it passed and the body never received it.
     * Closing it while a scope opened inside it (a group, another timeout) is still open throws
     * {@link IllegalStateException} and changes nothing: close that one first.
     */
    @Override
    public void close() {
        Deadlines.close(scope);
    }

    @Override
    public String toString() {
        return "Timeout[" + (expired() ? "expired" : "armed") + "]";
    }
}
