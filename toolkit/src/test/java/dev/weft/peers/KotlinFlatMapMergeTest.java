package dev.weft.peers;

import static dev.weft.Weft.generate;
import static dev.weft.Weft.mapConcurrent;
import static dev.weft.Weft.mapConcurrentUnordered;
import static dev.weft.Weft.sleep;
import static dev.weft.peers.Peers.LONG;
import static dev.weft.peers.Peers.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Generator;
import dev.weft.peers.Peers.Boom;
import dev.weft.testing.VirtualTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * kotlinx.coroutines kotlinx-coroutines-core/common/test/flow/operators/FlatMapMergeTest.kt (with its base,
 * FlatMapMergeBaseTest.kt): {@code flatMapMerge(concurrency)} is {@code mapConcurrentUnordered} (completion
 * order) or {@code mapConcurrent} (input order), and {@code Generator.mapConcurrent} on a flow-like source.
 */
@org.junit.jupiter.api.Timeout(30)
class KotlinFlatMapMergeTest {

    @Test
    void concurrencyLimitIsHonoured() {
        // kotlinx FlatMapMergeTest.kt: testFlatMapConcurrency
        var inFlight = new AtomicInteger();
        var most = new AtomicInteger();

        var r = VirtualTime.run(() -> mapConcurrent(IntStream.range(0, 20).boxed().toList(), 3, i -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            sleep(ms(10));
            inFlight.decrementAndGet();
            return i;
        }));

