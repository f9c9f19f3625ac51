package dev.weft;

import dev.weft.internal.CancelScope;
import dev.weft.internal.Deadlines;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

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
     * Time left before the deadline, zero once it has passed; empty for a timeout without a deadline
     * (one of {@code ChronoUnit.FOREVER}'s length, or rescheduled to it). On Weft's clock, so virtual
     * time in tests. Hand it on to a call with its own timeout:
     *
     * <pre>{@code
     * try (var t = timeout(Duration.ofSeconds(2))) {
     *     Duration left = t.remaining().orElseThrow();
     *     httpClient.send(request.timeout(left).build(), ofString());
     * }
     * }</pre>
     */
    public Optional<Duration> remaining() {
        return scope.remaining();
    }

    /**
     * The deadline as a wall-clock instant ({@link Instant#now()} plus {@link #remaining()}), empty
     * without one (asyncio: {@code Timeout.when()}, which is on the loop's clock instead). Under
     * virtual time the instant is still anchored at the real now; prefer {@link #remaining()}.
     */
    public Optional<Instant> deadline() {
        return remaining().map(left -> Instant.now().plus(left));
    }

    /**
     * Moves the deadline to {@code delay} from now (asyncio: {@code Timeout.reschedule(when)}; Trio:
     * setting {@code cancel_scope.deadline}), from any thread. A zero or negative delay expires the
     * timeout at once; a delay of {@code ChronoUnit.FOREVER}'s length removes the deadline (asyncio:
     * {@code reschedule(None)}). A deadline that has passed but not fired yet moves like any other.
     *
     * <pre>{@code
     * try (var t = timeout(Duration.ofSeconds(5))) {
     *     var header = readHeader();               // the header came in time:
     *     t.reschedule(Duration.ofSeconds(30));    // the body gets 30 s from now
     *     readBody(header);
     * }
     * }</pre>
     *
     * @throws NullPointerException if {@code delay} is null
     * @throws IllegalStateException if the timeout has already fired (its {@code TimedOutException}
     *     is on its way, as asyncio refuses to reschedule an expiring timeout) or has been closed
     */
    public void reschedule(Duration delay) {
        scope.rescheduleIn(Objects.requireNonNull(delay, "delay"));
    }

    /**
     * Moves the deadline to the wall-clock instant {@code when}: {@link #reschedule(Duration)} with the
     * time from {@link Instant#now()} to {@code when}.
     *
     * @throws NullPointerException if {@code when} is null
     * @throws IllegalStateException if the timeout has already fired or has been closed
     */
    public void reschedule(Instant when) {
        Objects.requireNonNull(when, "when");
        scope.rescheduleIn(Duration.between(Instant.now(), when));
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
