package dev.weft.structured;

import dev.weft.internal.Engine;
import dev.weft.internal.Frame;
import dev.weft.internal.ScopeImpl;
import dev.weft.internal.TaskImpl;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;

/**
 * The engine that runs every Weft scope on a JDK {@link StructuredTaskScope} (JEP 505, JDK 25 with
 * {@code --enable-preview}): tasks inherit {@code ScopedValue} bindings, and thread dumps show the
 * tree of scopes. Chosen by {@code -Dweft.engine=structured}, or by default where it loads.
 *
 * <p>Implementation notes. The JDK lets only a scope's owner thread fork and join, once; Weft lets
 * any task spawn into a group at any time while the body runs. The bridge: when a Weft scope opens,
 * its body thread opens a small "bridge" scope and forks one <em>owner loop</em> thread into it
 * (inheriting the body's bindings). The owner loop opens the scope's real
 * {@code StructuredTaskScope} and forks each task a spawn hands it through a queue. Weft's own
 * scope still counts the children and decides failure and cancellation; the JDK scopes only contain
 * the threads. When Weft's scope has seen every child finish, the owner loop is told to stop, joins
 * its (already finished) scope and closes it, and the body thread joins and closes the bridge. The
 * cost is two extra virtual threads per scope and one queue hand-off per spawn.
 */
public final class StructuredEngine implements Engine {
    private static final Object STOP = new Object();

    /** Loaded by {@link java.util.ServiceLoader}; loading fails where preview features are off. */
    public StructuredEngine() {
    }

    @Override
    public String name() {
        return "structured";
    }

    @Override
    public Object scopeOpened(ScopeImpl scope) {
        return new Host(scope.toString());
    }

    @Override
    public void scopeClosed(ScopeImpl scope, Object state) {
        ((Host) state).close();
    }

    @Override
    public void start(TaskImpl<?> task) {
        ((Host) task.owningScope().engineState()).fork(task);
    }

    @Override
    public void runRoot(TaskImpl<?> root, Runnable awaitRoot) {
        try (var sts = StructuredTaskScope.open(Joiner.<Object>awaitAll(), cfg -> cfg.withName("weft:run"))) {
            sts.fork(() -> runTask(root));
            awaitRoot.run();
            Frame.uninterruptibly(() -> joinOnce(sts));
        }
    }

    private static Object runTask(TaskImpl<?> task) {
        String name = task.nameIfGiven();
        if (name != null) {
            Thread.currentThread().setName(name);
        }
        task.runHere();
        return null;
    }

    /**
     * Joins {@code sts}, whose threads have finished or are about to. JDK 25 allows one join, so an
     * interrupt from outside Weft (Weft's own are held back by the caller) cannot be retried: then
     * {@code close()} does the waiting, and the interrupt status is restored.
     */
    private static void joinOnce(StructuredTaskScope<?, ?> sts) {
        try {
            sts.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One Weft scope's thread containers: the bridge on the body thread and the owner loop's scope. */
    private static final class Host {
        private final LinkedBlockingQueue<Object> requests = new LinkedBlockingQueue<>();
        private final StructuredTaskScope<Object, Void> bridge;
        private final String name;

        Host(String name) {
            this.name = name;
            bridge = StructuredTaskScope.open(Joiner.<Object>awaitAll(), cfg -> cfg.withName("weft:" + name + ":owner"));
            bridge.fork(this::ownerLoop);
        }

        void fork(TaskImpl<?> task) {
            requests.add(task);
        }

        private Object ownerLoop() {
            boolean interrupted = false;
            try (var sts = StructuredTaskScope.open(Joiner.<Object>awaitAll(), cfg -> cfg.withName("weft:" + name))) {
                for (;;) {
                    Object r;
                    try {
                        r = requests.take();
                    } catch (InterruptedException e) {
                        interrupted = true;
                        continue;
                    }
                    if (r == STOP) {
                        break;
                    }
                    TaskImpl<?> task = (TaskImpl<?>) r;
                    sts.fork(() -> runTask(task));
                }
                boolean wasInterrupted = Thread.interrupted();
                joinOnce(sts);
                interrupted |= wasInterrupted;
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        void close() {
            requests.add(STOP);
            Frame.uninterruptibly(() -> {
                joinOnce(bridge);
                bridge.close();
            });
        }
    }
}
