package dev.weft.micrometer;

import dev.weft.Queue;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.TaskListener;
import dev.weft.internal.TaskListeners;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Weft's task lifecycle as Micrometer meters: bind it to a {@link MeterRegistry} and every scope,
 * timeout and semaphore of the JVM reports there.
 *
 * <p>Kotlin equivalent: none built in (kotlinx-coroutines-debug counts coroutines for a dump); asyncio:
 * none (aiomonitor shows tasks); this is what a service wires into Prometheus or Datadog.
 *
 * <pre>{@code
 * MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * WeftMetrics metrics = WeftMetrics.register(registry);
 * WeftMetrics.monitor(registry, jobs, "jobs");           // queue depth of one Queue
 * ...
 * metrics.close();                                       // stop listening (meters stay registered)
 * }</pre>
 *
 * <h2>Meters</h2>
 * <ul>
 * <li>{@code weft.tasks.live} (gauge): tasks that have not finished, root tasks included; read from
 *     the task tree when the registry samples it.</li>
 * <li>{@code weft.tasks.spawned} (counter): tasks started in a scope.</li>
 * <li>{@code weft.tasks.completed} (counter, tag {@code outcome} = {@code success}, {@code failed} or
 *     {@code cancelled}): tasks that finished, spawned ones only.</li>
 * <li>{@code weft.tasks.cancel.requests} (counter): cancels asked of running tasks.</li>
 * <li>{@code weft.timeouts.fired} (counter): deadlines that passed and cancelled their scope.</li>
 * <li>{@code weft.semaphore.wait} (timer): how long {@link dev.weft.Semaphore#acquire()} waited for a permit.</li>
 * <li>{@code weft.queue.depth} (gauge, tag {@code queue}): items in a queue registered with
 *     {@link #monitor(MeterRegistry, Queue, String)}.</li>
 * </ul>
 * The counters are updated on the thread where the event happens: an increment, no allocation.
 */
public final class WeftMetrics implements MeterBinder, AutoCloseable {
    private volatile Listener listener;

    /** A binder not yet bound (for frameworks that bind {@link MeterBinder}s); {@link #bindTo(MeterRegistry)} starts it. */
    public WeftMetrics() {
    }

    /** Creates the meters in {@code registry} and starts counting: {@code new WeftMetrics()} then {@link #bindTo}. */
    public static WeftMetrics register(MeterRegistry registry) {
        WeftMetrics m = new WeftMetrics();
        m.bindTo(registry);
        return m;
    }

    /**
     * Creates the meters in {@code registry} and starts counting ({@link MeterBinder}).
     *
     * @throws IllegalStateException if this binder is bound already (use one binder per registry)
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (listener != null) {
            throw new IllegalStateException("this WeftMetrics is bound already; create one per registry");
        }
        Gauge.builder("weft.tasks.live", () -> Weft.liveTasks().size())
                .description("Weft tasks that have not finished").register(registry);
        Listener l = new Listener(registry);
        listener = l;
        TaskListeners.add(l);
    }

    /**
     * Registers a gauge {@code weft.queue.depth{queue=name}} with the number of items in {@code queue}
     * (asyncio: {@code queue.qsize()}). The gauge holds the queue weakly, as Micrometer gauges do.
     */
    public static void monitor(MeterRegistry registry, Queue<?> queue, String name) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank: '" + name + "'");
        }
        Gauge.builder("weft.queue.depth", queue, Queue::size).tags(Tags.of("queue", name))
                .description("items in a Weft queue").register(registry);
    }

    /** Stops counting (the meters stay in the registry with their last values). Idempotent. */
    @Override
    public void close() {
        Listener l = listener;
        if (l != null) {
            TaskListeners.remove(l);
        }
    }

    /** The listener behind the meters: one counter increment or timer record per event. */
    private static final class Listener implements TaskListener {
        private final Counter spawned;
        private final Counter succeeded;
        private final Counter failed;
        private final Counter cancelled;
        private final Counter cancelRequests;
        private final Counter timeouts;
        private final Timer semaphoreWait;

        Listener(MeterRegistry r) {
            spawned = Counter.builder("weft.tasks.spawned").description("tasks started in a scope").register(r);
            succeeded = completed(r, "success");
            failed = completed(r, "failed");
            cancelled = completed(r, "cancelled");
            cancelRequests = Counter.builder("weft.tasks.cancel.requests").description("cancels asked of running tasks").register(r);
            timeouts = Counter.builder("weft.timeouts.fired").description("deadlines that passed and cancelled their scope").register(r);
            semaphoreWait = Timer.builder("weft.semaphore.wait").description("time waited for a semaphore permit").register(r);
        }

        private static Counter completed(MeterRegistry r, String outcome) {
            return Counter.builder("weft.tasks.completed").tag("outcome", outcome).description("tasks that finished").register(r);
        }

        @Override
        public void spawned(Task<?> task) {
            spawned.increment();
        }

        @Override
        public void completed(Task<?> task, Future.State state) {
            switch (state) {
                case SUCCESS -> succeeded.increment();
                case FAILED -> failed.increment();
                default -> cancelled.increment();
            }
        }

        @Override
        public void cancelRequested(Task<?> task) {
            cancelRequests.increment();
        }

        @Override
        public void timeoutFired() {
            timeouts.increment();
        }

        @Override
        public void semaphoreAcquired(long nanos) {
            semaphoreWait.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
