package dev.weft.internal;

import java.util.Optional;

/**
 * Task lifecycle as JDK Flight Recorder events ({@code dev.weft.TaskSpawned}, {@code TaskCompleted},
 * {@code TaskCancelRequested}, {@code TimeoutFired}); the event types live in {@link JfrTaskEvents}.
 *
 * <p>JFR is optional ({@code requires static jdk.jfr}): a jlink image or a module-path launch without
 * module {@code jdk.jfr} runs Weft with the events off. Invariant: when {@link #AVAILABLE} is false, no
 * class that links against {@code jdk.jfr} is loaded; every hook is one check of a constant. On the
 * class path {@code jdk.jfr} is in the boot layer (unless {@code --limit-modules} leaves it out); on the
 * module path it is there when something requires it, with {@code --add-modules jdk.jfr}, or with
 * {@code -XX:StartFlightRecording}, which adds it.
 */
final class TaskEvents {
    /** Whether module {@code jdk.jfr} is present and read by this module; fixed for the JVM's life. */
    static final boolean AVAILABLE = jfrReadable();

    private TaskEvents() {
    }

    static void spawned(TaskImpl<?> t, ScopeImpl scope) {
        TaskListeners.spawned(t);
        if (AVAILABLE) {
            JfrTaskEvents.spawned(t, scope);
        }
    }

    static void completed(TaskImpl<?> t, int outcome) {
        TaskListeners.completed(t);
        if (AVAILABLE) {
            JfrTaskEvents.completed(t, outcome);
        }
    }

    static void cancelRequested(TaskImpl<?> t) {
        TaskListeners.cancelRequested(t);
        if (AVAILABLE) {
            JfrTaskEvents.cancelRequested(t);
        }
    }

    static void timeoutFired(CancelScope s) {
        TaskListeners.timeoutFired();
        if (AVAILABLE) {
            JfrTaskEvents.timeoutFired(s);
        }
    }

    /** True when module {@code jdk.jfr} is in this module's layer (or a parent) and this module reads it. */
    static boolean jfrReadable() {
        Module self = TaskEvents.class.getModule();
        ModuleLayer layer = self.getLayer() != null ? self.getLayer() : ModuleLayer.boot();
        Optional<Module> jfr = layer.findModule("jdk.jfr");
        return jfr.isPresent() && self.canRead(jfr.get());
    }
}
