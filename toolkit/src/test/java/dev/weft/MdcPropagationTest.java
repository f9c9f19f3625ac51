package dev.weft;

import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.mapConcurrent;
import static dev.weft.Weft.run;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/** SLF4J's MDC follows the task tree like a {@link ContextVar}: copied into every spawn, never back. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MdcPropagationTest {

    @AfterEach
    void clearTheTestThreadsMdc() {
        MDC.clear();
    }

    @Test
    void childSeesItsSpawnersMdc() {
        // given / when
        String seen = run(() -> {
            MDC.put("request", "r-1");
            return spawn(() -> MDC.get("request")).join();
        });

        // then
        assertEquals("r-1", seen);
    }

    @Test
    void mdcSetAroundRunReachesTheMainTaskAndItsChildren() {
        // given
        MDC.put("request", "r-outside");

        // when
        List<String> seen = run(() -> gather(() -> MDC.get("request"), () -> spawn(() -> MDC.get("request")).join()));

        // then
        assertEquals(List.of("r-outside", "r-outside"), seen);
    }

    @Test
    void childChangeIsNotVisibleInTheParent() {
        // given / when
        List<String> parentSaw = run(() -> {
            MDC.put("request", "parent");
            spawn(() -> {
                MDC.put("request", "child");
                MDC.put("only-child", "x");
                return null;
            }).join();
            return new ArrayList<>(java.util.Arrays.asList(MDC.get("request"), MDC.get("only-child")));
        });

        // then
        assertEquals("parent", parentSaw.get(0));
        assertNull(parentSaw.get(1));
    }

    @Test
    void siblingsDoNotSeeEachOthersChanges() throws Exception {
        // given: two siblings of one gather batch share the captured map
        CountDownLatch firstChanged = new CountDownLatch(1);

        // when
        List<String> seen = run(() -> {
            MDC.put("request", "r-1");
            return gather(() -> {
                MDC.put("request", "changed by the first");
                firstChanged.countDown();
                return MDC.get("request");
            }, () -> {
                awaitLatch(firstChanged);
                return MDC.get("request");
            });
        });

        // then
        assertEquals(List.of("changed by the first", "r-1"), seen);
    }

    @Test
    void parentChangeAfterTheSpawnDoesNotReachTheRunningChild() throws Exception {
        CountDownLatch parentChanged = new CountDownLatch(1);
        String seen = run(() -> {
            MDC.put("request", "before");
            Task<String> child = spawn(() -> {
                awaitLatch(parentChanged);
                return MDC.get("request");
            });
            MDC.put("request", "after");
            parentChanged.countDown();
            return child.join();
        });

        assertEquals("before", seen);
    }

    @Test
    void grandChildSeesTheChildsAddition() {
        String seen = run(() -> {
            MDC.put("request", "r-1");
            return spawn(() -> {
                MDC.put("step", "child");
                return spawn(() -> MDC.get("request") + "/" + MDC.get("step")).join();
            }).join();
        });

        assertEquals("r-1/child", seen);
    }

    @Test
    void taskGroupChildrenSeeTheMdc() {
        List<String> seen = run(() -> {
            MDC.put("request", "r-group");
            return TaskGroup.run(g -> {
                Task<String> a = g.spawn(() -> MDC.get("request"));
                Task<String> b = g.spawn("named", () -> MDC.get("request"));
                return List.of(a.join(), b.join());
            });
        });

        assertEquals(List.of("r-group", "r-group"), seen);
    }

    @Test
    void tryWithResourcesGroupChildrenSeeTheMdc() {
        String seen = run(() -> {
            MDC.put("request", "r-twr");
            Task<String> t;
            try (var g = TaskGroup.open()) {
                t = g.spawn(() -> MDC.get("request"));
            }
            return t.join();
        });

        assertEquals("r-twr", seen);
    }

    @Test
    void generatorProducerSeesTheConsumersMdc() {
        List<String> seen = run(() -> {
            MDC.put("request", "r-gen");
            List<String> out = new ArrayList<>();
            try (Generator<String> g = Generator.of(emit -> emit.emit(MDC.get("request")))) {
                g.forEach(out::add);
            }
            return out;
        });

        assertEquals(List.of("r-gen"), seen);
    }

    @Test
    void mapConcurrentWorkersSeeTheMdc() {
        List<String> seen = run(() -> {
            MDC.put("request", "r-map");
            return mapConcurrent(List.of(1, 2, 3), 2, i -> MDC.get("request") + i);
        });

        assertEquals(List.of("r-map1", "r-map2", "r-map3"), seen);
    }

    @Test
    void childOfASpawnerWithoutMdcStartsWithoutMdc() {
        String seen = run(() -> {
            MDC.put("request", "r-1");
            MDC.remove("request"); // used and emptied again
            return spawn(() -> String.valueOf(MDC.getCopyOfContextMap())).join();
        });

        assertEquals("null", seen);
    }
}
