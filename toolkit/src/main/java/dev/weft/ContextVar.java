package dev.weft;

import dev.weft.internal.Contexts;
import dev.weft.internal.Failures;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A variable whose value follows the task tree: a value set in a task is seen by the tasks it spawns
 * afterwards, and a child's change never reaches its parent.
 *
 * <p>asyncio equivalent: {@code contextvars.ContextVar} (tasks copy the context at
 * {@code create_task}); Kotlin: a {@code CoroutineContext} element. Works on Java 21 without
 * {@code ScopedValue}. Each task starts with a snapshot of its spawner's values: a parent's later
 * change does not reach a running child either. SLF4J's MDC and the thread-local contexts of
 * registered {@link ContextAccessor}s travel the same way, captured at the same moment.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = ContextVar.named("request-id");
 *
 * REQUEST_ID.where("r-42", () -> gather(
 *         () -> "a sees " + REQUEST_ID.get(),        // "a sees r-42"
 *         () -> "b sees " + REQUEST_ID.get()));
 * }</pre>
 *
 * @param <T> the type of the value
 */
public final class ContextVar<T> {
    private final String name;
    private final T defaultValue;

    private ContextVar(String name, T defaultValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue;
    }

    /** A variable without a default: {@link #get()} returns {@code null} where it is not set. */
    public static <T> ContextVar<T> named(String name) {
        return new ContextVar<>(name, null);
    }

    /** A variable whose {@link #get()} returns {@code defaultValue} where it is not set. */
    public static <T> ContextVar<T> withDefault(String name, T defaultValue) {
        return new ContextVar<>(name, defaultValue);
    }

    /** The variable's name. */
    public String name() {
        return name;
    }

    /** The value in the current task (asyncio: {@code var.get()}), or the default. */
    @SuppressWarnings("unchecked")
    public T get() {
        Object v = Contexts.get(this);
        return v == Contexts.UNBOUND ? defaultValue : (T) v;
    }

    /** Whether the variable has a value in the current task. */
    public boolean isSet() {
        return Contexts.get(this) != Contexts.UNBOUND;
    }

    /**
     * Sets the value for the current task and the tasks it spawns from now on (asyncio:
     * {@code var.set(v)}); closing the returned token restores the previous value (asyncio:
     * {@code var.reset(token)}).
     */
    public Token set(T value) {
        Object previous = Contexts.set(this, value);
        return new Token(previous);
    }

    /** Runs {@code body} with the variable set to {@code value}, then restores the previous value. */
    public <R> R where(T value, Callable<R> body) {
        Objects.requireNonNull(body, "body");
        try (Token ignored = set(value)) {
            return body.call();
        } catch (Exception e) {
            throw Failures.fromBody("ContextVar.where", e);
        }
    }

    @Override
    public String toString() {
        return "ContextVar[" + name + "]";
    }

    /** Restores the value a {@link #set} replaced, when closed; a second close does nothing. */
    public final class Token implements AutoCloseable {
        private final Object previous;
        private boolean used;

        private Token(Object previous) {
            this.previous = previous;
        }

        /** Restores the previous value (asyncio: {@code var.reset(token)}). */
        @Override
        public void close() {
            if (!used) {
                used = true;
                Contexts.set(ContextVar.this, previous);
            }
        }
    }
}
