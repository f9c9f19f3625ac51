package dev.weft.testing;

import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that fails a test which leaves Weft tasks running after it ends, naming them and
 * printing the task tree ({@link Weft#dumpTaskTree()}).
 *
 * <p>Kotlin equivalent: the leak detection of {@code kotlinx-coroutines-test}'s {@code runTest}; Trio
 * needs none because a nursery cannot be left open. In Weft a task can only outlive a test that left a
 * {@code TaskGroup} open, ran {@code Weft.run} on a thread of its own, or was abandoned by a timeout.
 *
 * <pre>{@code
 * @ExtendWith(WeftLeakCheck.class)
 * class CrawlerTest {
 *     @Test
 *     void crawlsEveryPage() { ... }   // fails if a Weft task is still running 1 s after it returns
 * }
 * }</pre>
 *
 * <p>After each test the check waits up to a grace period (1 s; the JUnit configuration parameter
 * {@value #GRACE_PARAMETER} sets another number of milliseconds) for the test's tasks to finish,
 * because a task may be completing its last {@code finally} as the test returns. Tasks that were
 * already running before the test began (left by an earlier test) are not blamed on it. Leaked tasks
 * are cancelled after the report, so that they do not spill into later tests. Register it for a whole
 * suite with JUnit's extension auto-detection ({@code META-INF/services/org.junit.jupiter.api.extension.Extension}
 * plus {@code junit.jupiter.extensions.autodetection.enabled=true}).
 */
public final class WeftLeakCheck implements BeforeEachCallback, AfterEachCallback {
    /** The JUnit configuration parameter that sets the grace period in milliseconds. */
    public static final String GRACE_PARAMETER = "weft.leakcheck.grace.ms";

    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(1);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(WeftLeakCheck.class);
    private static final String BEFORE = "tasks-before";

    /** Creates the extension; JUnit does this for {@code @ExtendWith(WeftLeakCheck.class)}. */
    public WeftLeakCheck() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Set<Task<?>> before = Collections.newSetFromMap(new IdentityHashMap<>());
        before.addAll(Weft.liveTasks());
        context.getStore(NAMESPACE).put(BEFORE, before);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        Set<Task<?>> before = context.getStore(NAMESPACE).remove(BEFORE, Set.class);
        Set<Task<?>> earlier = before != null ? before : Set.of();
        List<Task<?>> leaked = awaitLeaks(earlier, grace(context));
        if (leaked.isEmpty()) {
            return;
        }
        String dump = Weft.dumpTaskTree();
        for (Task<?> t : leaked) {
            t.cancel();
        }
        throw new AssertionError(message(context, leaked, dump));
    }

    /** Polls until no task of the test is live or the grace period is over; returns those still live. */
    private static List<Task<?>> awaitLeaks(Set<Task<?>> earlier, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (true) {
            List<Task<?>> live = new ArrayList<>();
            for (Task<?> t : Weft.liveTasks()) {
                if (!earlier.contains(t) && !t.isDone()) {
                    live.add(t);
                }
            }
            if (live.isEmpty() || System.nanoTime() - deadline >= 0) {
                return live;
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    private static Duration grace(ExtensionContext context) {
        return context.getConfigurationParameter(GRACE_PARAMETER)
                .map(String::trim)
                .map(Long::parseLong)
                .map(Duration::ofMillis)
                .orElse(DEFAULT_GRACE);
    }

    private static String message(ExtensionContext context, List<Task<?>> leaked, String dump) {
        String names = leaked.stream().map(Task::name).collect(Collectors.joining(", "));
        return context.getDisplayName() + " leaked " + leaked.size() + " Weft task(s) still running "
                + grace(context).toMillis() + " ms after it ended: " + names
                + " (the check has cancelled them). Close every TaskGroup the test opens (try-with-resources"
                + " or TaskGroup.run) and join what it spawns on other threads. Task tree:\n" + dump;
    }
}
