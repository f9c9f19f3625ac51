package dev.weft.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Task lifecycle as JDK Flight Recorder events ({@code dev.weft.TaskSpawned}, {@code TaskCompleted},
 * {@code TaskCancelRequested}, {@code TimeoutFired}), visible in JDK Mission Control or with
 * {@code jfr print --events dev.weft.* rec.jfr}. When no recording asks for them, each hook is one
 * check of a flag kept by JFR, and the event object is never allocated. The two per-task events
 * (spawned, completed) are off by default, since a recording would otherwise pay for one event per
 * task; turn them on in a recording's settings ({@code dev.weft.TaskSpawned#enabled=true}, or with
 * {@code jfr configure}). Cancels and fired timeouts are on by default.
 */
final class TaskEvents {
    private TaskEvents() {
    }

    static void spawned(TaskImpl<?> t, ScopeImpl scope) {
        TaskListeners.spawned(t);
        if (Spawned.PROBE.isEnabled()) {
            Spawned e = new Spawned();
            e.task = t.name();
            e.scope = scope.toString();
            e.commit();
        }
    }

    static void completed(TaskImpl<?> t, int outcome) {
        TaskListeners.completed(t);
        if (Completed.PROBE.isEnabled()) {
            Completed e = new Completed();
            e.task = t.name();
            e.outcome = t.state().name();
            e.commit();
        }
    }

    static void cancelRequested(TaskImpl<?> t) {
        TaskListeners.cancelRequested(t);
        if (CancelRequested.PROBE.isEnabled()) {
            CancelRequested e = new CancelRequested();
            e.task = t.name();
            e.commit();
        }
    }

    static void timeoutFired(CancelScope s) {
        TaskListeners.timeoutFired();
        if (TimeoutFired.PROBE.isEnabled()) {
            TimeoutFired e = new TimeoutFired();
            e.timeout = CancelScope.describe(s.duration());
            e.owner = s.frame.describe();
            e.commit();
        }
    }

    @Name("dev.weft.TaskSpawned")
    @Label("Task Spawned")
    @Category("Weft")
    @Description("A task was started in a scope")
    @StackTrace(false)
    @Enabled(false)
    static final class Spawned extends Event {
        /** Asked "is this event type enabled?"; a final field of the exact type, so the check inlines. */
        static final Spawned PROBE = new Spawned();
        @Label("Task")
        String task;
        @Label("Scope")
        String scope;
    }

    @Name("dev.weft.TaskCompleted")
    @Label("Task Completed")
    @Category("Weft")
    @Description("A task finished: SUCCESS, FAILED or CANCELLED")
    @StackTrace(false)
    @Enabled(false)
    static final class Completed extends Event {
        /** Asked "is this event type enabled?"; a final field of the exact type, so the check inlines. */
        static final Completed PROBE = new Completed();
        @Label("Task")
        String task;
        @Label("Outcome")
        String outcome;
    }

    @Name("dev.weft.TaskCancelRequested")
    @Label("Task Cancel Requested")
    @Category("Weft")
    @Description("Somebody asked a task to stop")
    static final class CancelRequested extends Event {
        /** Asked "is this event type enabled?"; a final field of the exact type, so the check inlines. */
        static final CancelRequested PROBE = new CancelRequested();
        @Label("Task")
        String task;
    }

    @Name("dev.weft.TimeoutFired")
    @Label("Timeout Fired")
    @Category("Weft")
    @Description("A deadline passed and cancelled its scope")
    @StackTrace(false)
    static final class TimeoutFired extends Event {
        /** Asked "is this event type enabled?"; a final field of the exact type, so the check inlines. */
        static final TimeoutFired PROBE = new TimeoutFired();
        @Label("Timeout")
        String timeout;
        @Label("Owner")
        String owner;
    }
}
