package dev.weft.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The side-by-side harness across libraries: Weft on its two engines, the JDK's virtual-thread executor and
 * {@code StructuredTaskScope}, jox, Kotlin coroutines, a 256-thread platform pool and CPython's asyncio.
 *
 * <p>Method. One {@link Worker} JVM per Java library (same {@code java}, same classpath, {@code --enable-preview},
 * {@code -Xmx2g}; Weft's two engines chosen with {@code -Dweft.engine}), started afresh for each workload, as JMH
 * forks per benchmark, and kept alive through that workload's warm-up rounds, then measured rounds; inside a round
 * every library takes one sample, in an order rotated from round to round, so the noise of this shared machine
 * falls on all of them alike. CPython runs once per round in a fresh process. A full GC precedes every sample
 * (not timed). Cold figures: the first run of the 1M fan-out in a fresh JVM per library, in interleaved rounds;
 * plus Weft with a short self-warm-up ({@code prewarm}) before it. Reported: median (min–max). The blocking I/O
 * rows talk to an {@link IoServer} that this coordinator starts once per run (never inside a measured worker JVM);
 * its port goes to the workers in the {@code io} command.
 *
 * <p>Run: {@code mvn -q -DskipTests -Pbench verify} (quick: {@code -Dweft.bench.quick=true}). Knobs as
 * system properties {@code weft.bench.*} or {@code key=value} arguments: {@code quick}, {@code only} (workload
 * ids, comma-separated: {@link #ALL_WORKLOADS}, or the groups {@code deadlines}, {@code streaming}, {@code resilience};
 * {@code io} brings {@code io-p99} with it, the two figures of one run),
 * {@code libs} (library ids), {@code sleep.tasks} (the big fan-out, 1000000; quick 100000), {@code deadline.tasks}
 * (1000000; quick 100000), {@code stream.items} (1000000; quick 200000), {@code map.items} (100000; quick 20000),
 * {@code resilience.calls} (100000; quick 20000), {@code io.requests} (the blocking I/O burst, 10000; quick 2000),
 * {@code io.latency.ms} (the latency server's answer delay, 20), {@code rounds.scale} (multiplies measured rounds), {@code python},
 * {@code out} (results dir), {@code docs} (where performance.md/.svg go; empty: not written),
 * {@code worker.jvmArg} (one extra option for every worker JVM, e.g. a JFR recording).
 */
public final class Compare {
    private static final String PREFIX = "weft.bench.";

    private Compare() {
    }

    /** A library as the report names it, and how its worker is started. */
    record Lib(String id, String label, String worker, List<String> jvmArgs) {
        boolean python() {
            return worker == null;
        }
    }

    static final List<Lib> ALL_LIBS = List.of(
            new Lib("weft", "Weft (virtual engine)", "weft", List.of("-Dweft.engine=virtual")),
            new Lib("weft-sts", "Weft (structured engine)", "weft", List.of("-Dweft.engine=structured")),
            new Lib("vexec", "JDK virtual-thread executor", "vexec", List.of()),
            new Lib("sts", "JDK StructuredTaskScope", "sts", List.of()),
            new Lib("jox", "jox 0.5.0", "jox", List.of()),
            new Lib("kotlin", "Kotlin coroutines 1.11.0", "kotlin", List.of()),
            new Lib("pool", "platform pool (256)", "pool", List.of()),
            new Lib("python", "CPython asyncio", null, List.of()));

    /**
     * A workload: its worker command, unit, direction, sizes of warm-up and measured rounds. A row with no command
     * ({@code null}) is filled by another workload's answers: the extra value {@code key=v} of workload {@code w}
     * goes to row {@code w-key} ({@code io-p99} from {@code io}).
     */
    record Workload(String id, String title, String command, String unit, boolean higherIsBetter, int warmup,
                    int rounds, int forks) {
        /** A workload measured in one fresh worker JVM per library. */
        Workload(String id, String title, String command, String unit, boolean higherIsBetter, int warmup, int rounds) {
            this(id, title, command, unit, higherIsBetter, warmup, rounds, 1);
        }
    }

    /** Samples of one (workload, library). */
    static final class Cell {
        final List<Double> samples = new ArrayList<>();
        String note;

        Stats stats() {
            return Stats.of(samples);
        }
    }

    /** Median with min and max. */
    record Stats(double median, double min, double max, int n) {
        static Stats of(List<Double> xs) {
            if (xs.isEmpty()) {
                return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = s.length;
            return new Stats(n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2, s[0], s[n - 1], n);
        }
    }

    /** All results: workload id -> library id -> cell; plus the paired spawn ratios. */
    static final class Results {
        final Map<String, Workload> workloads = new LinkedHashMap<>();
        final Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
        final List<Double> spawnRatios = new ArrayList<>();
        /** Weft ÷ executor for spawn+join measured back to back inside one JVM (issue 2's method), a full GC before each. */
        final List<Double> oneJvmSpawnRatios = new ArrayList<>();
        /** The same in the steady state: no GC forced between the samples. */
        final List<Double> oneJvmSteadySpawnRatios = new ArrayList<>();
        final List<String> header = new ArrayList<>();
        final List<Lib> libs = new ArrayList<>();
        boolean quick;
        int bigFanOut;

        Cell cell(String workload, String lib) {
            return cells.computeIfAbsent(workload, k -> new LinkedHashMap<>()).computeIfAbsent(lib, k -> new Cell());
        }

        Stats stats(String workload, String lib) {
            Map<String, Cell> m = cells.get(workload);
            Cell c = m == null ? null : m.get(lib);
            return c == null ? Stats.of(List.of()) : c.stats();
        }
    }

    // ------------------------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        applyArgs(args);
        boolean quick = bool("quick", false);
        int big = integer("sleep.tasks", quick ? 100_000 : 1_000_000);
        double scale = Double.parseDouble(str("rounds.scale", "1"));
        List<String> only = expand(List.of(str("only", ALL_WORKLOADS).split("[,\\s]+")));
        List<String> libIds = List.of(str("libs", "weft,weft-sts,vexec,sts,jox,kotlin,pool,python").split("[,\\s]+"));
        boolean python = bool("python", true);
        Path out = Path.of(str("out", "target/compare"));
        String docs = str("docs", "");
        long sampleTimeoutMin = integer("sample.timeout.minutes", 10);

        Results res = new Results();
        res.quick = quick;
        res.bigFanOut = big;
        for (Lib l : ALL_LIBS) {
            if (libIds.contains(l.id()) && (!l.python() || (python && probe("python3") != null))) {
                res.libs.add(l);
            }
        }
        boolean render = bool("render", false);
        IoServer ioServer = only.contains("io") && !render ? IoServer.start() : null;
        List<Workload> wls = workloads(quick, big, scale, ioServer == null ? 0 : ioServer.port());
        wls.removeIf(w -> !only.contains(w.id()));
        wls.forEach(w -> res.workloads.put(w.id(), w));

        if (render) {
            render(res, out, docs);
            return;
        }

        header(res, quick, python);

        Files.createDirectories(out);
        Files.write(out.resolve("header.txt"), res.header, StandardCharsets.UTF_8);
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(out.resolve("samples.tsv"), StandardCharsets.UTF_8))) {
            log.println("phase\tworkload\tlibrary\tround\tvalue\tnote");
            warmRounds(res, wls, only, quick, scale, log, sampleTimeoutMin, ioServer);

            if (only.contains("cold")) {
                coldRounds(res, big, quick, scale, log, sampleTimeoutMin);
            }
        } finally {
            if (ioServer != null) {
                say(ioServer.toString());
                ioServer.close();
            }
        }

        writeOutputs(res, out, docs);
        System.exit(0);
    }

    /** Every workload id, in report order; {@code only} also takes the group names of {@link #expand}. */
    static final String ALL_WORKLOADS = "spawn,g1k,g100k,g1m,sem,queue,heap,dl-base,dl-none,dl-10,handoff,gen,mapc,"
            + "mapc-sleep,io,io-p99,resil-direct,resil-race,resil-retry,resil-hedge,resil-breaker,cold";

    /**
     * {@code only} with its group names spelled out: {@code deadlines}, {@code streaming}, {@code resilience}; and
     * {@code io} or {@code io-p99} as both (one run gives both figures).
     */
    static List<String> expand(List<String> only) {
        List<String> ids = new ArrayList<>();
        for (String o : only) {
            switch (o) {
                case "deadlines" -> ids.addAll(List.of("dl-base", "dl-none", "dl-10"));
                case "streaming" -> ids.addAll(List.of("handoff", "gen", "mapc", "mapc-sleep"));
                case "io", "io-p99" -> ids.addAll(List.of("io", "io-p99"));
                case "resilience" -> ids.addAll(List.of("resil-direct", "resil-race", "resil-retry", "resil-hedge",
                        "resil-breaker"));
                default -> ids.add(o);
            }
        }
        return ids;
    }

    /** The workloads of a run, in report order ({@code quick}: smaller sizes and fewer rounds). */
    private static List<Workload> workloads(boolean quick, int big, double scale, int ioPort) {
        List<Workload> wls = new ArrayList<>();
        wls.add(new Workload("spawn", "spawn+join, gather of 100k trivial tasks", "spawn 100000", "ns/task", false,
                quick ? 2 : 5, r(quick ? 3 : 11, scale)));
        wls.add(new Workload("g1k", "gather of 1k × sleep(1 s)", "sleep 1000 1000", "s", false, 1, r(quick ? 2 : 5, scale)));
        wls.add(new Workload("g100k", "gather of 100k × sleep(1 s)", "sleep 100000 1000", "s", false, 1,
                r(quick ? 2 : 5, scale)));
        if (big != 100_000 && big != 1000) {
            // 3 fresh JVMs per library, one measured round each: within a JVM the samples agree, between JVMs
            // they differ by up to 40 % (runs 1-3: Weft 3.55-4.90 s), so a JVM is one draw
            wls.add(new Workload("g1m", String.format(Locale.ROOT, "gather of %,d × sleep(1 s)", big),
                    "sleep " + big + " 1000", "s", false, 1, 1, r(3, scale)));
        }
        wls.add(new Workload("sem", "semaphore(100), 10k tasks × 10 ms (ideal 1 s)", "sem 10000 100 10", "s", false,
                1, r(quick ? 2 : 5, scale)));
        wls.add(new Workload("queue", "queue 1 producer / 4 consumers, cap 1024, " + (quick ? "200k" : "1M") + " items",
                // 3 fresh JVMs per library, each 2 warm-up + 3 measured rounds: one JVM's samples drift by 2x and
                // two fresh JVMs of the same library can differ by 2x (Weft's medians 4.7 and 10.8 M/s), so a JVM is
                // one draw
                "queue " + (quick ? 200_000 : 1_000_000) + " 4 1024", "items/s", true, quick ? 1 : 2,
                r(quick ? 2 : 3, scale), quick ? 1 : 3));
        wls.add(new Workload("heap", "heap per parked sleeping task, " + (quick ? "20k" : "100k") + " tasks",
                "heap " + (quick ? 20_000 : 100_000),
                // 5 fresh JVMs per library, each 3 warm-up and 2 measured rounds. In a fresh worker a series' first
                // samples run up to 2.5x its settled value, and the settled value differs from JVM to JVM by up to
                // 40 % (what C2 compiled on its own, and so did not inline, decides how many frames a parked task
                // keeps), so one JVM's figure is one draw; JMH runs several forks for the same reason
                "bytes/task", false, quick ? 1 : 3, r(quick ? 1 : 2, scale), quick ? 1 : 5));
        // issue 15: deadlines at scale, against the same fan-out without deadlines
        int dl = integer("deadline.tasks", quick ? 100_000 : 1_000_000);
        String dlSize = String.format(Locale.ROOT, "%,d", dl);
        wls.add(new Workload("dl-base", "deadlines: gather of " + dlSize + " × sleep(100 ms), no deadline (baseline)",
                "sleep " + dl + " 100", "s", false, 1, r(3, scale)));
        wls.add(new Workload("dl-none", "deadlines: the same, each in a timeout that does not fire",
                "deadline " + dl + " 100 0", "s", false, 1, r(3, scale)));
        wls.add(new Workload("dl-10", "deadlines: the same, 10 % of the timeouts fire (at 50 ms)",
                "deadline " + dl + " 100 10", "s", false, 1, r(3, scale)));
        // issue 15: streaming
        int items = integer("stream.items", quick ? 200_000 : 1_000_000);
        String itemsSize = String.format(Locale.ROOT, "%,d", items);
        wls.add(new Workload("handoff", "channel hand-off, 1 producer / 1 consumer, cap 64, " + itemsSize + " items",
                "queue " + items + " 1 64", "items/s", true, 1, r(quick ? 2 : 5, scale)));
        wls.add(new Workload("gen", "generator / flow, buffer 64, " + itemsSize + " items",
                "gen " + items + " 64", "items/s", true, 1, r(quick ? 2 : 5, scale)));
        int mapItems = integer("map.items", quick ? 20_000 : 100_000);
        wls.add(new Workload("mapc", String.format(Locale.ROOT, "concurrent map, limit 100, %,d trivial items", mapItems),
                "mapc " + mapItems + " 100 0", "s", false, 1, r(quick ? 2 : 5, scale)));
        wls.add(new Workload("mapc-sleep", "concurrent map, limit 100, 10k items × sleep(10 ms) (ideal 1 s)",
                "mapc 10000 100 10", "s", false, 1, r(quick ? 2 : 5, scale)));
        // issue 15: blocking I/O fan-out against the coordinator's latency server (IoServer), one connection per request
        int ioRequests = integer("io.requests", quick ? 2_000 : 10_000);
        int ioMillis = integer("io.latency.ms", 20);
        wls.add(new Workload("io", String.format(Locale.ROOT, "blocking I/O: %,d concurrent requests to a loopback server"
                + " answering after %d ms, one connection each: throughput", ioRequests, ioMillis),
                // a second warm-up burst in the full run: the first also warms the server's own paths
                "io " + ioRequests + " " + ioMillis + " " + ioPort, "req/s", true, quick ? 1 : 2, r(quick ? 2 : 5, scale)));
        wls.add(new Workload("io-p99", "blocking I/O: the same runs, p99 request latency (from the burst's start)",
                null, "ms", false, 0, 0));
        // issue 15: what Weft's resilience wrappers cost around a trivial body (Weft only)
        int calls = integer("resilience.calls", quick ? 20_000 : 100_000);
        for (String kind : List.of("direct", "race", "retry", "hedge", "breaker")) {
            wls.add(new Workload("resil-" + kind, String.format(Locale.ROOT, "resilience: %s around a trivial body, %,d calls",
                    kind.equals("direct") ? "no wrapper (baseline)" : kind, calls),
                    "resil " + kind + " " + calls, "ns/call", false, quick ? 1 : 2, r(quick ? 2 : 5, scale)));
        }
        return wls;
    }

    /** The report's header lines (date, machine, JDK, Python, mode), also printed. */
    private static void header(Results res, boolean quick, boolean python) {
        String date = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        res.header.add("Date: " + date);
        res.header.add("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + memory()
                + " RAM, " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + " (shared and noisy: medians of interleaved rounds)");
        res.header.add("JDK: " + Runtime.version() + " (" + System.getProperty("java.vm.name") + "); worker JVMs: "
                + "--enable-preview -Xmx2g, default GC");
        String py = python ? probe("python3") : null;
        res.header.add("Python: " + (py == null ? "not run" : py));
        res.header.add("Mode: " + (quick ? "quick (smaller sizes, fewer rounds)" : "full"));
        res.header.forEach(Compare::say);
    }

    /**
     * The warm phase: per workload, a fresh worker JVM per library that lives through the workload's warm-up and
     * measured rounds, the rounds interleaved across the libraries (a different order each round); then Weft's
     * spawn ratio measured inside one more fresh JVM.
     */
    private static void warmRounds(Results res, List<Workload> wls, List<String> only, boolean quick, double scale,
            PrintWriter log, long sampleTimeoutMin, IoServer ioServer) throws Exception {
        Map<String, WorkerProc> workers = new LinkedHashMap<>();
        try {
            boolean first = true;
            for (Workload wl : wls) {
                if (wl.command() == null) {
                    continue; // filled by its source row's answers
                }
                int perFork = wl.warmup() + wl.rounds();
                say("== " + wl.title() + " (" + (wl.forks() > 1 ? wl.forks() + " fresh JVMs per library, each " : "")
                        + wl.warmup() + " warm-up + " + wl.rounds() + " measured rounds)");
                for (int round = 0; round < wl.forks() * perFork; round++) {
                    if (round % perFork == 0) {
                        freshWorkers(res, workers, first);
                        first = false;
                    }
                    boolean warm = round % perFork < wl.warmup();
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %s %2d:",
                            warm ? "warm-up" : "round  ", round));
                    Map<String, Double> thisRound = new LinkedHashMap<>();
                    int n = res.libs.size();
                    for (int k = 0; k < n; k++) {
                        Lib l = res.libs.get((k + round) % n);
                        String answer;
                        if (l.python()) {
                            answer = warm && !wl.id().equals("spawn") ? "SKIP" : python(wl, sampleTimeoutMin);
                        } else {
                            WorkerProc w = workers.get(l.id());
                            answer = w.ask(wl.command(), sampleTimeoutMin);
                            if (answer.startsWith("ERR") && !w.alive()) {
                                w.kill();
                                workers.put(l.id(), WorkerProc.start(l));
                            }
                        }
                        if (answer.equals("SKIP")) {
                            continue;
                        }
                        String server = "";
                        int open = -1;
                        if (ioServer != null && wl.id().equals("io")) {
                            open = ioServer.takeMaxOpen();
                            server = "at most " + open + " connections open at the server";
                        }
                        line.append(' ').append(l.id()).append('=').append(shortAnswer(answer));
                        Map<String, Double> extras = new LinkedHashMap<>();
                        Cell c = res.cell(wl.id(), l.id());
                        if (answer.startsWith("OK ")) {
                            String[] words = answer.substring(3).trim().split("\\s+");
                            double v = Double.parseDouble(words[0]);
                            for (int i = 1; i < words.length; i++) {
                                int eq = words[i].indexOf('=');
                                extras.put(wl.id() + "-" + words[i].substring(0, eq),
                                        Double.parseDouble(words[i].substring(eq + 1)));
                            }
                            thisRound.put(l.id(), v);
                            if (!warm) {
                                c.samples.add(v);
                                extras.forEach((row, x) -> res.cell(row, l.id()).samples.add(x));
                            }
                        } else {
                            if (c.note == null || answer.startsWith("ERR")) {
                                c.note = answer;
                            }
                            for (Workload derived : wls) {
                                if (derived.command() == null && derived.id().startsWith(wl.id() + "-")) {
                                    Cell d = res.cell(derived.id(), l.id());
                                    if (d.note == null || answer.startsWith("ERR")) {
                                        d.note = answer;
                                    }
                                }
                            }
                        }
                        String phase = warm ? "warmup" : "warm";
                        log.printf(Locale.ROOT, "%s\t%s\t%s\t%d\t%s\t%s%n", phase, wl.id(), l.id(), round,
                                answer.startsWith("OK ") ? answer.substring(3).trim().split("\\s+")[0] : "",
                                answer.startsWith("OK ") ? server : answer);
                        for (var e : extras.entrySet()) {
                            log.printf(Locale.ROOT, "%s\t%s\t%s\t%d\t%s\t%s%n", phase, e.getKey(), l.id(), round,
                                    e.getValue(), server);
                        }
                        if (!server.isEmpty()) {
                            line.append(" (≤").append(open).append(" open)");
                        }
                        log.flush();
                    }
                    if (!warm && wl.id().equals("spawn") && thisRound.containsKey("weft")
                            && thisRound.containsKey("vexec")) {
                        res.spawnRatios.add(thisRound.get("weft") / thisRound.get("vexec"));
                    }
                    say(line.toString());
                }
            }
            if (only.contains("spawn") && workers.containsKey("weft")) {
                freshWorkers(res, workers, false);
                oneJvmSpawnRatios(res, workers.get("weft"), quick ? 2 : 5, r(quick ? 5 : 21, scale), log,
                        sampleTimeoutMin);
            }
        } finally {
            workers.values().forEach(WorkerProc::close);
        }

    }

    /** The cold phase: the first big fan-out in a fresh JVM per sample, with and without {@code Weft.warmUp()}. */
    private static void coldRounds(Results res, int big, boolean quick, double scale, PrintWriter log,
            long sampleTimeoutMin) throws Exception {
        // 9 rounds: single cold samples swing by about ±20 %, and issue 15 compares cold medians across libraries
        int coldRounds = r(quick ? 1 : 9, scale);
        String cmd = "sleep " + big + " 1000";
        Workload cold = new Workload("cold", String.format(Locale.ROOT,
                "cold: first gather of %,d × sleep(1 s) in a fresh JVM", big), cmd, "s", false, 0, coldRounds);
        Workload coldPre = new Workload("cold-prewarm", "cold, after Weft.warmUp() (its 0.3 s included)",
                cmd, "s", false, 0, coldRounds);
        res.workloads.put(cold.id(), cold);
        res.workloads.put(coldPre.id(), coldPre);
        say("== " + cold.title() + " (" + coldRounds + " rounds, one fresh JVM per sample)");
        for (int round = 0; round < coldRounds; round++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  round   %2d:", round));
            List<Lib> javaLibs = res.libs.stream().filter(l -> !l.python() && !l.id().equals("pool")).toList();
            int n = javaLibs.size();
            for (int k = 0; k <= n; k++) {
                boolean prewarm = k == n;
                Lib l = prewarm ? javaLibs.stream().filter(x -> x.id().equals("weft")).findFirst().orElse(null)
                        : javaLibs.get((k + round) % n);
                if (l == null) {
                    continue;
                }
                WorkerProc w = WorkerProc.start(l);
                double pre = 0;
                String answer;
                try {
                    if (prewarm) {
                        String a = w.ask("prewarm", sampleTimeoutMin);
                        pre = a.startsWith("OK ") ? Double.parseDouble(a.substring(3).trim()) : 0;
                    }
                    answer = w.ask(cmd, sampleTimeoutMin);
                } finally {
                    w.close();
                }
                String wid = prewarm ? "cold-prewarm" : "cold";
                Cell c = res.cell(wid, l.id());
                if (answer.startsWith("OK ")) {
                    double v = Double.parseDouble(answer.substring(3).trim()) + pre;
                    c.samples.add(v);
                    line.append(String.format(Locale.ROOT, " %s%s=%.2f", l.id(), prewarm
                            ? String.format(Locale.ROOT, "+prewarm(%.2f)", pre) : "", v));
                } else {
                    c.note = answer;
                    line.append(' ').append(l.id()).append('=').append(shortAnswer(answer));
                }
                log.printf(Locale.ROOT, "cold\t%s\t%s\t%d\t%s\t%s%n", wid, l.id(), round,
                        answer.startsWith("OK ") ? c.samples.get(c.samples.size() - 1) : "",
                        prewarm ? String.format(Locale.ROOT, "prewarm %.3f s included", pre) : "");
                log.flush();
            }
            say(line.toString());
        }
    }

    /** Writes performance.md and performance.svg into {@code out} and, if given, {@code docs}. */
    private static void writeOutputs(Results res, Path out, String docs) throws IOException {
        String md = Report.markdown(res);
        Files.writeString(out.resolve("performance.md"), md, StandardCharsets.UTF_8);
        String svg = Chart.svg(res);
        Files.writeString(out.resolve("performance.svg"), svg, StandardCharsets.UTF_8);
        if (!docs.isEmpty()) {
            Path d = Path.of(docs);
            Files.createDirectories(d);
            Files.writeString(d.resolve("performance.md"), md, StandardCharsets.UTF_8);
            Files.writeString(d.resolve("performance.svg"), svg, StandardCharsets.UTF_8);
            say("written " + d.toAbsolutePath().normalize().resolve("performance.md") + " and performance.svg");
        }
        say("");
        System.out.print(md);
        System.out.flush();
    }

    /**
     * {@code render=true}: rebuilds the report and chart from a previous run's {@code samples.tsv} and
     * {@code header.txt} in {@code out}, without measuring (same {@code quick} and {@code sleep.tasks} as that run).
     */
    private static void render(Results res, Path out, String docs) throws IOException {
        res.header.addAll(Files.readAllLines(out.resolve("header.txt"), StandardCharsets.UTF_8));
        Map<String, Map<String, Double>> spawnRounds = new LinkedHashMap<>();
        List<String> seenLibs = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("samples.tsv"), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            if (f.length < 6 || f[0].equals("phase") || f[0].equals("warmup")) {
                continue;
            }
            if (f[1].startsWith("pair")) {
                if (!f[4].isEmpty()) {
                    (f[1].equals("pair") ? res.oneJvmSpawnRatios : res.oneJvmSteadySpawnRatios)
                            .add(Double.parseDouble(f[4]));
                }
                continue;
            }
            String wl = f[1];
            String lib = f[2];
            if (!seenLibs.contains(lib)) {
                seenLibs.add(lib);
            }
            if (!res.workloads.containsKey(wl)) {
                String cmd = "sleep " + res.bigFanOut + " 1000";
                res.workloads.put(wl, wl.equals("cold") ? new Workload("cold", String.format(Locale.ROOT,
                        "cold: first gather of %,d × sleep(1 s) in a fresh JVM", res.bigFanOut), cmd, "s", false, 0, 0)
                        : new Workload(wl, "cold, after Weft.warmUp() (its 0.3 s included)", cmd, "s", false, 0, 0));
            }
            Cell c = res.cell(wl, lib);
            if (!f[4].isEmpty()) {
                double v = Double.parseDouble(f[4]);
                c.samples.add(v);
                if (wl.equals("spawn")) {
                    spawnRounds.computeIfAbsent(f[3], k -> new LinkedHashMap<>()).put(lib, v);
                }
            } else if (c.note == null || f[5].startsWith("ERR")) {
                c.note = f[5];
            }
        }
        spawnRounds.values().forEach(m -> {
            if (m.containsKey("weft") && m.containsKey("vexec")) {
                res.spawnRatios.add(m.get("weft") / m.get("vexec"));
            }
        });
        res.libs.removeIf(l -> !seenLibs.contains(l.id()));
        res.workloads.keySet().removeIf(w -> !res.cells.containsKey(w));
        writeOutputs(res, out, docs);
    }

    /**
     * Replaces every library's worker with a fresh JVM, as JMH forks a JVM per benchmark: a worker that ran
     * other workloads before carries their JIT decisions into the next one (code C2 already compiled on its own
     * is too big to inline again, and call sites other workloads made polymorphic stay so). Then a workload's
     * figure, and above all the stack a parked task keeps, depended on the order of the rows; see "Why the full
     * run's worker parks Weft's heap-row tasks" in docs/performance-notes.md.
     */
    private static void freshWorkers(Results res, Map<String, WorkerProc> workers, boolean sayInfo)
            throws IOException, InterruptedException {
        workers.values().forEach(WorkerProc::close);
        workers.clear();
        for (Lib l : res.libs) {
            if (!l.python()) {
                WorkerProc w = WorkerProc.start(l);
                workers.put(l.id(), w);
                if (sayInfo) {
                    say("worker " + l.id() + ": " + w.ask("info", 2));
                }
            }
        }
    }

    /**
     * The spawn goal as issue 2 words it: Weft's gather and the JDK executor side by side in one JVM (the Weft
     * worker, on the virtual engine), back to back, the order alternating from round to round.
     */
    private static void oneJvmSpawnRatios(Results res, WorkerProc weft, int warmup, int rounds, PrintWriter log,
                                          long timeoutMin) throws IOException, InterruptedException {
        say("== spawn+join in one JVM, Weft ÷ executor back to back (" + warmup + " warm-up + " + rounds
                + " measured rounds; a full GC before each sample, then the steady state: no GC forced at all,"
                + " " + 2 * warmup + " warm-up rounds to settle the heap)");
        for (boolean collect : new boolean[] {true, false}) {
            int warm = collect ? warmup : 2 * warmup;
            String id = collect ? "pair" : "pair-steady";
            StringBuilder line = new StringBuilder("  " + id + ":");
            for (int round = 0; round < warm + rounds; round++) {
                boolean warming = round < warm;
                String answer = weft.ask("pair 100000 " + (round % 2 == 0 ? "weft-first" : "jdk-first")
                        + (collect ? " gc" : " nogc"), timeoutMin);
                String value = answer.startsWith("OK ") ? answer.substring(3).trim() : "";
                log.printf(Locale.ROOT, "%s\t%s\tweft\t%d\t%s\t%s%n", warming ? "warmup" : "warm", id, round,
                        value, value.isEmpty() ? answer : "");
                log.flush();
                if (!warming && !value.isEmpty()) {
                    (collect ? res.oneJvmSpawnRatios : res.oneJvmSteadySpawnRatios).add(Double.parseDouble(value));
                }
                line.append(' ').append(warming ? "(" + shortAnswer(answer) + ")" : shortAnswer(answer));
            }
            say(line.toString());
        }
    }

    private static int r(int rounds, double scale) {
        return Math.max(1, (int) Math.round(rounds * scale));
    }

    private static String shortAnswer(String a) {
        if (a.startsWith("OK ")) {
            return a.substring(3).trim();
        }
        return a.length() > 40 ? a.substring(0, 40) + "…" : a;
    }

    // ------------------------------------------------------------------------------------ python

    private static String python(Workload wl, long timeoutMin) {
        String script = str("python.script", Files.isRegularFile(Path.of("python/asyncio_baseline.py"))
                ? "python/asyncio_baseline.py" : "benchmarks/python/asyncio_baseline.py");
        String[] c = wl.command().split(" ");
        List<String> cmd = new ArrayList<>(List.of("python3", script, "--spawn-tasks", "0", "--sleep-tasks", "0"));
        String key;
        switch (c[0]) {
            case "spawn" -> {
                cmd.addAll(List.of("--spawn-tasks", c[1], "--spawn-warmup", "1", "--spawn-rounds", "1"));
                key = "spawn_us_per_task";
            }
            case "sleep" -> {
                cmd.addAll(List.of("--sleep-tasks", c[1], "--sleep-seconds", Double.toString(Long.parseLong(c[2]) / 1000.0),
                        "--sleep-rounds", "1"));
                key = "sleep_wall_s";
            }
            case "sem" -> {
                cmd.addAll(List.of("--sem-tasks", c[1], "--sem-permits", c[2], "--sem-millis", c[3]));
                key = "sem_wall_s";
            }
            case "queue" -> {
                cmd.addAll(List.of("--queue-items", c[1], "--queue-consumers", c[2], "--queue-capacity", c[3]));
                key = "queue_items_per_s";
            }
            case "deadline" -> {
                cmd.addAll(List.of("--deadline-tasks", c[1], "--deadline-millis", c[2], "--deadline-percent", c[3]));
                key = "deadline_wall_s";
            }
            case "gen" -> {
                cmd.addAll(List.of("--gen-items", c[1], "--gen-capacity", c[2]));
                key = "gen_items_per_s";
            }
            case "mapc" -> {
                cmd.addAll(List.of("--map-items", c[1], "--map-limit", c[2], "--map-millis", c[3]));
                key = "map_wall_s";
            }
            case "io" -> {
                cmd.addAll(List.of("--io-requests", c[1], "--io-latency-ms", c[2], "--io-port", c[3]));
                key = "io_rps";
            }
            default -> {
                return "NA no asyncio version";
            }
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutMin, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                return "ERR python exit";
            }
            Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\\{\"median\":\\s*([-+0-9.eE]+)").matcher(text);
            if (!m.find()) {
                return "ERR python output";
            }
            double v = Double.parseDouble(m.group(1));
            if (key.equals("io_rps")) {
                Matcher p99 = Pattern.compile("\"io_p99_ms\"\\s*:\\s*\\{\"median\":\\s*([-+0-9.eE]+)").matcher(text);
                if (!p99.find()) {
                    return "ERR python output";
                }
                return "OK " + v + " p99=" + Double.parseDouble(p99.group(1));
            }
            return "OK " + (key.equals("spawn_us_per_task") ? v * 1000 : v);
        } catch (IOException e) {
            return "ERR " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "ERR interrupted";
        }
    }

    // ------------------------------------------------------------------------------------ workers

    /** A running {@link Worker} JVM. */
    static final class WorkerProc implements AutoCloseable {
        private final Process p;
        private final PrintWriter in;
        private final BlockingQueue<String> answers = new ArrayBlockingQueue<>(16);

        private WorkerProc(Process p) {
            this.p = p;
            this.in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith("@@ ")) {
                            answers.put(line.substring(3));
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    // the worker ended
                }
            });
        }

        static WorkerProc start(Lib l) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of(java, "--enable-preview", "-Xmx2g"));
            cmd.addAll(l.jvmArgs());
            String extra = str("worker.jvmArg", "");
            if (!extra.isEmpty()) {
                cmd.add(extra.replace("{lib}", l.id()));
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Worker.class.getName(), l.worker()));
            Path err = Path.of(str("out", "target/compare")).resolve("worker-" + l.id() + ".err");
            return new WorkerProc(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(err.toFile())).start());
        }

        String ask(String command, long timeoutMin) throws InterruptedException {
            in.println(command);
            String a = answers.poll(timeoutMin, TimeUnit.MINUTES);
            if (a == null) {
                kill();
                return "ERR timeout after " + timeoutMin + " min";
            }
            return a;
        }

        boolean alive() {
            return p.isAlive();
        }

        void kill() {
            p.destroyForcibly();
        }

        @Override
        public void close() {
            in.println("exit");
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------------------------ util

    static String str(String key, String dflt) {
        String v = System.getProperty(PREFIX + key);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    private static boolean bool(String key, boolean dflt) {
        return Boolean.parseBoolean(str(key, Boolean.toString(dflt)));
    }

    private static int integer(String key, int dflt) {
        return Integer.parseInt(str(key, Integer.toString(dflt)).replace("_", ""));
    }

    private static String memory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return String.format(Locale.ROOT, "%.1f GiB", os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
        }
        return "? GiB";
    }

    private static String probe(String exe) {
        try {
            Process p = new ProcessBuilder(exe, "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? v : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void say(String s) {
        System.out.println(s);
        System.out.flush();
    }

    /** Takes {@code key=value} arguments (with or without {@code --} and the {@code weft.bench.} prefix) as system properties. */
    static void applyArgs(String[] args) {
        for (String raw : args) {
            for (String arg : raw.trim().split("\\s+")) {
                if (arg.isEmpty()) {
                    continue;
                }
                String a = arg.startsWith("--") ? arg.substring(2) : arg;
                int eq = a.indexOf('=');
                String key = eq < 0 ? a : a.substring(0, eq);
                String value = eq < 0 ? "true" : a.substring(eq + 1);
                if (key.startsWith("weft.bench.")) {
                    key = key.substring("weft.bench.".length());
                }
                System.setProperty("weft.bench." + key, value);
            }
        }
    }
}
