package dev.weft.internal;

import java.util.concurrent.ThreadFactory;

/** The default engine: one new virtual thread per task, named after the task when it has a name. */
final class VirtualThreadEngine implements Engine {
    private final ThreadFactory unnamed = Thread.ofVirtual().factory();

    @Override
    public String name() {
        return "virtual";
    }

    @Override
    public void start(TaskImpl<?> task) {
        String name = task.givenName();
        Thread t = name == null ? unnamed.newThread(task) : Thread.ofVirtual().name(name).unstarted(task);
        task.setThread(t);
        t.start();
    }

    /** A root here is a task like any other: its own virtual thread is all it needs. */
    @Override
    public void startRoot(TaskImpl<?> root) {
        start(root);
    }
}
