package dev.weft;

import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.TestSupport.ms;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SupervisorGroupTest {
    private LogCapture log;

    @BeforeEach
    void captureScopeLog() {
        log = LogCapture.of(LogCapture.SCOPE_LOGGER);
    }

    @AfterEach
    void releaseScopeLog() {
        log.close();
    }

    @Test
    void childFailureCancelsNoSiblingInAnOpenedSupervisor() {
        // given
        var sibling = new AtomicReference<Task<String>>();

        Weft.run(() -> {
            var failed = new CountDownLatch(1);

            // when
            try (var g = TaskGroup.openSupervisor()) {
                Task<Object> failing = g.spawn(() -> {
                    failed.countDown();
                    throw new IllegalStateException("child failed");
                });
                sibling.set(g.spawn(() -> {
                    awaitLatch(failed);
                    Weft.sleep(ms(50));
                    return "sibling finished";
                }));
                assertThrows(IllegalStateException.class, failing::join);
            }
        });

        // then
        assertEquals("sibling finished", sibling.get().result());
    }

    @Test
    void closeOfASupervisorDoesNotThrowAChildsFailure() {
        // given
        var failing = new AtomicReference<Task<Object>>();

        // when / then: no exception leaves run
        Weft.run(() -> {
            try (var g = TaskGroup.openSupervisor()) {
                failing.set(g.spawn(() -> {
                    throw new IllegalStateException("child failed");
                }));
            }
        });
        assertEquals(Future.State.FAILED, failing.get().state());
    }

    @Test
    void superviseReturnsTheBodysValueAndDoesNotThrowAChildsFailure() {
        // when
        String value = Weft.run(() -> TaskGroup.supervise(g -> {
            var failed = new CountDownLatch(1);
            Task<Object> failing = g.spawn(() -> {
                failed.countDown();
                throw new IllegalStateException("child failed");
            });
            Task<String> sibling = g.spawn(() -> {
                awaitLatch(failed);
                Weft.sleep(ms(50));
                return "sibling";
            });
            assertThrows(IllegalStateException.class, failing::join);
            return "body and " + sibling.join();
        }));

        // then
        assertEquals("body and sibling", value);
    }

    @Test
    void superviseDoesNotCancelTheBodyWhenAChildFails() {
        // when the body is still sleeping as the child fails
        String value = Weft.run(() -> TaskGroup.supervise(g -> {
            g.spawn(() -> {
                throw new IllegalStateException("child failed");
            });
            Weft.sleep(ms(100));
            return "body finished";
        }));

        // then
        assertEquals("body finished", value);
    }

    @Test
    void unobservedChildFailureIsLoggedAtWarnWithTheTasksName() {
        // when nobody looks at the failed task
        Weft.run(() -> {
            try (var g = TaskGroup.openSupervisor()) {
                g.spawn("doomed-unobserved", () -> {
                    throw new IllegalStateException("nobody looks");
                });
            }
        });

        // then
        assertEquals(1, log.warningsNaming("doomed-unobserved").size(), () -> "logged: " + log.events());
    }

    @Test
    void joinedChildFailureIsNotLogged() {
        // given
        var failure = new IllegalStateException("observed");

        // when the failure is observed by join
        Weft.run(() -> {
            try (var g = TaskGroup.openSupervisor()) {
                Task<Object> t = g.spawn("doomed-joined", () -> {
                    throw failure;
                });
                assertSame(failure, assertThrows(IllegalStateException.class, t::join));
            }
        });

        // then
        assertTrue(log.warningsNaming("doomed-joined").isEmpty(), () -> "logged: " + log.events());
    }

    @Test
    void childFailureObservedByExceptionIsNotLogged() {
        // when the failure is observed by exception() once done
        Weft.run(() -> {
            try (var g = TaskGroup.openSupervisor()) {
                Task<Object> t = g.spawn("doomed-inspected", () -> {
                    throw new IllegalStateException("observed");
                });
                await().atMost(Duration.ofSeconds(10)).until(t::isDone);
                assertInstanceOf(IllegalStateException.class, t.exception());
            }
        });

        // then
        assertTrue(log.warningsNaming("doomed-inspected").isEmpty(), () -> "logged: " + log.events());
    }
}
