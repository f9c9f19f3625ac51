package dev.weft;

import static dev.weft.TestSupport.LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A cancellation storm: 100 groups of 1,000 leaf tasks (every tenth group nested three deep, 10 × 10 × 10),
 * cancelled at random moments by several canceller tasks (a leaf, a whole group, or the task that runs a
 * group), then swept. A few groups carry deliberate failures. The storm runs once; each test checks one
 * promise about it.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CancellationStormReliabilityTest {
    private static final int GROUPS = 100;
    private static final int LEAVES_PER_GROUP = 1_000;
    private static final int LEAVES = GROUPS * LEAVES_PER_GROUP;
    private static final int FAN_OUT = 10;            // nested groups: 10 × 10 × 10 leaves
    private static final int CANCELLERS = 4;
    private static final int CANCELS_PER_CANCELLER = 250;
    private static final int FAILURES_PER_FAILING_GROUP = 3;
    private static final long SEED = 20_260_101L;

    private final AtomicIntegerArray started = new AtomicIntegerArray(LEAVES);
    private final AtomicIntegerArray finallies = new AtomicIntegerArray(LEAVES);
    private final AtomicReferenceArray<Task<?>> leaves = new AtomicReferenceArray<>(LEAVES);
    private final AtomicReferenceArray<TaskGroup> groups = new AtomicReferenceArray<>(GROUPS);
    private final AtomicReferenceArray<Task<?>> runners = new AtomicReferenceArray<>(GROUPS);
    private final AtomicIntegerArray runnerCancelRequested = new AtomicIntegerArray(GROUPS);
    private final ConcurrentHashMap<Integer, Throwable> runnerFailures = new ConcurrentHashMap<>();
    private final Set<Throwable> injectedThrown = ConcurrentHashMap.newKeySet();
    private final Queue<String> outlivedScope = new ConcurrentLinkedQueue<>();
    private final Queue<String> strayInterrupts = new ConcurrentLinkedQueue<>();
    private final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean callerInterruptedAfterRun = new AtomicBoolean();
    private List<Task<?>> liveAfterRun;
    private String treeAfterRun;
    private long storedNanos;

    private static boolean isNested(int group) {
        return group % 10 == 3;
    }

    private static boolean isFailing(int group) {
        return group % 20 == 5;       // 5, 25, 45, 65, 85
    }

    private static boolean targetable(int group) {
        return !isFailing(group);
    }

    @BeforeAll
    void runTheStorm() {
        long start = System.nanoTime();
        try {
            Weft.run(() -> TaskGroup.supervise(top -> {
                for (int g = 0; g < GROUPS; g++) {
                    int group = g;
                    Task<Void> runner = top.spawn("group-" + g, () -> {
                        runGroup(group);
                        return null;
                    });
                    runner.onDone(t -> {
                        if (t.state() == Future.State.FAILED) {
                            runnerFailures.put(group, t.exception());
                        }
                    });
                    runners.set(g, runner);
                }
                List<Task<Void>> cancellers = new ArrayList<>();
                for (int c = 0; c < CANCELLERS; c++) {
                    cancellers.add(top.spawn("canceller-" + c, () -> {
                        cancelAtRandom();
                        return null;
                    }));
                }
                for (Task<Void> c : cancellers) {
                    c.join();
                }
                for (int g = 0; g < GROUPS; g++) { // the sweep: whatever the cancellers missed
                    if (targetable(g)) {
                        runnerCancelRequested.set(g, 1);
                        runners.get(g).cancel();
                    }
                }
                return null;
            }));
        } finally {
            callerInterruptedAfterRun.set(Thread.interrupted());
        }
        storedNanos = System.nanoTime() - start;
        liveAfterRun = Weft.liveTasks();
        treeAfterRun = Weft.dumpTaskTree();
        int tasks = LEAVES + GROUPS + CANCELLERS + GROUPS / 10 * (FAN_OUT + FAN_OUT * FAN_OUT);
        System.out.printf("cancellation storm: %,d tasks (%,d leaves in %d groups, %d nested 3 deep) in %d ms = %,.0f tasks/s;"
                        + " %,d leaves ran, seed %d%n",
                tasks, LEAVES, GROUPS, GROUPS / 10, TimeUnit.NANOSECONDS.toMillis(storedNanos),
                tasks / (storedNanos / 1e9), countStarted(), SEED);
    }

    private int countStarted() {
        int n = 0;
        for (int i = 0; i < LEAVES; i++) {
            n += started.get(i);
        }
        return n;
    }

    // ---- the storm -------------------------------------------------------------------------------

    private void runGroup(int group) {
        if (isNested(group)) {
            runLevel(group, group * LEAVES_PER_GROUP, 3);
            return;
        }
        int first = group * LEAVES_PER_GROUP;
        try {
            if (group % 2 == 0) { // the lambda form
                TaskGroup.run(g -> {
                    groups.set(group, g);
                    spawnLeaves(g, group, first, LEAVES_PER_GROUP);
                    return null;
                });
            } else {              // the try-with-resources form
                try (var g = TaskGroup.open()) {
                    groups.set(group, g);
                    spawnLeaves(g, group, first, LEAVES_PER_GROUP);
                }
            }
        } finally {
            checkChildrenDone(group, first, LEAVES_PER_GROUP);
            checkNoStrayInterrupt(group);
        }
    }

    /** A group at {@code depth} (3 = top) whose children open groups of their own, down to the leaves. */
    private void runLevel(int group, int first, int depth) {
        int span = depth == 3 ? 1_000 : depth == 2 ? 100 : 10;
        List<Task<?>> children = new ArrayList<>();
        try {
            TaskGroup.run(g -> {
                if (depth == 3) {
                    groups.set(group, g);
                }
                if (depth == 1) {
                    spawnLeaves(g, group, first, span);
                } else {
                    int childSpan = span / FAN_OUT;
                    for (int c = 0; c < FAN_OUT; c++) {
                        int childFirst = first + c * childSpan;
                        children.add(g.spawn(() -> {
                            runLevel(group, childFirst, depth - 1);
                            return null;
                        }));
                    }
                }
                return null;
            });
        } finally {
            if (depth == 1) {
                checkChildrenDone(group, first, span);
            }
            for (Task<?> c : children) {
                if (!c.isDone()) {
                    outlivedScope.add("group " + group + ": " + c + " at depth " + depth);
                }
            }
            if (depth == 3) {
                checkNoStrayInterrupt(group);
            }
        }
    }

    private void spawnLeaves(TaskGroup g, int group, int first, int count) {
        int start = 0;
        if (isFailing(group)) {
            CountDownLatch arrived = new CountDownLatch(FAILURES_PER_FAILING_GROUP);
            for (; start < FAILURES_PER_FAILING_GROUP; start++) {
                int id = first + start;
                leaves.set(id, g.spawn("leaf-" + id, () -> failingLeaf(id, group, arrived)));
            }
        }
        for (int i = start; i < count; i++) {
            int id = first + i;
            leaves.set(id, g.spawn("leaf-" + id, () -> leaf(id)));
        }
    }

    private Object leaf(int id) {
        started.incrementAndGet(id);
        try {
            SplittableRandom random = new SplittableRandom(SEED + id);
            int kind = random.nextInt(10);
            if (kind < 4) {
                Weft.sleep(Duration.ofNanos(random.nextLong(3_000_000)));
            } else if (kind < 6) {
                Weft.sleep(LONG);           // only a cancel ends this one
            } else if (kind < 8) {
                for (int i = random.nextInt(200); i > 0; i--) {
                    Weft.checkCancelled();
                    Thread.yield();
                }
            }
            return id;
        } finally {
            finallies.incrementAndGet(id);
        }
    }

    /**
     * Waits until the group's other failing leaves run too, then throws whatever happens: the first
     * failure cancels the others, which must fail all the same, so that every injected failure is thrown.
     */
    private Object failingLeaf(int id, int group, CountDownLatch arrived) {
        started.incrementAndGet(id);
        try {
            arrived.countDown();
            try {
                arrived.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                // a sibling failed first; fail anyway
            }
            IllegalStateException failure = new IllegalStateException("injected failure " + id + " in group " + group);
            injectedThrown.add(failure);
            throw failure;
        } finally {
            finallies.incrementAndGet(id);
        }
    }

    private void cancelAtRandom() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < CANCELS_PER_CANCELLER; i++) {
            Weft.sleep(Duration.ofNanos(random.nextLong(2_000_000)));
            int group = random.nextInt(GROUPS);
            if (!targetable(group)) {
                continue;
            }
            int roll = random.nextInt(100);
            if (roll < 90) {
                Task<?> leaf = leaves.get(group * LEAVES_PER_GROUP + random.nextInt(LEAVES_PER_GROUP));
                if (leaf != null) {
                    leaf.cancel();
                }
            } else if (roll < 96) {
                TaskGroup g = groups.get(group);
                if (g != null) {
                    g.cancel();
                }
            } else {
                Task<?> runner = runners.get(group);
                if (runner != null) {
                    runnerCancelRequested.set(group, 1);
                    runner.cancel();
                }
            }
        }
    }

    private void checkChildrenDone(int group, int first, int count) {
        for (int id = first; id < first + count; id++) {
            Task<?> t = leaves.get(id);
            if (t == null || !t.isDone()) {
                outlivedScope.add("group " + group + ": " + (t == null ? "leaf-" + id + " never spawned" : t));
            }
        }
    }

    /** An interrupt is only legitimate on a runner that somebody cancelled (the flag is set before the cancel). */
    private void checkNoStrayInterrupt(int group) {
        boolean interrupted = Thread.currentThread().isInterrupted();
        if (interrupted && runnerCancelRequested.get(group) == 0) {
            strayInterrupts.add("group-" + group);
        }
    }

    // ---- the promises ----------------------------------------------------------------------------

    @Test
    void everyFinallyRunsExactlyOnceForEveryLeafThatRan() {
        List<String> wrong = new ArrayList<>();
        for (int id = 0; id < LEAVES; id++) {
            if (started.get(id) > 1 || finallies.get(id) != started.get(id)) {
                wrong.add("leaf-" + id + ": ran " + started.get(id) + "×, finally " + finallies.get(id) + "×");
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())));
    }

    @Test
    void everyLeafIsDoneWhenItsGroupEnds() {
        assertEquals(List.of(), new ArrayList<>(outlivedScope));
    }

    @Test
    void noTaskIsLeftAfterTheRun() {
        assertEquals(List.of(), liveAfterRun, treeAfterRun);
        for (int id = 0; id < LEAVES; id++) {
            Task<?> t = leaves.get(id);
            assertTrue(t == null || t.isDone(), String.valueOf(t));
        }
        for (int g = 0; g < GROUPS; g++) {
            assertTrue(runners.get(g).isDone(), runners.get(g)::toString);
        }
    }

    @Test
    void aGroupSpawnsAllOrNoneOfItsLeavesAndNoneOnlyWhenCancelledBeforeItRan() {
        for (int g = 0; g < GROUPS; g++) {
            int block = isNested(g) ? FAN_OUT : LEAVES_PER_GROUP; // the leaves of one innermost group
            for (int first = g * LEAVES_PER_GROUP; first < (g + 1) * LEAVES_PER_GROUP; first += block) {
                int spawned = 0;
                for (int id = first; id < first + block; id++) {
                    spawned += leaves.get(id) != null ? 1 : 0;
                }
                assertTrue(spawned == 0 || spawned == block, "group " + g + " spawned " + spawned + " of " + block);
            }
            int fromThisGroup = 0;
            for (int id = g * LEAVES_PER_GROUP; id < (g + 1) * LEAVES_PER_GROUP; id++) {
                fromThisGroup += leaves.get(id) != null ? 1 : 0;
            }
            if (fromThisGroup < LEAVES_PER_GROUP && !isNested(g)) { // a nested group's inner tasks may be cancelled alone
                assertEquals(Future.State.CANCELLED, runners.get(g).state(), "group " + g);
            }
        }
    }

    @Test
    void theStormActuallyCancelledAndCompletedLeaves() {
        int cancelled = 0;
        int succeeded = 0;
        for (int id = 0; id < LEAVES; id++) {
            if (leaves.get(id) == null) {
                continue;
            }
            switch (leaves.get(id).state()) {
                case CANCELLED -> cancelled++;
                case SUCCESS -> succeeded++;
                default -> { }
            }
        }
        System.out.printf("cancellation storm: %,d leaves cancelled, %,d succeeded%n", cancelled, succeeded);
        assertTrue(cancelled > LEAVES / 10, "cancelled " + cancelled);
        assertTrue(succeeded > LEAVES / 10, "succeeded " + succeeded);
    }

    @Test
    void everyInjectedFailureSurfacesFirstThrownOthersSuppressed() {
        Set<Throwable> surfaced = new HashSet<>();
        for (int g = 0; g < GROUPS; g++) {
            Throwable e = runnerFailures.get(g);
            if (!isFailing(g)) {
                assertNull(e, "group " + g + " failed");
                continue;
            }
            assertTrue(e instanceof IllegalStateException && e.getMessage().startsWith("injected"),
                    "group " + g + " reported " + e);
            surfaced.add(e);
            int injectedHere = 0;
            for (Throwable s : e.getSuppressed()) {
                assertTrue(injectedThrown.contains(s), () -> "unexpected suppressed " + s);
                surfaced.add(s);
                injectedHere++;
            }
            assertEquals(FAILURES_PER_FAILING_GROUP - 1, injectedHere, "suppressed in group " + g);
        }
        assertEquals(GROUPS / 20 * FAILURES_PER_FAILING_GROUP, injectedThrown.size());
        assertEquals(injectedThrown, surfaced);
    }

    @Test
    void noOtherExceptionEscapesAnyTask() {
        List<String> odd = new ArrayList<>();
        for (int id = 0; id < LEAVES; id++) {
            if (leaves.get(id) == null) {
                continue;
            }
            Throwable e = leaves.get(id).exception();
            if (e != null && !(e instanceof CancelledException) && !injectedThrown.contains(e)) {
                odd.add("leaf-" + id + ": " + e);
            }
        }
        unexpected.forEach(e -> odd.add(e.toString()));
        assertEquals(List.of(), odd);
    }

    @Test
    void noStrayInterruptIsLeftOnAnyCaller() {
        assertFalse(callerInterruptedAfterRun.get(), "the thread that called Weft.run");
        assertEquals(List.of(), new ArrayList<>(strayInterrupts), "group runners not cancelled but interrupted");
    }
}
