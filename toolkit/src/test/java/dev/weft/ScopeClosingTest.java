package dev.weft;

import static dev.weft.TestSupport.LONG;
import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.TestSupport.ms;
import static dev.weft.TestSupport.spin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, section 2: failures that must survive the way scopes end (defects 4, 6, 7), and the
 * closing of timeouts and groups (defects 9, 10).
 */
@org.junit.jupiter.api.Timeout(60)
class ScopeClosingTest {

    // ---- defect 4 ---------------------------------------------------------------------------------

    @Test
    void nestedGroupFailureSurvivesAnOuterSiblingsCleanupFailure() {
        var x = new IllegalStateException("X");
        var z = new IllegalArgumentException("Z");
        Throwable thrown = assertThrows(RuntimeException.class, () -> Weft.run(() -> TaskGroup.run(outer -> {
            var sleeping = new CountDownLatch(1);
            outer.spawn(() -> {
                try {
                    sleeping.countDown();
                    Weft.sleep(LONG);
                } finally {
                    throw z; // cleanup that fails during the cancellation X causes
                }
            });
            awaitLatch(sleeping);
            return TaskGroup.run(inner -> {
                inner.spawn(() -> {
                    throw x;
                });
                Weft.sleep(LONG);
                return null;
            });
        })));
        boolean xThrown = thrown == x && Arrays.asList(x.getSuppressed()).contains(z);
        boolean zThrown = thrown == z && Arrays.asList(z.getSuppressed()).contains(x);
        assertTrue(xThrown || zThrown, "X and Z both surface: " + thrown);
    }

    // ---- defect 7 ---------------------------------------------------------------------------------

    @Test
    @SuppressWarnings("resource")
    void taskReturningWithAGroupLeftOpenAttachesThatGroupsChildFailure() {
        var boom = new IllegalStateException("boom");
        Task<?> t = TaskGroup.supervise(g -> {
            Task<Object> leaky = g.spawn(() -> {
                TaskGroup left = TaskGroup.open();
                left.spawn(() -> {
                    throw boom;
                });
                spin(ms(20)); // the child fails while the body computes
                return null; // returns without closing `left`
            });
            assertThrows(IllegalStateException.class, leaky::join);
            return leaky;
        });
        Throwable e = t.exception();
        assertInstanceOf(IllegalStateException.class, e);
        assertTrue(e.getMessage().contains("still open"), e.getMessage());
        assertTrue(Arrays.asList(e.getSuppressed()).contains(boom), "the child's failure is attached");
    }

    // ---- defect 9 ---------------------------------------------------------------------------------

    @Test
    void closedTimeoutThatNeverFiredStaysUnexpiredAfterItsDeadlinePasses() {
        Timeout t = Weft.run(() -> {
            Timeout timeout = Weft.timeout(ms(10));
            timeout.close();
            return timeout;
        });
        spin(ms(30));
        assertFalse(t.expired());
    }

    @Test
    void closedTimeoutThatExpiredStaysExpired() {
        var timeout = new AtomicReference<Timeout>();
        assertThrows(TimedOutException.class, () -> Weft.run(() -> {
            try (var t = Weft.timeout(ms(5))) {
                timeout.set(t);
                Weft.sleep(LONG);
            }
            return null;
        }));
        assertTrue(timeout.get().expired());
    }

    // ---- defect 10 --------------------------------------------------------------------------------

    @Test
    void closingATimeoutBeforeAGroupOpenedInsideItIsRefusedAndChangesNothing() {
        String result = Weft.run(() -> {
            Timeout t = Weft.timeout(LONG);
            TaskGroup g = TaskGroup.open();
            IllegalStateException refused = assertThrows(IllegalStateException.class, t::close);
            assertTrue(refused.getMessage().contains(g.toString()), refused.getMessage());
            assertTrue(refused.getMessage().contains("timeout"), refused.getMessage());
            g.spawn(() -> "still open").join();
            g.close();
            t.close();
            return "closed in order";
        });
        assertEquals("closed in order", result);
    }

    @Test
    void closingAGroupBeforeATimeoutOpenedInsideItIsRefusedAndChangesNothing() {
        String result = Weft.run(() -> {
            TaskGroup g = TaskGroup.open();
            Timeout t = Weft.timeout(LONG);
            IllegalStateException refused = assertThrows(IllegalStateException.class, g::close);
            assertTrue(refused.getMessage().contains("timeout") && refused.getMessage().contains(g.toString()),
                    refused.getMessage());
            g.spawn(() -> "still open").join();
            t.close();
            g.close();
            return "closed in order";
        });
        assertEquals("closed in order", result);
    }

    // ---- defect 6 ---------------------------------------------------------------------------------

    /** The bound documented on {@link TaskGroup#openSupervisor()}. */
    private static final int UNOBSERVED_KEPT = 256;

    @Test
    void openSupervisorGroupLogsAFailureAtOnceWhenItAlreadyKeepsTheBoundOfUnobservedOnes() {
        try (var log = LogCapture.of(LogCapture.SCOPE_LOGGER); var g = TaskGroup.openSupervisor()) {
            for (int i = 0; i < UNOBSERVED_KEPT + 3; i++) {
                g.spawn(() -> {
                    throw new IllegalStateException("unobserved");
                });
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> log.warningsNaming("logged now").size() == 3);
        }
    }

    @Test
    void openSupervisorGroupDropsObservedFailuresSoHandledOnesNeverFillTheBound() {
        try (var log = LogCapture.of(LogCapture.SCOPE_LOGGER)) {
            try (var g = TaskGroup.openSupervisor()) {
                for (int i = 0; i < 3 * UNOBSERVED_KEPT; i++) {
                    Task<Object> t = g.spawn(() -> {
                        throw new IllegalStateException("handled");
                    });
                    assertThrows(IllegalStateException.class, t::join); // observed after it failed
                }
                List<Task<Object>> unobserved = new java.util.ArrayList<>();
                for (int i = 0; i < UNOBSERVED_KEPT; i++) {
                    unobserved.add(g.spawn(() -> {
                        throw new IllegalStateException("unhandled");
                    }));
                }
                for (Task<Object> t : unobserved) {
                    while (!t.isDone()) {
                        Thread.onSpinWait();
                    }
                }
                assertTrue(log.warningsNaming("logged now").isEmpty());
            }
            assertEquals(UNOBSERVED_KEPT, log.warningsNaming("nobody observed it").size());
        }
    }

    @Test
    void supervisorFailureObservedBeforeItFailedIsNeverKept() {
        try (var log = LogCapture.of(LogCapture.SCOPE_LOGGER)) {
            var seen = new AtomicReference<Throwable>();
            try (var g = TaskGroup.openSupervisor()) {
                for (int i = 0; i < 2 * UNOBSERVED_KEPT; i++) {
                    Task<Object> t = g.spawn(() -> {
                        Weft.sleep(ms(1));
                        throw new IllegalStateException("watched");
                    });
                    t.onDone(done -> seen.set(done.exception()));
                }
            }
            assertTrue(log.warnings().isEmpty());
            assertSame(IllegalStateException.class, seen.get().getClass());
        }
    }
}
