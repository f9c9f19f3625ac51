package dev.weft;

import static dev.weft.TestSupport.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class IntervalTest {

    @Test
    void limitedIntervalEmitsZeroToCountMinusOneThenEnds() {
        // when
        List<Long> ticks = new ArrayList<>();
        for (long tick : Generator.interval(ms(2), 5)) {
            ticks.add(tick);
        }

        // then
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), ticks);
    }

    @Test
    void unlimitedIntervalEmitsIncreasingTicksUntilTheConsumerLeaves() {
        // given
        List<Long> ticks = new ArrayList<>();

        // when
        try (var interval = Generator.interval(ms(1))) {
            for (long tick : interval) {
                ticks.add(tick);
                if (ticks.size() == 10) {
                    break;
                }
            }
            // then the ticker stops when closed
        }
        for (int i = 0; i < ticks.size(); i++) {
            assertEquals(i, ticks.get(i));
        }
        assertEquals(10, ticks.size());
    }

    @Test
    void tickNComesNoEarlierThanNPlusOnePeriodsAfterTheStart() {
        // given
        Duration period = ms(10);
        long start = System.nanoTime();

        // when
        List<Long> arrivals = new ArrayList<>();
        for (long ignored : Generator.interval(period, 4)) {
            arrivals.add(System.nanoTime() - start);
        }

        // then (a lower bound only: a slow machine may deliver late, never early)
        for (int n = 0; n < arrivals.size(); n++) {
            assertTrue(arrivals.get(n) >= (n + 1) * period.toNanos(),
                    "tick " + n + " came after " + arrivals.get(n) + " ns");
        }
    }

    @Test
    void intervalRunsInsideWeftAndStopsWithItsGenerator() {
        // when
        long last = Weft.run(() -> {
            long seen = -1;
            try (var ticks = Generator.interval(ms(1))) {
                for (long tick : ticks) {
                    seen = tick;
                    if (tick == 3) {
                        break;
                    }
                }
            }
            return seen;
        });

        // then
        assertEquals(3L, last);
    }

    @Test
    void nonPositivePeriodOrNegativeCountIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Generator.interval(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Generator.interval(ms(-1)));
        assertThrows(IllegalArgumentException.class, () -> Generator.interval(ms(1), -1));
        assertThrows(NullPointerException.class, () -> Generator.interval(null));
    }
}
