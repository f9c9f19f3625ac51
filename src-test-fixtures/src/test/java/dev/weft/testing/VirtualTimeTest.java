package dev.weft.testing;

import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.timeout;
import static dev.weft.Weft.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.RateLimiter;
import dev.weft.Task;
import dev.weft.TimedOutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VirtualTimeTest {

    private static String brewCoffee() {
        sleep(Duration.ofSeconds(3));
        return "coffee";
    }

    private static String toastBagel() {
        sleep(Duration.ofSeconds(2));
        return "bagel";
    }

    @Test
    void breakfastWithGatherTakesExactlyThreeVirtualSeconds() {
        VirtualTime.Result<List<String>> r = VirtualTime.run(() -> gather(VirtualTimeTest::brewCoffee, VirtualTimeTest::toastBagel));

        assertEquals(List.of("coffee", "bagel"), r.value());
        assertEquals(Duration.ofSeconds(3), r.elapsed());
    }

    @Test
    void sequentialBreakfastTakesExactlyFiveVirtualSeconds() {
        VirtualTime.Result<List<String>> r = VirtualTime.run(() -> List.of(brewCoffee(), toastBagel()));

        assertEquals(Duration.ofSeconds(5), r.elapsed());
    }

    @Test
    void spawnAndJoinSeeTheSameVirtualClock() {
        VirtualTime.Result<Duration> r = VirtualTime.run(() -> {
            Task<String> coffee = spawn(VirtualTimeTest::brewCoffee);
            Task<String> bagel = spawn(VirtualTimeTest::toastBagel);
            bagel.join();
            Duration atBagel = VirtualTime.elapsed();
            coffee.join();
            return atBagel;
        });

        assertEquals(Duration.ofSeconds(2), r.value());
        assertEquals(Duration.ofSeconds(3), r.elapsed());
    }

    @Test
    void waitForTimesOutAtItsVirtualDeadline() {
        VirtualTime.Result<Duration> r = VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> waitFor(Duration.ofSeconds(2), () -> {
                sleep(Duration.ofMillis(2500));
                return "late";
            }));
            return VirtualTime.elapsed();
        });

        assertEquals(Duration.ofSeconds(2), r.value());
    }

    @Test
    void nestedTimeoutsFireInVirtualTime() {
        VirtualTime.Result<Duration> r = VirtualTime.run(() -> {
            try (var outer = timeout(Duration.ofMinutes(1))) {
                try (var inner = timeout(Duration.ofSeconds(10))) {
                    sleep(Duration.ofHours(1));
                } catch (TimedOutException expected) {
                    // the inner one fired; the outer goes on
                }
                sleep(Duration.ofSeconds(5));
            }
            return VirtualTime.elapsed();
        });

        assertEquals(Duration.ofSeconds(15), r.value());
    }

    @Test
    void manyTasksSleepingAnHourTakeAnHourOfVirtualTime() {
        List<Callable<Integer>> sleepers = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            int n = i;
            sleepers.add(() -> {
                sleep(Duration.ofMinutes(1 + n % 60));
                return n;
            });
        }

        VirtualTime.Result<List<Integer>> r = VirtualTime.run(() -> gather(sleepers));

        assertEquals(1_000, r.value().size());
        assertEquals(Duration.ofHours(1), r.elapsed());
    }

    @Test
    void rateLimiterPacesOperationsInVirtualTime() {
        VirtualTime.Result<Void> r = VirtualTime.run(() -> {
            RateLimiter limiter = RateLimiter.of(2, Duration.ofSeconds(1), 1);
            for (int i = 0; i < 5; i++) {
                limiter.acquire();
            }
        });

        assertTrue(r.elapsed().compareTo(Duration.ofSeconds(2)) >= 0, "5 tokens at 2/s with burst 1 take at least 2 s: " + r.elapsed());
        assertTrue(r.elapsed().compareTo(Duration.ofSeconds(3)) < 0, "but not much more: " + r.elapsed());
    }

    @Test
    void nestingVirtualTimeRunsFailsClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> VirtualTime.run(() -> VirtualTime.run(() -> 1)));

        assertTrue(e.getMessage().contains("nested"), e.getMessage());
    }

    @Test
    void elapsedOutsideARunFailsClearly() {
        assertThrows(IllegalStateException.class, VirtualTime::elapsed);
    }
}
