package dev.weft;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code CancellationException} that a mapped call or the upstream throws of its own accord (nobody
 * cancelled the caller) fails the mapping fast like any other failure, as the original object: no
 * item skipped, no {@code null} returned, no hang (issue 11, defect 11). The tests catch it inside
 * {@code run}: what a task does with a {@code CancellationException} escaping its own body is the
 * engine's rule, pinned elsewhere.
 */
@Timeout(30)
class MapCancellationExceptionTest {
    private static final List<Integer> ITEMS = IntStream.range(0, 20).boxed().toList();

    @Test
    void mapConcurrentFailsWithTheCancellationExceptionACallThrew() {
        var own = new CancellationException("the call's own");

        var thrown = Weft.run(() -> assertThrows(CancellationException.class, () -> Weft.mapConcurrent(ITEMS, 4, x -> {
            if (x == 5) {
                throw own;
            }
            return x;
        })));

        assertSame(own, thrown);
    }

    @Test
    void mapConcurrentUnorderedFailsWithTheCancellationExceptionACallThrew() {
        var own = new CancellationException("the call's own");

        var thrown = Weft.run(() -> assertThrows(CancellationException.class, () -> {
            try (var results = Weft.mapConcurrentUnordered(ITEMS, 4, x -> {
                if (x == 5) {
                    throw own;
                }
                return x;
            })) {
                results.forEach(r -> { });
            }
        }));

        assertSame(own, thrown);
    }

    @Test
    void generatorMapConcurrentFailsInsteadOfHangingWhenACallThrowsACancellationException() {
        var own = new CancellationException("the call's own");

        var thrown = Weft.run(() -> assertThrows(CancellationException.class, () -> {
            try (var results = Generator.<Integer>of(out -> ITEMS.forEach(out::emit)).mapConcurrent(4, x -> {
                if (x == 0) {
                    throw own; // the first in order: the in-order sink used to wait for it forever
                }
                return x;
            })) {
                results.forEach(r -> { });
            }
        }));

        assertSame(own, thrown);
    }

    @Test
    void generatorMapConcurrentFailsWithTheCancellationExceptionTheUpstreamThrew() {
        var own = new CancellationException("the upstream's own");

        var thrown = Weft.run(() -> assertThrows(CancellationException.class, () -> {
            try (var results = Generator.<Integer>of(out -> {
                out.emit(1);
                throw own;
            }).mapConcurrent(2, x -> x)) {
                results.forEach(r -> { });
            }
        }));

        assertSame(own, thrown);
    }

    @Test
    void aGeneratorWhoseProducerThrowsACancellationExceptionFailsWithIt() {
        var own = new CancellationException("the producer's own");

        var thrown = Weft.run(() -> assertThrows(CancellationException.class, () -> {
            try (var values = Generator.<Integer>of(out -> {
                throw own;
            })) {
                values.forEach(v -> { });
            }
        }));

        assertSame(own, thrown);
    }
}
