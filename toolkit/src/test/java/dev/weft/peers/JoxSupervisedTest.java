package dev.weft.peers;

import static dev.weft.Weft.sleep;
import static dev.weft.peers.Peers.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.testing.VirtualTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * jox structured/src/test/java/com/softwaremill/jox/structured/SupervisedTest.java: {@code supervised} with
 * user forks is {@code TaskGroup.run} (jox's "supervised" means fail-fast; its unsupervised fork is a
 * child of a Weft supervisor group). Weft has no daemon forks: every child is awaited.
 */
@org.junit.jupiter.api.Timeout(30)
class JoxSupervisedTest {

    @Test
    void groupWaitsUntilEveryChildCompletes() {
        // jox SupervisedTest: testSupervisedWaitsUntilAllForksComplete
        var trail = Collections.synchronizedList(new ArrayList<String>());

        int result = VirtualTime.run(() -> TaskGroup.run(g -> {
            g.spawn(() -> {
                sleep(ms(200));
                return trail.add("a");
            });
            g.spawn(() -> {
                sleep(ms(100));
                return trail.add("b");
            });
            return 2;
        })).value();
        trail.add("done");

        assertEquals(2, result);
        assertEquals(List.of("b", "a", "done"), trail);
    }

    @Test
    void childFailureInterruptsTheOtherChildren() {
        // jox SupervisedTest: testSupervisedInterruptsOnceAnyForkEndsWithException
        var trail = Collections.synchronizedList(new ArrayList<String>());

        RuntimeException e = assertThrows(RuntimeException.class, () -> VirtualTime.run(() -> TaskGroup.run(g -> {
            g.spawn(() -> {
                sleep(ms(300));
                return trail.add("a");
            });
            g.spawn(() -> {
                sleep(ms(200));
                throw new RuntimeException("x");
            });
            g.spawn(() -> {
                sleep(ms(100));
                return trail.add("b");
            });
            return 2;
        })));
        trail.add("done");

        assertEquals("x", e.getMessage());
        assertEquals(List.of("b", "done"), trail);
    }

    @Test
    void childFailureInterruptsTheBody() {
        // jox SupervisedTest: testSupervisedInterruptsMainBodyOnceForkEndsWithException
        var trail = Collections.synchronizedList(new ArrayList<String>());

        RuntimeException e = assertThrows(RuntimeException.class, () -> VirtualTime.run(() -> TaskGroup.run(g -> {
            g.spawn(() -> {
                sleep(ms(200));
                throw new RuntimeException("x");
            });
            sleep(ms(300));
            trail.add("a");
            return null;
        })));
        trail.add("done");

        assertEquals("x", e.getMessage());
        assertEquals(List.of("done"), trail);
    }

    @Test
    void failureOfASupervisedChildInterruptsNobody() {
        // jox SupervisedTest: testSupervisedDoesNotInterruptIfUnsupervisedForkEndsWithException
        var trail = Collections.synchronizedList(new ArrayList<String>());
        var failed = new AtomicReference<Task<Object>>();

        int result = VirtualTime.run(() -> TaskGroup.supervise(g -> {
            g.spawn(() -> {
                sleep(ms(300));
                return trail.add("a");
            });
            failed.set(g.spawn(() -> {
                sleep(ms(200));
                throw new RuntimeException("x");
            }));
            g.spawn(() -> {
                sleep(ms(100));
                return trail.add("b");
            });
            return 2;
        })).value();
        trail.add("done");

        assertEquals(2, result);
        assertEquals(List.of("b", "a", "done"), trail);
        assertInstanceOf(RuntimeException.class, failed.get().exception());
    }

    @Test
    void bodyExceptionIsThrownAfterTheChildrenWereInterrupted() {
        // jox SupervisedTest: testSupervisedInterruptsMainBodyOnceForkEndsWithException, reversed (the
        // body's exception leaves the scope once the forks are done)
        var trail = Collections.synchronizedList(new ArrayList<String>());

        RuntimeException e = assertThrows(RuntimeException.class, () -> VirtualTime.run(() -> TaskGroup.run(g -> {
            g.spawn(() -> {
                try {
                    sleep(ms(300));
                    return trail.add("a");
                } finally {
                    trail.add("child finally");
                }
            });
            sleep(ms(100));
            throw new RuntimeException("body");
        })));
        trail.add("done");

        assertEquals("body", e.getMessage());
        assertEquals(List.of("child finally", "done"), trail);
    }
}
