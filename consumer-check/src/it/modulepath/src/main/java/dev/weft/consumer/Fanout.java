package dev.weft.consumer;

import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;

import dev.weft.TaskGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** What a user writes: a fan-out with gather and one with a TaskGroup. */
public final class Fanout {
    private Fanout() {
    }

    public static String fetch(String name, Duration latency) {
        sleep(latency);
        return name.toUpperCase();
    }

    public static List<String> fetchAll() {
        return run(() -> gather(
                () -> fetch("users", Duration.ofMillis(30)),
                () -> fetch("orders", Duration.ofMillis(20))));
    }

    public static int countInGroup(int tasks) {
        AtomicInteger done = new AtomicInteger();
        run(() -> {
            try (TaskGroup g = TaskGroup.open()) {
                for (int i = 0; i < tasks; i++) {
                    g.spawn(() -> {
                        sleep(Duration.ofMillis(5));
                        return done.incrementAndGet();
                    });
                }
            }
        });
        return done.get();
    }
}
