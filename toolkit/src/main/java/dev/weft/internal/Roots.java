package dev.weft.internal;

import java.util.concurrent.Callable;

/** {@code Weft.run}: a root task on a virtual thread whose body runs in a fail-fast scope. */
public final class Roots {
    private Roots() {
    }

    /**
     * Runs {@code main} as a root task and waits for it and everything spawned in it. If the caller is
     * interrupted or cancelled meanwhile, the tree is cancelled and awaited before this returns. In a
     * cancelled task (outside a shield) it throws the cancel at once and runs nothing.
     */
    public static <T> T run(Callable<T> main) {
        return run("weft-main", main);
    }

    /** {@link #run(Callable)} with a root task named {@code name} (its scope carries the name too). */
    public static <T> T run(String name, Callable<T> main) {
        Frame caller = Frame.currentOrNull();
        if (caller != null) {
            caller.checkCancelled(); // a nested run in cancelled code does not start
        }
        TaskImpl<T> root = new TaskImpl<>(null, name, () -> ScopeImpl.open(false).named(name).runBody(main));
        Registry.add(root);
        try {
            return await(caller, root);
        } finally {
            Registry.remove(root);
        }
    }

    private static <T> T await(Frame caller, TaskImpl<T> root) {
        boolean[] foreignInterrupt = new boolean[1];
        Idle.spawning(root);
        Engines.current().runRoot(root, () -> {
            while (!root.settled()) {
                try {
                    root.awaitSettled();
                } catch (InterruptedException e) {
                    if (caller != null) {
                        caller.absorbInterrupt();
                    } else {
                        foreignInterrupt[0] = true;
                    }
                    root.cancel();
                }
            }
        });
        root.observed = true;
        if (foreignInterrupt[0]) {
            Thread.currentThread().interrupt();
        }
        if (caller != null && root.stateCode() == TaskImpl.CANCELLED) {
            caller.checkCancelled();
        }
        return root.report();
    }
}
