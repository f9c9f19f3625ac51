package dev.weft.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Warms the paths a large fan-out runs through, so that the first one in a fresh JVM is not paid
 * for in deoptimisations.
 *
 * <p>Why: when the first fan-out of a million sleeping tasks starts, C2 compiles the JDK's
 * {@code VirtualThread.sleepNanos} while threads are going to sleep and none has woken yet, so the
 * wake-up branch becomes an uncommon trap. Every parked thread holds a frame of that code, and each
 * one is deoptimised when it wakes: about a million deoptimisations, 13–14 s of CPU on 2 cores
 * (measured with JFR's {@code jdk.Deoptimization}; the JDK's own executor pays the same). Running a
 * small fan-out whose sleepers do wake first (10,000 trivial tasks, then 10,000 one-millisecond
 * sleeps: about 0.3 s) profiles that branch; the cold million-task fan-out then takes about 5 s
 * instead of about 14 s (docs/performance.md).
 */
public final class WarmUp {
    private static final int TASKS = 10_000;

    private WarmUp() {
    }

    /** Runs the warm-up fan-outs once, on the calling thread's behalf. */
    public static void run() {
        List<Callable<Integer>> trivial = new ArrayList<>(TASKS);
        List<Callable<Integer>> sleepers = new ArrayList<>(TASKS);
        for (int i = 0; i < TASKS; i++) {
            int n = i;
            trivial.add(() -> n);
            sleepers.add(() -> {
                Sleeping.sleep(Duration.ofMillis(1));
                return n;
            });
        }
        Roots.run(() -> {
            Gather.all(trivial);
            Gather.all(sleepers);
            return null;
        });
    }
}
