package dev.weft.benchmarks;

import dev.weft.benchmarks.Compare.Lib;
import dev.weft.benchmarks.Compare.Results;
import dev.weft.benchmarks.Compare.Stats;
import dev.weft.benchmarks.Compare.Workload;
import java.util.List;
import java.util.Locale;

/**
 * Draws {@code docs/performance.svg} from the harness's results: one panel per workload, one horizontal bar
 * per library (the median), a thin line for min–max, the value written beside it. Plain SVG text, no library.
 */
final class Chart {
    private static final String[] COLORS = {"#1f6feb", "#6e9ff5", "#2da44e", "#8bd3a0", "#bf8700", "#a371f7",
        "#8c959f", "#cf222e"};
    private static final int WIDTH = 920;
    private static final int LABEL = 230;
    private static final int BAR_MAX = 520;
    private static final int ROW = 17;

    private Chart() {
    }

    static String svg(Results res) {
        List<Lib> libs = res.libs;
        StringBuilder body = new StringBuilder();
        int y = 44;
        for (Workload w : res.workloads.values()) {
            if (!res.cells.containsKey(w.id())) {
                continue;
            }
            double max = 0;
            for (Lib l : libs) {
                Stats s = res.stats(w.id(), l.id());
                if (s.n() > 0) {
                    max = Math.max(max, s.max());
                }
            }
            body.append(text(10, y + 12, 13, "bold", esc(w.title()) + " — " + w.unit() + ", "
                    + (w.higherIsBetter() ? "higher" : "lower") + " is better"));
            y += 20;
            for (int i = 0; i < libs.size(); i++) {
                Lib l = libs.get(i);
                Stats s = res.stats(w.id(), l.id());
                body.append(text(LABEL - 6, y + 12, 11, "normal", esc(l.label())).replace("<text ",
                        "<text text-anchor=\"end\" "));
                if (s.n() == 0 || max <= 0) {
                    body.append(text(LABEL + 4, y + 12, 11, "normal", "n/a"));
                } else {
                    int len = Math.max(1, (int) Math.round(s.median() / max * BAR_MAX));
                    body.append(String.format(Locale.ROOT,
                            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n", LABEL, y + 2, len,
                            ROW - 5, COLORS[allIndex(l) % COLORS.length]));
                    if (s.n() > 1) {
                        int x1 = LABEL + (int) Math.round(s.min() / max * BAR_MAX);
                        int x2 = LABEL + (int) Math.round(s.max() / max * BAR_MAX);
                        body.append(String.format(Locale.ROOT,
                                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#24292f\" stroke-width=\"1\"/>%n",
                                x1, y + ROW / 2, x2, y + ROW / 2));
                    }
                    body.append(text(LABEL + Math.max(len, (int) Math.round(s.max() / max * BAR_MAX)) + 6, y + 12, 11,
                            "normal", esc(Report.fmt(w.unit(), s.median()))));
                }
                y += ROW;
            }
            y += 12;
        }
        String date = res.header.isEmpty() ? "" : res.header.get(0);
        String jdk = res.header.size() > 2 ? res.header.get(2).replaceAll(";.*", "") : "";
        String machine = res.header.size() > 1 ? res.header.get(1).replaceAll(" \\(.*", "") : "";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n", WIDTH, y + 10, WIDTH, y + 10));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, y + 10));
        sb.append(text(10, 18, 15, "bold", "Weft side by side — median, thin line = min–max"));
        sb.append(text(10, 34, 11, "normal", esc(date.replaceAll(":\\d\\d\\.\\d+", "")) + " · " + esc(machine)
                + " · " + esc(jdk)));
        sb.append(body);
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static int allIndex(Lib l) {
        return Compare.ALL_LIBS.indexOf(l);
    }

    private static String text(int x, int y, int size, String weight, String s) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\">%s</text>%n", x, y,
                size, weight, s);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
