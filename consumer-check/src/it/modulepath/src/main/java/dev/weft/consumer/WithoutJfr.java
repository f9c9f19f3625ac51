package dev.weft.consumer;

import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.timeoutOrNull;

import dev.weft.Task;
import java.time.Duration;

/**
 * Run with {@code --limit-modules}, so that module jdk.jfr is absent: fan-out, a cancelled task and a
 * fired timeout (the calls that emit Weft's Flight Recorder events) must work without it.
 */
public final class WithoutJfr {
    private WithoutJfr() {
    }

    public static void main(String[] args) {
        if (ModuleLayer.boot().findModule("jdk.jfr").isPresent()) {
            throw new AssertionError("this check must run without module jdk.jfr (--limit-modules)");
        }
        String late = run(() -> timeoutOrNull(Duration.ofMillis(10), () -> {
            sleep(Duration.ofSeconds(30));
            return "late";
        }));
        if (late != null) {
            throw new AssertionError("the timeout did not fire");
        }
        Task<String> cancelled = run(() -> {
            Task<String> t = spawn(() -> {
                sleep(Duration.ofSeconds(30));
                return "never";
            });
            t.cancel();
            return t;
        });
        if (!cancelled.isCancelled()) {
            throw new AssertionError("the task was not cancelled");
        }
        System.out.println("Weft ran without jdk.jfr: " + Fanout.fetchAll());
    }
}
