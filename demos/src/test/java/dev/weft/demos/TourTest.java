package dev.weft.demos;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tour lists every demo in tutorial order and runs a chosen one under a header. */
class TourTest {

    @Test
    void demosAreListedInTourOrder() {
        assertEquals(List.of("breakfast", "fetch-users", "fetch-and-send", "task-control", "io-task", "many-tasks",
                "concurrency-vs-parallelism", "api-fetcher", "structure", "pipelines", "service"), Tour.DEMOS.stream().map(Tour.Demo::name).toList());
    }

    @Test
    void aSingleDemoRunsUnderItsHeader() {
        Tour.Demo demo = Tour.DEMOS.stream().filter(d -> d.name().equals("fetch-and-send")).findFirst().orElseThrow();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean ok;
        try (PrintStream out = new PrintStream(bytes, true, UTF_8)) {
            ok = Tour.tour(out, List.of(demo), new Pace(0.05));
        }
        Printed printed = new Printed(bytes.toString(UTF_8));
        assertTrue(ok, printed.text());
        assertTrue(printed.inOrder("Weft demo tour", "=== fetch-and-send:", "[mario got it, luigi got it]",
                "Tour done: 1 demo(s), 0 failed"), printed.text());
    }
}
