package dev.weft;

import static dev.weft.TestSupport.LONG;
import static dev.weft.TestSupport.awaitLatch;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConcurrentMapTest {

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** A function that counts the calls in flight and waits until {@code limit} of them meet. */
    private static final class Meeting implements ThrowingFunction<Integer, Integer> {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final CyclicBarrier meet;

        Meeting(int limit) {
            meet = new CyclicBarrier(limit);
        }

        @Override
        public Integer apply(Integer x) throws Exception {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                meet.await(10, TimeUnit.SECONDS);
                return x * 10;
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    @Test
    void mapReturnsResultsInInputOrderEvenWhenLaterItemsFinishFirst() {
        // given: item i finishes only after item i+1
        int n = 5;
        var done = new ArrayList<CountDownLatch>();
        for (int i = 0; i <= n; i++) {
            done.add(new CountDownLatch(1));
        }
        done.get(n).countDown();

        // when
        List<String> results = Concurrently.map(range(n), n, i -> {
            awaitLatch(done.get(i + 1));
            done.get(i).countDown();
            return "r" + i;
        });

        // then
        assertEquals(List.of("r0", "r1", "r2", "r3", "r4"), results);
    }

    @Test
    void mapRunsExactlyLimitCallsAtOnce() {
        // given
        var fn = new Meeting(3);

        // when
        List<Integer> results = Concurrently.map(range(12), 3, fn);

        // then
        assertEquals(3, fn.maxInFlight.get());
        assertEquals(range(12).stream().map(x -> x * 10).toList(), results);
    }

    @Test
    void mapFailureCancelsTheCallsInFlightWaitsForTheirCleanupAndStartsNoMore() {
        // given: item 0 fails once items 1 and 2 are running
        var boom = new IllegalStateException("boom");
        var othersRunning = new CountDownLatch(2);
        var started = new AtomicInteger();
        var cleanedUp = new AtomicInteger();

        // when
        var thrown = assertThrows(IllegalStateException.class, () -> Concurrently.map(range(10), 3, i -> {
            started.incrementAndGet();
            if (i == 0) {
                awaitLatch(othersRunning);
                throw boom;
            }
            try {
                othersRunning.countDown();
                Weft.sleep(LONG);
                return i;
            } finally {
                cleanedUp.incrementAndGet();
            }
        }));

        // then
        assertSame(boom, thrown);
        assertEquals(2, cleanedUp.get());
        assertEquals(3, started.get());
    }

    @Test
    void mapAttachesALaterFailureAsSuppressed() {
        // given: item 1 fails in its cleanup after item 0 failed
        var first = new IllegalStateException("first");
        var later = new IllegalArgumentException("later");
        var secondRunning = new CountDownLatch(1);

        // when
        var thrown = assertThrows(IllegalStateException.class, () -> Concurrently.map(range(2), 2, i -> {
            if (i == 0) {
                awaitLatch(secondRunning);
                throw first;
            }
            try {
                secondRunning.countDown();
                Weft.sleep(LONG);
            } catch (CancelledException e) {
                throw later;
            }
            return i;
        }));

        // then
        assertSame(first, thrown);
        assertSame(later, thrown.getSuppressed()[0]);
    }

    @Test
    void mapWrapsACheckedFailureInTaskFailedException() {
        var io = new IOException("disk");
        var thrown = assertThrows(TaskFailedException.class, () -> Concurrently.map(range(3), 2, i -> {
            throw io;
        }));
        assertSame(io, thrown.getCause());
    }

    @Test
    void mapOfAnEmptyCollectionIsEmpty() {
        assertEquals(List.of(), Concurrently.map(List.<Integer>of(), 4, i -> i));
    }

    @Test
    void mapRefusesBadArguments() {
        var limit = assertThrows(IllegalArgumentException.class, () -> Concurrently.map(range(1), 0, i -> i));
        assertTrue(limit.getMessage().contains("limit"));
        assertEquals("items", assertThrows(NullPointerException.class,
                () -> Concurrently.map(null, 1, i -> i)).getMessage());
        assertEquals("fn", assertThrows(NullPointerException.class,
                () -> Concurrently.map(range(1), 1, null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Concurrently.mapUnordered(range(1), -1, i -> i));
    }

    @Test
    void mapUnorderedYieldsResultsInCompletionOrder() {
        // given: item i finishes when gate i opens
        var gates = List.of(new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1));

        // when / then
        try (var results = Concurrently.mapUnordered(range(3), 3, i -> {
            awaitLatch(gates.get(i));
            return i;
        })) {
            Iterator<Integer> it = results.iterator();
            gates.get(2).countDown();
            assertEquals(2, it.next());
            gates.get(0).countDown();
            assertEquals(0, it.next());
            gates.get(1).countDown();
            assertEquals(1, it.next());
            assertTrue(!it.hasNext());
        }
    }

    @Test
    void mapUnorderedRunsExactlyLimitCallsAtOnce() {
        // given
        var fn = new Meeting(4);

        // when
        List<Integer> results = new ArrayList<>();
        for (int r : Concurrently.mapUnordered(range(16), 4, fn)) {
            results.add(r);
        }

        // then
        assertEquals(4, fn.maxInFlight.get());
        assertEquals(16, results.size());
    }

    @Test
    void leavingAnUnorderedMapEarlyCancelsTheRemainingCalls() {
        // given
        var cleanedUp = new AtomicInteger();
        var started = new AtomicInteger();

        // when
        try (var results = Concurrently.mapUnordered(range(100), 3, i -> {
            started.incrementAndGet();
            if (i == 0) {
                return i;
            }
            try {
                Weft.sleep(LONG);
                return i;
            } finally {
                cleanedUp.incrementAndGet();
            }
        })) {
            assertEquals(0, results.iterator().next());
            await().atMost(Duration.ofSeconds(10)).until(() -> started.get() == 4);
        }

        // then: the three calls in flight were cancelled and cleaned up; no more were started
        assertEquals(3, cleanedUp.get());
        assertEquals(4, started.get());
    }

    @Test
    void generatorMapConcurrentKeepsTheOrderOfTheValues() {
        // given: value i finishes only after value i+1
        int n = 4;
        var done = new ArrayList<CountDownLatch>();
        for (int i = 0; i <= n; i++) {
            done.add(new CountDownLatch(1));
        }
        done.get(n).countDown();
        var sourceCleanedUp = new AtomicInteger();

        // when
        List<Integer> results = new ArrayList<>();
        try (var mapped = Generator.<Integer>of(out -> {
            try {
                for (int i = 0; i < n; i++) {
                    out.emit(i);
                }
            } finally {
                sourceCleanedUp.incrementAndGet();
            }
        }).mapConcurrent(n, i -> {
            awaitLatch(done.get(i + 1));
            done.get(i).countDown();
            return i * i;
        })) {
            for (int r : mapped) {
                results.add(r);
            }
        }

        // then
        assertEquals(List.of(0, 1, 4, 9), results);
        assertEquals(1, sourceCleanedUp.get());
    }

    @Test
    void generatorMapConcurrentUnorderedYieldsInCompletionOrder() {
        // given: value 1 finishes first
        var zeroMayFinish = new CountDownLatch(1);

        // when
        List<Integer> results = new ArrayList<>();
        try (var mapped = Generator.<Integer>of(out -> {
            out.emit(0);
            out.emit(1);
        }).mapConcurrentUnordered(2, i -> {
            if (i == 0) {
                awaitLatch(zeroMayFinish);
            }
            return i;
        })) {
            for (int r : mapped) {
                results.add(r);
                zeroMayFinish.countDown();
            }
        }

        // then
        assertEquals(List.of(1, 0), results);
    }

    @Test
    void generatorMapConcurrentRunsAtMostLimitCallsAtOnce() {
        // given
        var fn = new Meeting(2);

        // when
        List<Integer> results = new ArrayList<>();
        try (var mapped = Generator.<Integer>of(out -> {
            for (int i = 0; i < 10; i++) {
                out.emit(i);
            }
        }).mapConcurrent(2, fn)) {
            for (int r : mapped) {
                results.add(r);
            }
        }

        // then
        assertEquals(2, fn.maxInFlight.get());
        assertEquals(range(10).stream().map(x -> x * 10).toList(), results);
    }

    @Test
    void generatorMapConcurrentFailureReachesTheConsumerAndClosesTheSource() {
        // given
        var boom = new IllegalStateException("boom");
        var sourceCleanedUp = new AtomicInteger();
        var source = Generator.<Integer>of(out -> {
            try {
                for (int i = 0; ; i++) {
                    out.emit(i);
                }
            } finally {
                sourceCleanedUp.incrementAndGet();
            }
        });

        // when
        var thrown = assertThrows(IllegalStateException.class, () -> {
            try (var mapped = source.mapConcurrent(3, i -> {
                if (i == 5) {
                    throw boom;
                }
                return i;
            })) {
                for (int ignored : mapped) {
                    // consume until the failure
                }
            }
        });

        // then
        assertSame(boom, thrown);
        assertEquals(1, sourceCleanedUp.get());
        assertTrue(source.isDone());
    }
}