        assertEquals(IntStream.range(0, 20).boxed().toList(), r.value());
        assertEquals(3, most.get());
    }

    @Test
    void unorderedResultsComeInCompletionOrder() {
        // kotlinx FlatMapMergeBaseTest.kt: testFlatMap (the merged values arrive as the inner flows emit)
        var order = new ArrayList<Integer>();

        VirtualTime.run(() -> {
            try (Generator<Integer> g = mapConcurrentUnordered(List.of(30, 10, 20), 3, d -> {
                sleep(ms(d));
                return d;
            })) {
                for (int v : g) {
                    order.add(v);
                }
            }
        });

        assertEquals(List.of(10, 20, 30), order);
    }

    @Test
    void failureOfOneCallCancelsTheOthers() {
        // kotlinx FlatMapMergeBaseTest.kt: testFailureCancellation
        var cancelled = new AtomicInteger();

        assertThrows(Boom.class, () -> VirtualTime.run(() -> mapConcurrent(List.of(1, 2, 3), 3, i -> {
            if (i == 2) {
                sleep(ms(5));
                throw new Boom("TestException");
            }
            try {
                sleep(LONG);
            } catch (CancelledException e) {
                cancelled.incrementAndGet();
                throw e;
            }
            return i;
        })));

        assertEquals(2, cancelled.get());
    }

    @Test
    void concurrentFailuresReportTheFirstWithTheOthersSuppressed() {
        // kotlinx FlatMapMergeBaseTest.kt: testConcurrentFailure
        Boom thrown = assertThrows(Boom.class, () -> VirtualTime.run(() -> mapConcurrent(List.of(1, 2), 2, i -> {
            sleep(ms(5));
            throw new Boom("failure " + i);
        })));

        assertTrue(thrown.getMessage().startsWith("failure"));
        for (Throwable s : thrown.getSuppressed()) {
            assertTrue(s instanceof Boom, "only the other failure rides along: " + s);
        }
    }

    @Test
    void failureInTheUnorderedMapReachesTheConsumer() {
        // kotlinx FlatMapMergeBaseTest.kt: testFailureInMapOperationCancellation
        VirtualTime.run(() -> {
            assertThrows(Boom.class, () -> {
                try (Generator<Integer> g = mapConcurrentUnordered(List.of(1, 2, 3), 2, i -> {
                    sleep(ms(i));
                    if (i == 2) {
                        throw new Boom("TestException");
                    }
                    return i;
                })) {
                    for (int ignored : g) {
                        // consume
                    }
                }
            });
        });
    }

    @Test
    void callThrowingItsOwnCancellationExceptionFailsTheMap() {
        // kotlinx FlatMapMergeBaseTest.kt: testCancellationExceptionDownstream (a CancellationException thrown
        // by the user's code is a failure like any other: issue 11 §2 item 11)
        var foreign = new CancellationException("thrown by the call");

        VirtualTime.run(() -> {
            CancellationException thrown = assertThrows(CancellationException.class,
                    () -> mapConcurrent(List.of(1, 2, 3, 4), 2, i -> {
                        sleep(ms(i));
                        if (i == 2) {
                            throw foreign;
                        }
                        return i;
                    }));
            assertSame(foreign, thrown);
        });
    }

    @Test
    void callThrowingItsOwnCancellationExceptionFailsTheUnorderedMap() {
        // kotlinx FlatMapMergeBaseTest.kt: testCancellationExceptionDownstream, unordered (issue 11 §2 item 11)
        var got = new ArrayList<Integer>();

        VirtualTime.run(() -> {
            assertThrows(CancellationException.class, () -> {
                try (Generator<Integer> g = mapConcurrentUnordered(List.of(1, 2, 3, 4), 2, i -> {
                    sleep(ms(i));
                    if (i == 2) {
                        throw new CancellationException("thrown by the call");
                    }
                    return i;
                })) {
                    for (Integer v : g) {
                        got.add(v);
                    }
                }
            });
        });

        assertTrue(got.stream().allMatch(v -> v != null && v != 2), "no null, no skipped failure: " + got);
    }

    @Test
    void upstreamThrowingItsOwnCancellationExceptionFailsTheGeneratorMap() {
        // kotlinx FlatMapMergeBaseTest.kt: testCancellationExceptionUpstream (issue 11 §2 item 11)
        VirtualTime.run(() -> {
            assertThrows(CancellationException.class, () -> {
                try (Generator<Integer> source = generate(out -> {
                    out.emit(1);
                    sleep(ms(1));
                    throw new CancellationException("upstream");
                });
                        Generator<Integer> mapped = source.mapConcurrent(2, i -> i * 10)) {
                    for (Integer ignored : mapped) {
                        // consume
                    }
                }
            });
        });
    }

    @Test
    void generatorMapKeepsTheSourceOrderUnderTheLimit() {
        // kotlinx FlatMapMergeTest.kt: testFlatMapConcurrency, on a flow source
        var inFlight = new AtomicInteger();
        var most = new AtomicInteger();
        var got = new ArrayList<Integer>();

        VirtualTime.run(() -> {
            try (Generator<Integer> source = generate(out -> {
                for (int i = 0; i < 10; i++) {
                    out.emit(i);
                }
            });
                    Generator<Integer> mapped = source.mapConcurrent(2, i -> {
                        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        sleep(ms(10 - i));
                        inFlight.decrementAndGet();
                        return i;
                    })) {
                for (int v : mapped) {
                    got.add(v);
                }
            }
        });

        assertEquals(IntStream.range(0, 10).boxed().toList(), got);
        assertTrue(most.get() <= 2);
    }

    @Test
    void leavingTheLoopEarlyCancelsTheCallsInFlight() {
        // kotlinx FlatMapMergeBaseTest.kt: testCancellation (take(1) cancels the rest)
        var cancelled = new AtomicInteger();

        VirtualTime.run(() -> {
            try (Generator<Integer> g = mapConcurrentUnordered(List.of(1, 100, 100), 3, d -> {
                try {
                    sleep(ms(d));
                } catch (CancelledException e) {
                    cancelled.incrementAndGet();
                    throw e;
                }
                return d;
            })) {
                for (int v : g) {
                    assertEquals(1, v);
                    break;
                }
            }
        });

        assertEquals(2, cancelled.get());
    }
}
