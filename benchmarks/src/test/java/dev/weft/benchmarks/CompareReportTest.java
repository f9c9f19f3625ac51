package dev.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The report and chart code on made-up results (milliseconds); no workload runs here. */
class CompareReportTest {

    private static Compare.Results sample() {
        Compare.Results r = new Compare.Results();
        r.header.addAll(List.of("Date: today", "Machine: 2 cores, 23 GiB RAM", "JDK: 25; worker JVMs"));
        r.bigFanOut = 1_000_000;
        r.libs.addAll(Compare.ALL_LIBS);
        r.workloads.put("spawn", new Compare.Workload("spawn", "spawn <100k>", "spawn 100000", "ns/task", false, 1, 3));
        r.workloads.put("queue", new Compare.Workload("queue", "queue", "queue 1 4 1024", "items/s", true, 1, 3));
        r.cell("spawn", "weft").samples.addAll(List.of(1100.0, 1000.0, 1300.0));
        r.cell("spawn", "vexec").samples.addAll(List.of(1000.0, 900.0, 1000.0));
        r.cell("spawn", "python").samples.add(13000.0);
        r.cell("spawn", "pool").note = "NA not applicable";
        r.cell("queue", "weft").samples.add(8e6);
        r.cell("queue", "vexec").samples.add(9e6);
        r.spawnRatios.addAll(List.of(1.1, 1.11, 1.3));
        return r;
    }

    @Test
    void statsAndFormats() {
        assertEquals(2.5, Compare.Stats.of(List.of(4.0, 1.0, 2.0, 3.0)).median());
        assertEquals("1,234 ns", Report.fmt("ns/task", 1234.4));
        assertEquals("8.00 M/s", Report.fmt("items/s", 8e6));
        assertEquals("n/a", Report.fmt("s", Double.NaN));
    }

    @Test
    void markdownHasTableAndGoals() {
        String md = Report.markdown(sample());
        assertTrue(md.contains("| spawn <100k> (lower is better) | 1,100 ns <sub>(1,000–1,300 ns)</sub> |"), md);
        assertTrue(md.contains("1.11× (median of per-round ratios"), md);
        assertTrue(md.contains("asyncio 13,000 ns / Weft 1,100 ns = 11.8×"), md);
        assertTrue(md.contains("8.00 M/s vs 9.00 M/s = 0.889× | met |"), md);
    }

    @Test
    void svgIsWellFormedText() {
        String svg = Chart.svg(sample());
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertTrue(svg.trim().endsWith("</svg>"));
        assertTrue(svg.contains("spawn &lt;100k&gt;"), "titles are escaped");
        assertEquals(svg.split("<rect").length - 1, 1 + 3 + 2, "background + one bar per measured cell");
    }
}
