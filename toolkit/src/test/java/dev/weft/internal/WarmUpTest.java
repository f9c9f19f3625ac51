package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.testing.VirtualTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The automatic warm-up before a large gather (issue 15, "cold without asking"). */
@Timeout(120)
class WarmUpTest {

    @BeforeEach
    void freshJvm() {
        WarmUp.forgetForTest();
    }

    private static List<Callable<Integer>> trivial(int n) {
        return IntStream.range(0, n).mapToObj(i -> (Callable<Integer>) () -> i).toList();
    }

    @Test
    void theTrivialAndTheSleepingWarmUpBodiesShareOneClassSoTheyAddOneTypeToTheTaskBodyCall() {
        // when the warm-up's two kinds of bodies are made
        List<Callable<Integer>> trivial = WarmUp.bodies(3, false);
        List<Callable<Integer>> sleepers = WarmUp.bodies(3, true);

        // then they are all of one class, and each kind does its own work
        assertEquals(1, Stream.concat(trivial.stream(), sleepers.stream())
                .map(Object::getClass).distinct().count());
        List<Integer> slept = Weft.run(() -> Weft.gather(sleepers));
        assertEquals(List.of(0, 1, 2), slept);
        assertEquals(List.of(0, 1, 2), Weft.run(() -> Weft.gather(trivial)));
    }

    @Test
    void largeGatherWarmsUpOnceAndLaterLargeGathersDoNot() {
        // given a JVM that has not warmed up
        int before = WarmUp.AUTOMATIC.get();

        // when two gathers at the threshold run one after the other
        Weft.run(() -> Weft.gather(trivial(WarmUp.THRESHOLD)));
        int afterFirst = WarmUp.AUTOMATIC.get();
        List<Integer> second = Weft.run(() -> Weft.gather(trivial(WarmUp.THRESHOLD)));

        // then only the first warmed up, and the gathers' results are untouched
        assertEquals(before + 1, afterFirst);
        assertEquals(before + 1, WarmUp.AUTOMATIC.get());
        assertEquals(WarmUp.THRESHOLD, second.size());
        assertEquals(WarmUp.THRESHOLD - 1, second.get(WarmUp.THRESHOLD - 1));
    }

    @Test
    void gatherSettledAtTheThresholdWarmsUpToo() {
        // given
        int before = WarmUp.AUTOMATIC.get();

        // when
        Weft.run(() -> Weft.gatherSettled(trivial(WarmUp.THRESHOLD)));

        // then
        assertEquals(before + 1, WarmUp.AUTOMATIC.get());
    }

    @Test
    void gatherBelowTheThresholdDoesNotWarmUp() {
        // given
        int before = WarmUp.AUTOMATIC.get();

        // when
        Weft.run(() -> Weft.gather(trivial(WarmUp.THRESHOLD - 1)));

        // then
        assertEquals(before, WarmUp.AUTOMATIC.get());
    }

    @Test
    void explicitWarmUpMakesTheAutomaticOneUnnecessary() {
        // given
        int before = WarmUp.AUTOMATIC.get();

        // when
        Weft.warmUp();
        Weft.run(() -> Weft.gather(trivial(WarmUp.THRESHOLD)));

        // then
        assertEquals(before, WarmUp.AUTOMATIC.get());
    }

    @Test
    void largeGatherInVirtualTimeDoesNotWarmUpAndKeepsExactTime() {
        // given sleepers on the virtual clock
        int before = WarmUp.AUTOMATIC.get();
        List<Callable<Integer>> sleepers = IntStream.range(0, WarmUp.THRESHOLD).mapToObj(i -> (Callable<Integer>) () -> {
            Weft.sleep(Duration.ofSeconds(1));
            return i;
        }).toList();

        // when
        VirtualTime.Result<List<Integer>> r = VirtualTime.run(() -> Weft.gather(sleepers));

        // then no warm-up ran, and the run took exactly its own virtual second
        assertEquals(before, WarmUp.AUTOMATIC.get());
        assertEquals(Duration.ofSeconds(1), r.elapsed());
        assertEquals(WarmUp.THRESHOLD, r.value().size());
    }

    @Test
    void largeGatherInCancelledTaskDoesNotWarmUp() {
        // given a task that gathers after it has been cancelled
        int before = WarmUp.AUTOMATIC.get();
        List<Callable<Integer>> bodies = trivial(WarmUp.THRESHOLD);
        AtomicBoolean gatherThrewCancel = new AtomicBoolean();

        // when
        var started = new java.util.concurrent.CountDownLatch(1);
        Weft.run(() -> {
            Task<Void> t = Weft.spawn(() -> {
                try {
                    started.countDown(); // cancelled only once its body runs: a task cancelled before it starts never runs
                    Weft.sleep(Duration.ofDays(1));
                } catch (CancelledException e) {
                    assertThrows(CancelledException.class, () -> Weft.gather(bodies));
                    gatherThrewCancel.set(true);
                    throw e;
                }
            });
            started.await();
            t.cancel();
            return null;
        });

        // then
        assertTrue(gatherThrewCancel.get());
        assertEquals(before, WarmUp.AUTOMATIC.get());
    }
}
