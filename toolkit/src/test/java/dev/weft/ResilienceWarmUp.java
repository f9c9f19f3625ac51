package dev.weft;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the paths of race, hedge, retry and the breaker once in real time, before the virtual-time
 * tests of a class. The fixtures' virtual clock tells "every task is waiting" from thread states it
 * polls, and a cold JVM's first pass through these paths (class loading, lambda linkage, JIT) can be
 * taken for idleness and let the clock jump a step early. Once per JVM.
 */
final class ResilienceWarmUp {
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private ResilienceWarmUp() {
    }

    static void once() {
        if (!DONE.compareAndSet(false, true)) {
            return;
        }
        Duration tick = Duration.ofMillis(1);
        AtomicInteger n = new AtomicInteger();
        Weft.run(() -> {
            Weft.race(() -> {
                throw new IllegalStateException("warm-up");
            }, () -> {
                Weft.sleep(tick);
                return 1;
            }, () -> {
                Weft.sleep(Duration.ofMinutes(1));
                return 2;
            });
            Hedge.fixed(tick, 3).call(() -> {
                int attempt = n.incrementAndGet();
                if (attempt == 1) {
                    throw new IllegalStateException("warm-up");  // the second starts at once
                }
                if (attempt == 2) {
                    Weft.sleep(Duration.ofMinutes(1));            // the third starts after a tick and wins
                }
                return "ok";
            });
            AtomicInteger tries = new AtomicInteger();
            Weft.retry(RetryPolicy.builder().fixedDelay(tick).build(), () -> {
                if (tries.incrementAndGet() < 3) {
                    throw new IllegalStateException("warm-up");
                }
                return "ok";
            });
            CircuitBreaker b = CircuitBreaker.builder("warm-up").build();
            b.call(() -> "ok");
            Weft.timeoutOrNull(tick, () -> b.call(() -> {
                Weft.sleep(Duration.ofMinutes(1));
                return "never";
            }));
        });
    }
}
