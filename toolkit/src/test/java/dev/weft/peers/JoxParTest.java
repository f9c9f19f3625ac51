package dev.weft.peers;

import static dev.weft.Weft.gather;
import static dev.weft.Weft.mapConcurrent;
import static dev.weft.Weft.sleep;
import static dev.weft.peers.Peers.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.TaskFailedException;
import dev.weft.testing.VirtualTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** jox structured/src/test/java/com/softwaremill/jox/structured/ParTest.java: {@code par} is {@code gather}, {@code parLimit} is {@code mapConcurrent}. */
@org.junit.jupiter.api.Timeout(30)
class JoxParTest {

    @Test
    void gatherRunsTheBodiesInParallel() {
        // jox ParTest: testParRunsComputationsInParallel
        var trail = Collections.synchronizedList(new ArrayList<String>());

        var r = VirtualTime.run(() -> {
            List<Integer> result = gather(
                    () -> {
                        sleep(ms(200));
                        trail.add("a");
                        return 1;
                    },
                    () -> {
                        sleep(ms(100));
                        trail.add("b");
                        return 2;
                    });
            trail.add("done");
            return result;
        });

        assertEquals(List.of(1, 2), r.value());
        assertEquals(List.of("b", "a", "done"), trail);
        assertEquals(ms(200), r.elapsed());
    }

    @Test
    void gatherInterruptsTheOthersWhenOneFailsAndLeavesNothingRunning() {
        // jox ParTest: testParInterruptsOtherComputationsIfOneFails (a checked exception, wrapped)
        var trail = Collections.synchronizedList(new ArrayList<String>());

        VirtualTime.run(() -> {
            try {
                gather(
                        () -> {
                            sleep(ms(200));
                            trail.add("par 1 done");
                            return null;
                        },
                        () -> {
                            sleep(ms(100));
                            trail.add("exception");
                            throw new Exception("boom");
                        });
            } catch (TaskFailedException e) {
                if (e.getCause().getMessage().equals("boom")) {
                    trail.add("catch");
                }
            }
            sleep(ms(300));
            trail.add("all done");
        });

        assertEquals(List.of("exception", "catch", "all done"), trail);
    }

    @Test
    void mapConcurrentRunsAtMostTheLimitAtOnceAndKeepsTheOrder() {
        // jox ParTest: testParLimitRunsUpToGivenNumberOfComputationsInParallel
        var running = new AtomicInteger();
        var max = new AtomicInteger();

        var r = VirtualTime.run(() -> mapConcurrent(IntStream.rangeClosed(1, 9).boxed().toList(), 2, i -> {
            max.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleep(ms(100));
            running.decrementAndGet();
            return i * 2;
        }));

        assertEquals(List.of(2, 4, 6, 8, 10, 12, 14, 16, 18), r.value());
        assertEquals(2, max.get());
        assertEquals(ms(500), r.elapsed());
    }

    @Test
    void mapConcurrentInterruptsTheOthersWhenOneFails() {
        // jox ParTest: testParLimitInterruptsOtherComputationsIfOneFails
        var counter = new AtomicInteger();
        var trail = Collections.synchronizedList(new ArrayList<String>());

        VirtualTime.run(() -> {
            try {
                mapConcurrent(List.of(1, 2, 3, 4, 5), 2, i -> {
                    if (counter.incrementAndGet() == 4) {
                        sleep(ms(10));
                        trail.add("exception");
                        throw new Exception("boom");
                    }
                    sleep(ms(200));
                    trail.add("x");
                    return null;
                });
            } catch (TaskFailedException e) {
                if (e.getCause().getMessage().equals("boom")) {
                    trail.add("catch");
                }
            }
            sleep(ms(300));
            trail.add("all done");
        });

        assertEquals(List.of("x", "x", "exception", "catch", "all done"), trail);
    }

    @Test
    void gatherOfManyBodiesReturnsEveryResultInOrder() {
        // jox ParTest: testParRunsComputationsInParallel, scaled up
        List<Callable<Integer>> bodies = IntStream.range(0, 200).<Callable<Integer>>mapToObj(i -> () -> {
            sleep(ms(200 - i));
            return i;
        }).toList();

        var r = VirtualTime.run(() -> gather(bodies));

        assertEquals(IntStream.range(0, 200).boxed().toList(), r.value());
        assertEquals(ms(200), r.elapsed());
    }

    @Test
    void uncheckedFailureComesOutAsItself() {
        // jox ParTest: testParInterruptsOtherComputationsIfOneFails, with an unchecked exception (Weft does not
        // wrap it)
        assertThrows(IllegalStateException.class, () -> VirtualTime.run(() -> gather(
                () -> {
                    throw new IllegalStateException("x");
                },
                () -> 1)));
    }
}
