package dev.weft.peers;

import static dev.weft.Weft.sleep;
import static dev.weft.peers.Peers.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.testing.VirtualTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** jox structured/src/test/java/com/softwaremill/jox/structured/ForkTest.java: a fork is a spawned task. */
@org.junit.jupiter.api.Timeout(30)
class JoxForkTest {

    @Test
    void twoChildrenRunConcurrently() {
        // jox ForkTest: testRunTwoForksConcurrently
        var trail = Collections.synchronizedList(new ArrayList<String>());

        var r = VirtualTime.run(() -> TaskGroup.run(g -> {
            Task<Integer> f1 = g.spawn(() -> {
                sleep(ms(500));
                trail.add("f1 complete");
                return 5;
            });
            Task<Integer> f2 = g.spawn(() -> {
                sleep(ms(1000));
                trail.add("f2 complete");
                return 6;
            });
            trail.add("main mid");
            trail.add("result = " + (f1.join() + f2.join()));
            return null;
        }));

        assertEquals(List.of("main mid", "f1 complete", "f2 complete", "result = 11"), trail);
        assertEquals(ms(1000), r.elapsed());
    }

    @Test
    void childMaySpawnAndJoinASibling() {
        // jox ForkTest: testNestedForks
        var trail = Collections.synchronizedList(new ArrayList<String>());

        VirtualTime.run(() -> TaskGroup.run(g -> {
            Task<Integer> f1 = g.spawn(() -> {
                Task<Integer> f2 = g.spawn(() -> {
                    try {
                        return 6;
                    } finally {
                        trail.add("f2 complete");
                    }
                });
                try {
                    return 5 + f2.join();
                } finally {
                    trail.add("f1 complete");
                }
            });
            trail.add("result = " + f1.join());
            return null;
        }));

        assertEquals(List.of("f2 complete", "f1 complete", "result = 11"), trail);
    }

    @Test
    void grandchildOutlivingItsSpawnerIsAwaitedByTheGroup() {
        // jox ForkTest: testInterruptChildForksWhenParentsComplete. jox interrupts the leftover daemon fork
        // when the scope's body completes; Weft's children are all awaited (structure: nothing outlives
        // its scope, and nothing is cut short silently)
        var trail = Collections.synchronizedList(new ArrayList<String>());

        var r = VirtualTime.run(() -> TaskGroup.run(g -> {
            Task<Integer> f1 = g.spawn(() -> {
                g.spawn(() -> {
                    sleep(ms(1000));
                    trail.add("f2 complete");
                    return 6;
                });
                sleep(ms(500));
                trail.add("f1 complete");
                return 5;
            });
            trail.add("main mid");
            trail.add("result = " + f1.join());
            return null;
        }));

        assertEquals(List.of("main mid", "f1 complete", "result = 5", "f2 complete"), trail);
        assertEquals(ms(1000), r.elapsed());
    }

    @Test
    void cancellingAGroupInterruptsItsLeftoverChildren() {
        // jox ForkTest: testInterruptChildForksWhenParentsComplete, with the interrupt asked for explicitly
        var trail = Collections.synchronizedList(new ArrayList<String>());

        VirtualTime.run(() -> TaskGroup.run(g -> {
            Task<Integer> f1 = g.spawn(() -> {
                g.spawn(() -> {
                    try {
                        sleep(ms(1000));
                        trail.add("f2 complete");
                        return 6;
                    } catch (dev.weft.CancelledException e) {
                        trail.add("f2 interrupted");
                        throw e;
                    }
                });
                sleep(ms(500));
                trail.add("f1 complete");
                return 5;
            });
            trail.add("main mid");
            trail.add("result = " + f1.join());
            g.cancel();
            return null;
        }));

        assertEquals(List.of("main mid", "f1 complete", "result = 5", "f2 interrupted"), trail);
    }
}
