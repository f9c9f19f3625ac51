package dev.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness's arithmetic and parsing only (milliseconds); no workload runs here. */
class SideBySideFormatTest {

    @Test
    void medianMinMax() {
        var odd = SideBySide.Stats.of(List.of(3.0, 1.0, 2.0));
        assertEquals(2.0, odd.median());
        assertEquals(1.0, odd.min());
        assertEquals(3.0, odd.max());
        assertEquals(2.5, SideBySide.Stats.of(List.of(4.0, 1.0, 2.0, 3.0)).median());
        assertEquals("n/a", SideBySide.Stats.of(List.of()).format("%.1f", "s"));
        assertEquals("2.0 s (1.0–3.0)", odd.format("%.1f", "s"));
    }

    @Test
    void readsThePythonScriptsJson() {
        String json = "{\"python\": \"3.11.7\", \"spawn_tasks\": 100000, \"spawn_us_per_task\": {\"median\": 8.5,"
                + " \"min\": 7.9, \"max\": 9.8, \"rounds\": 3}, \"sleep_wall_s\": {\"median\": 2.4e0, \"min\": 2.4,"
                + " \"max\": 2.4, \"rounds\": 1}}";
        assertEquals("3.11.7", SideBySide.field(json, "python"));
        assertEquals("100000", SideBySide.field(json, "spawn_tasks"));
        var spawn = SideBySide.nested(json, "spawn_us_per_task");
        assertEquals(8.5, spawn.median());
        assertEquals(3, spawn.n());
        assertEquals(2.4, SideBySide.nested(json, "sleep_wall_s").median());
        assertNull(SideBySide.nested(json, "absent"));
    }

    @Test
    void markdownTable() {
        String md = SideBySide.markdown(List.of("JDK: 25"),
                List.of(new SideBySide.Row("w", "1", "2", "0.5", "g", "yes")), List.of());
        assertTrue(md.contains("| workload | Weft | baseline | ratio | goal | met? |"), md);
        assertTrue(md.contains("| w | 1 | 2 | 0.5 | g | yes |"), md);
    }

    @Test
    void argumentsBecomeProperties() {
        SideBySide.applyArgs(new String[] {"--test.flag", "test.size=12 weft.bench.test.other=x"});
        assertEquals("true", System.getProperty("weft.bench.test.flag"));
        assertEquals("12", System.getProperty("weft.bench.test.size"));
        assertEquals("x", System.getProperty("weft.bench.test.other"));
    }
}
