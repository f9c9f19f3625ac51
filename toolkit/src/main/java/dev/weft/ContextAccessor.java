package dev.weft;

import dev.weft.internal.Propagation;
import java.util.Objects;

/**
 * Carries one thread-local context (an OpenTelemetry {@code Context}, a security context, a tenant
 * id) from a spawner to the tasks it spawns, the way Weft already carries {@link ContextVar}s and
 * SLF4J's MDC: read on the spawner's thread at the spawn, set on the child's thread around its body,
 * reset after.
 *
 * <p>Equivalents: Micrometer context-propagation's {@code ThreadLocalAccessor} (whose
 * {@code getValue}/{@code setValue}/{@code reset} this follows); asyncio needs none, since a
 * {@code contextvars.ContextVar} is copied into every task; Kotlin: a {@code ThreadContextElement}.
 * Register an accessor once, at start-up; from then on every spawn carries its value. Values are
 * captured once per spawn (once per {@code gather} batch), so a child sees the value its spawner had
 * at that moment; what a child sets stays on the child's thread and never reaches the spawner.
 *
 * <pre>{@code
 * ContextAccessor.register(new ContextAccessor<Context>() {     // io.opentelemetry.context.Context
 *     private final ThreadLocal<Scope> scope = new ThreadLocal<>();
 *     public Context getValue() { return Context.current() == Context.root() ? null : Context.current(); }
 *     public void setValue(Context c) { scope.set(c.makeCurrent()); }
 *     public void reset() { Scope s = scope.get(); if (s != null) { scope.remove(); s.close(); } }
 * });
 * }</pre>
 *
 * <p>Contract. {@link #getValue()} runs on the spawner's thread at every spawn: keep it cheap, and
 * return {@code null} when there is nothing to carry (then the child pays nothing for this accessor).
 * {@link #setValue} runs on the child's thread before its body, {@link #reset()} after it (also if
 * the body failed). An exception from {@code getValue} makes the spawn throw; one from
 * {@code setValue} fails the child before its body runs; one from {@code reset} is logged.
 *
 * @param <T> the type of the carried value
 */
public interface ContextAccessor<T> {

    /** The value on the calling thread, or {@code null} if there is nothing to carry. */
    T getValue();

    /** Makes {@code value} (never {@code null}) current on the calling thread. */
    void setValue(T value);

    /** Removes what {@link #setValue} made current on the calling thread. */
    void reset();

    /**
     * Puts back the value a thread had before {@link #setValue} ({@code null}: it had none, so
     * {@link #reset()}); used where the thread is not the child's own (a pool thread of
     * {@link Weft#toThread}). Override it if your context must be closed in order instead.
     */
    default void restore(T previous) {
        if (previous == null) {
            reset();
        } else {
            setValue(previous);
        }
    }

    /**
     * Registers {@code accessor}: every spawn from now on carries its value (Micrometer:
     * {@code ContextRegistry.getInstance().registerThreadLocalAccessor(...)}). Returns {@code false},
     * changing nothing, if it is registered already.
     *
     * @throws NullPointerException if {@code accessor} is null
     */
    static boolean register(ContextAccessor<?> accessor) {
        return Propagation.register(Objects.requireNonNull(accessor, "accessor"));
    }

    /**
     * Removes a registered accessor; tasks already spawned keep what they carry. Returns
     * {@code false} if it was not registered.
     *
     * @throws NullPointerException if {@code accessor} is null
     */
    static boolean unregister(ContextAccessor<?> accessor) {
        return Propagation.unregister(Objects.requireNonNull(accessor, "accessor"));
    }
}
