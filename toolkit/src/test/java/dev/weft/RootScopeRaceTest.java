package dev.weft;

import static dev.weft.TestSupport.LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A task's root cancel scope is created only when it is needed (a cancel, a first scope, a foreign
 * interrupt): cancels racing the moments where it may be created are never lost, and never turn a
 * task's honest outcome into another. Each race is repeated many times; a lost cancel would leave a
 * task sleeping for a minute, so the class timeout catches it.
 */
@Timeout(60)
class RootScopeRaceTest {
    private static final int ROUNDS = 2_000;

    @Test
    void aCancelRacingTheStartOfATaskThatOpensNoScopeIsNeverLost() {
        Weft.run(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                // given a task that would sleep for a minute, just spawned
                Task<Object> t = Weft.spawn(() -> {
                    Weft.sleep(LONG);
                    return null;
                });
                // when it is cancelled while its thread starts
                assertTrue(t.cancel());
                // then it ends cancelled
                assertThrows(CancelledException.class, t::join);
                assertEquals(Task.State.CANCELLED, t.state());
            }
        });
    }

    @Test
    void aCancelRacingTheFirstScopeATaskOpensIsNeverLost() {
        Weft.run(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                // given a task that opens a group (its first scope) with a child, and sleeps inside it
                Task<Object> t = Weft.spawn(() -> TaskGroup.run(g -> {
                    g.spawn(() -> Weft.sleep(LONG));
                    try (var ignored = Weft.timeout(LONG)) {
                        Weft.sleep(LONG);
                    }
                    return null;
                }));
                // when it is cancelled while it starts and opens them
                t.cancel();
                // then it ends cancelled, its child too (the group waited for it)
                assertThrows(CancelledException.class, t::join);
                assertEquals(Task.State.CANCELLED, t.state());
            }
        });
    }

    @Test
    void aCancelRacingTheEndOfATaskEndsItCancelledExactlyWhenTheCancelSucceeded() {
        Weft.run(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                // given a task that returns at once
                Task<String> t = Weft.spawn(() -> "done");
                // when it is cancelled while it runs or ends
                boolean cancelled = t.cancel();
                // then a cancel that succeeded ends it cancelled, and one that came too late leaves its value
                try {
                    assertEquals("done", t.join());
                    assertFalse(cancelled, "a task whose cancel() returned true ended with its value");
                } catch (CancelledException e) {
                    assertTrue(cancelled, "a task ended cancelled although its cancel() returned false");
                }
            }
        });
    }

    @Test
    void aForeignInterruptCancelsATaskThatOpenedNoScope() throws Exception {
        Weft.run(() -> {
            // given a task that opened no scope, sleeping
            var thread = new AtomicReference<Thread>();
            var started = new CountDownLatch(1);
            Task<Object> t = Weft.spawn(() -> {
                thread.set(Thread.currentThread());
                started.countDown();
                Weft.sleep(LONG);
                return null;
            });
            TestSupport.awaitLatch(started);
            TestSupport.awaitBlocked(thread.get());
            // when somebody outside Weft interrupts its thread
            thread.get().interrupt();
            // then the task ends cancelled
            assertThrows(CancelledException.class, t::join);
            assertEquals(Task.State.CANCELLED, t.state());
        });
    }
}
