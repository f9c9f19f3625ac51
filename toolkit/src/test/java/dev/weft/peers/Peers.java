package dev.weft.peers;

import static org.awaitility.Awaitility.await;

import dev.weft.ReturnWhen;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Waiting helpers for the ported peer tests (the package twin of {@code dev.weft.TestSupport}, which is
 * package-private there): never sleep-and-hope, always wait for a fact.
 */
final class Peers {
    /** Long enough that a test only passes if something interrupts it. */
    static final Duration LONG = Duration.ofMinutes(1);

    /** The tag of the classes whose races also run on a single carrier thread (see toolkit/pom.xml). */
    static final String ONE_CARRIER = "one-carrier";

    private Peers() {
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** Waits for {@code latch}; fails the test (instead of hanging) if it is not released within 10 s. */
    static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a latch", e);
        }
    }

    /** Waits until {@code condition} holds; fails after 10 s. */
    static void awaitTrue(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(ms(1))
                .until(condition::getAsBoolean);
    }

    /** Waits until {@code thread} is parked (blocked in a call such as {@code Queue.get}). */
    static void awaitBlocked(Thread thread) {
        awaitTrue(() -> {
            Thread.State state = thread.getState();
            return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        });
    }

    /** Waits until the thread recorded in {@code ref} exists and is parked. */
    static void awaitBlocked(AtomicReference<Thread> ref) {
        awaitTrue(() -> ref.get() != null);
        awaitBlocked(ref.get());
    }

    /**
     * Waits until {@code task} is done, without joining it (so its failure is not thrown here); a done-callback
     * releases the wait, so race loops do not poll.
     * It blocks outside Weft, which a virtual clock counts as busy: inside {@code VirtualTime.run},
     * when the task needs virtual time to pass, use {@link #awaitDoneInWeft} instead.
     */
    static void awaitDone(Task<?> task) {
        var done = new CountDownLatch(1);
        task.onDone(t -> done.countDown());
        awaitLatch(done);
        if (!task.isDone()) {
            throw new AssertionError("onDone ran before " + task.name() + " was done");
        }
    }

    /**
     * Waits until {@code task} is done, without joining it, in a Weft wait ({@code waitTasks}): the
     * caller counts as parked, so a virtual clock can move while it waits.
     */
    static <T> void awaitDoneInWeft(Task<T> task) {
        Weft.waitTasks(List.of(task), ReturnWhen.ALL_COMPLETED);
    }

    /** Busy work that no interrupt can shorten: CPU-bound work in real time. */
    static void spin(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            Thread.yield();                 // lets other virtual threads run, also on one carrier
        }
    }

    /** An exception type of the tests' own, so that nothing else can be mistaken for it. */
    static final class Boom extends RuntimeException {
        Boom(String message) {
            super(message);
        }
    }

    /** A second one, where two failures must be told apart. */
    static final class OtherBoom extends RuntimeException {
        OtherBoom(String message) {
            super(message);
        }
    }

    /** An {@link Error}, the closest Java has to Python's BaseException subclasses. */
    static final class FatalBoom extends Error {
        FatalBoom(String message) {
            super(message);
        }
    }

    /** Whether {@code thrown} is, or carries as suppressed, an exception of {@code type}. */
    static boolean carries(Throwable thrown, Class<? extends Throwable> type) {
        if (type.isInstance(thrown)) {
            return true;
        }
        for (Throwable s : thrown.getSuppressed()) {
            if (type.isInstance(s)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code thrown} carries an exception of {@code type} anywhere: itself, its causes, its suppressed. */
    static boolean mentions(Throwable thrown, Class<? extends Throwable> type) {
        return mentions(thrown, type, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    private static boolean mentions(Throwable t, Class<? extends Throwable> type, java.util.Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return false;
        }
        if (type.isInstance(t)) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (mentions(s, type, seen)) {
                return true;
            }
        }
        return mentions(t.getCause(), type, seen);
    }
}
