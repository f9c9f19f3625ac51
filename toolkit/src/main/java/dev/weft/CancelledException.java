package dev.weft;

import java.util.concurrent.CancellationException;

/**
 * Thrown by Weft's blocking calls in a task that has been cancelled, and by {@link Task#join()} on a
 * cancelled task.
 *
 * <p>asyncio equivalent: {@code asyncio.CancelledError}; Trio: {@code trio.Cancelled}; Kotlin:
 * {@code CancellationException}. It extends the JDK's {@link CancellationException}, so code that
 * already catches that one keeps working.
 *
 * <p>Cancellation is level-triggered: once a task is cancelled, every later Weft blocking call in it
 * throws a new {@code CancelledException} (unless it runs inside {@link Weft#shield}), so catching one
 * does not "uncancel" the task.
 *
 * <pre>{@code
 * Task<String> t = spawn(() -> { sleep(Duration.ofSeconds(10)); return "late"; });
 * t.cancel();
 * try { t.join(); } catch (CancelledException e) { log.info("cancelled"); }
 * }</pre>
 */
public class CancelledException extends CancellationException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what was cancelled. */
    public CancelledException(String message) {
        super(message);
    }
}
