package dev.weft.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the paths a large fan-out runs through, so that the first one in a fresh JVM is not paid
 * for in deoptimisations; on demand ({@link #run}) and automatically before the first large gather
 * ({@link #beforeFanOut}).
 *
 * <p>Why: when the first fan-out of a million sleeping tasks starts, C2 compiles the JDK's
 * {@code VirtualThread.sleepNanos} while threads are going to sleep and none has woken yet, so the
 * wake-up branch becomes an uncommon trap. Every parked thread holds a frame of that code, and each
 * one is deoptimised when it wakes: about a million deoptimisations, 13–14 s of CPU on 2 cores
 * (measured with JFR's {@code jdk.Deoptimization}; the JDK's own executor pays the same). Running a
 * small fan-out whose sleepers do wake first (10,000 trivial tasks, then 10,000 one-millisecond
 * sleeps: about 0.3 s) profiles that branch; the cold million-task fan-out then takes about 5 s
 * instead of about 14 s (docs/performance.md). The sleepers are Weft tasks sleeping through
 * {@code Weft.sleep}, not bare threads, so that Weft's own code after the wake-up (the cancellation
 * check in {@link Sleeping}) is profiled as well.
 *
 * <p>One body class. Every task calls its body at one call site ({@code TaskImpl.run}), and the JIT
 * inlines a body there only while that site has seen at most two body classes. The warm-up's bodies
 * are therefore all of one class ({@link Body}), so that it adds one type to that site, not two: a
 * program whose large fan-out has one body class keeps the body inlined in the task's frame, and each
 * parked task's stack chunk stays smaller. Measured on the cold 1,000,000 × sleep(1 s) gather, fresh
 * JVM per sample, 16 interleaved samples each: median 5.29 s with two lambda classes, 4.55 s with one
 * (docs/performance-notes.md).
 *
 * <p>Automatic warm-up. A gather of at least {@link #THRESHOLD} bodies (system property
 * {@code weft.autoWarmUp}: a number, or {@code off}) runs the warm-up first, once per JVM: the
 * deoptimisation storm costs about 10 µs per sleeping task, so from a few tens of thousands of
 * tasks on it costs more than the 0.3 s warm-up. Invariants:
 * <ul>
 *   <li>a smaller gather pays one comparison of its size with a constant, and a large one after the
 *       warm-up one more read of a volatile boolean ({@link #warm});
 *   <li>at most one warm-up runs at a time ({@link #CLAIMED}); a large gather that starts while
 *       another thread warms up goes ahead cold rather than wait;
 *   <li>the warm-up runs in real time with the system clock bound, so its tasks are not tasks of a
 *       virtual-time run and never count busy in {@link Idle}; a caller whose clock is not the
 *       system clock (a virtual-time run) skips it: its sleeps never reach the JDK's sleep anyway;
 *   <li>a caller whose task is cancelled skips it (its gather is about to throw); a caller
 *       cancelled during the warm-up cancels the warm-up's tasks and gets its cancel, and the
 *       warm-up counts as not done, so the next large gather tries again.
 * </ul>
 */
public final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    private static final int TASKS = 10_000;
    /** The smallest gather that warms up first; {@code Integer.MAX_VALUE} when off. */
    static final int THRESHOLD = threshold(System.getProperty("weft.autoWarmUp"));

    /** Whether a warm-up has completed in this JVM. */
    private static volatile boolean warm;
    /** Held while a warm-up runs, so that two large gathers do not warm up twice. */
    private static final AtomicBoolean CLAIMED = new AtomicBoolean();
    /** How many automatic warm-ups have completed (for tests). */
    static final AtomicInteger AUTOMATIC = new AtomicInteger();

    private WarmUp() {
    }

    /**
     * Runs the warm-up fan-outs, on the calling thread's behalf, with the system clock bound; later
     * large gathers do not warm up again. Each call runs it (the caller asked).
     */
    public static void run() {
        boolean claimed = CLAIMED.compareAndSet(false, true); // no automatic warm-up inside this one
        try {
            warmUp();
            warm = true;
        } finally {
            if (claimed && !warm) {
                CLAIMED.set(false);
            }
        }
    }

    /**
     * Called by a fan-out of {@code size} children before it starts them: warms up first if it is
     * large and nothing has warmed this JVM yet (see the class notes).
     */
    static void beforeFanOut(int size) {
        if (size >= THRESHOLD && !warm) {
            automatic();
        }
    }

    private static void automatic() {
        if (Clocks.current() != SystemClock.INSTANCE) {
            return; // virtual time: its sleeps do not go through the JDK's sleep, and its clock must not be touched
        }
        Frame caller = Frame.currentOrNull();
        if (caller != null && caller.cancelledScope() != null) {
            return; // the gather throws the cancel at once; nothing to warm for
        }
        if (!CLAIMED.compareAndSet(false, true)) {
            return; // someone else is warming up (or it is this warm-up's own gather)
        }
        boolean done = false;
        try {
            long start = System.nanoTime();
            warmUp();
            done = true;
            warm = true;
            AUTOMATIC.incrementAndGet();
            LOG.debug("warmed the fan-out path before a large gather in {} ms", (System.nanoTime() - start) / 1_000_000);
        } finally {
            if (!done) {
                CLAIMED.set(false);
            }
        }
    }

    private static void warmUp() {
        List<Callable<Integer>> trivial = bodies(TASKS, false);
        List<Callable<Integer>> sleepers = bodies(TASKS, true);
        try {
            Clocks.withClock(SystemClock.INSTANCE, () -> Roots.run("weft-warm-up", () -> {
                Gather.all(trivial);
                Gather.all(sleepers);
                return null;
            }));
        } catch (Exception e) {
            throw Failures.unchecked(e); // Roots.run throws only unchecked exceptions; withClock declares more
        }
    }

    /** The bodies of one warm-up fan-out: {@code count} of them, sleeping one millisecond each or not at all. */
    static List<Callable<Integer>> bodies(int count, boolean sleep) {
        List<Callable<Integer>> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bodies.add(new Body(i, sleep));
        }
        return bodies;
    }

    /** One class for the bodies of both fan-outs: one receiver type at the task's body call (class notes). */
    private record Body(int n, boolean sleeps) implements Callable<Integer> {
        @Override
        public Integer call() {
            if (sleeps) {
                Sleeping.sleep(Duration.ofMillis(1));
            }
            return n;
        }
    }

    /** Forgets that the JVM has warmed up (tests only). */
    static void forgetForTest() {
        warm = false;
        CLAIMED.set(false);
    }

    /** The threshold {@code property} asks for: a positive number, or off; anything else is logged and ignored. */
    static int threshold(String property) {
        int byDefault = 50_000;
        if (property == null || property.isBlank()) {
            return byDefault;
        }
        String p = property.strip();
        if (p.equalsIgnoreCase("off") || p.equalsIgnoreCase("false")) {
            return Integer.MAX_VALUE;
        }
        try {
            int n = Integer.parseInt(p.replace("_", ""));
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            LOG.warn("system property weft.autoWarmUp must be a positive number or off, not {}; using {}", property, byDefault, e);
            return byDefault;
        }
        LOG.warn("system property weft.autoWarmUp must be a positive number or off, not {}; using {}", property, byDefault);
        return byDefault;
    }
}
