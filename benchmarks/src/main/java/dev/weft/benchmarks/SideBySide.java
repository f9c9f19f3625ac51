package dev.weft.benchmarks;

import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Weft next to its baselines, in one JVM: the JDK's virtual-thread-per-task executor and (when
 * {@code python3} is on the PATH) CPython's asyncio. Plain {@code main}, not JMH: each workload is
 * big (100k to 1M tasks per sample), so timer resolution and dead-code elimination do not matter,
 * and what we want is the number a user sees.
 *
 * <p>Method: per workload, warm-up rounds then measured rounds, interleaved Weft, baseline, Weft,
 * baseline, ... so that machine noise (the box is shared) hits both sides alike. A full GC runs
 * before every sample (not timed). Reported: median, with min–max.
 *
 * <p>Superseded as the {@code -Pbench} entry point by {@link Compare} (all libraries, cold figures, report and
 * chart); kept for a quick Weft-vs-executor check in one JVM: {@code java --enable-preview -cp ...
 * dev.weft.benchmarks.SideBySide quick=true}. Knobs are system properties {@code weft.bench.*} or
 * arguments {@code key=value} (without the prefix), for example {@code sleep.tasks=200000}:
 * <pre>
 *   quick            false    fewer tasks and rounds (&lt; 1 min)
 *   only             a,b,c,py which workloads
 *   spawn.tasks      100000   (a) tasks per gather;  spawn.warmup / spawn.rounds
 *   sleep.tasks      1000000  (b) sleeping tasks;    sleep.warmup / sleep.rounds / sleep.millis
 *   heap.tasks       100000   (c) parked tasks;      heap.warmup / heap.rounds
 *   python           true     run benchmarks/python/asyncio_baseline.py if python3 is on the PATH
 *   python.exe       python3
 *   python.script    benchmarks/python/asyncio_baseline.py (found relative to the working dir)
 *   out              benchmarks/target/side-by-side.md
 *   timeout.minutes  60 (quick: 5) watchdog: halts the JVM if a workload hangs
 * </pre>
 */
public final class SideBySide {
    private static final String PREFIX = "weft.bench.";

    private SideBySide() {
    }

    // ------------------------------------------------------------------------------------ config

    /** All the knobs, resolved once. */
    record Config(boolean quick, Set<String> only,
                  int spawnTasks, int spawnWarmup, int spawnRounds,
                  int sleepTasks, int sleepWarmup, int sleepRounds, long sleepMillis,
                  int heapTasks, int heapWarmup, int heapRounds,
                  boolean python, String pythonExe, Path pythonScript, int pySpawnRounds,
                  Path out, long timeoutMinutes) {

        static Config load() {
            boolean quick = bool("quick", false);
            Set<String> only = new LinkedHashSet<>();
            for (String s : str("only", "a,b,c,py").split("[,\\s]+")) {
                if (!s.isBlank()) {
                    only.add(s.trim().toLowerCase(Locale.ROOT));
                }
            }
            return new Config(quick, only,
                    integer("spawn.tasks", 100_000), integer("spawn.warmup", quick ? 3 : 10),
                    integer("spawn.rounds", quick ? 5 : 15),
                    integer("sleep.tasks", quick ? 100_000 : 1_000_000), integer("sleep.warmup", 1),
                    integer("sleep.rounds", quick ? 1 : 3), integer("sleep.millis", 1000),
                    integer("heap.tasks", quick ? 20_000 : 100_000), integer("heap.warmup", 1),
                    integer("heap.rounds", quick ? 2 : 5),
                    bool("python", true), str("python.exe", "python3"),
                    findScript(str("python.script", "")), integer("python.spawn.rounds", quick ? 3 : 10),
                    outPath(str("out", "")), integer("timeout.minutes", quick ? 5 : 60));
        }

        boolean runs(String workload) {
            return only.contains(workload);
        }

        private static String str(String key, String dflt) {
            String v = System.getProperty(PREFIX + key);
            return v == null || v.isBlank() ? dflt : v.trim();
        }

        private static boolean bool(String key, boolean dflt) {
            return Boolean.parseBoolean(str(key, Boolean.toString(dflt)));
        }

        private static int integer(String key, int dflt) {
            String v = str(key, null);
            if (v == null) {
                return dflt;
            }
            try {
                return Integer.parseInt(v.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PREFIX + key + " must be an integer, not '" + v + "'", e);
            }
        }

        private static Path findScript(String given) {
            if (!given.isEmpty()) {
                return Path.of(given);
            }
            for (String candidate : List.of("python/asyncio_baseline.py", "benchmarks/python/asyncio_baseline.py")) {
                Path p = Path.of(candidate);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
            return Path.of("benchmarks/python/asyncio_baseline.py");
        }

        private static Path outPath(String given) {
            if (!given.isEmpty()) {
                return Path.of(given);
            }
            return Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks/target/side-by-side.md")
                    : Path.of("target/side-by-side.md");
        }
    }

    /** {@code key=value} arguments become {@code weft.bench.key} properties; {@code --quick} is {@code quick=true}. */
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
                if (key.startsWith(PREFIX)) {
                    key = key.substring(PREFIX.length());
                }
                System.setProperty(PREFIX + key, value);
            }
        }
    }

    // ------------------------------------------------------------------------------------ stats

    /** Median with min and max of the measured samples. */
    record Stats(double median, double min, double max, int n) {
        static Stats of(List<Double> samples) {
            if (samples.isEmpty()) {
                return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            double[] s = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = s.length;
            double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
            return new Stats(median, s[0], s[n - 1], n);
        }

        String format(String fmt, String unit) {
            if (n == 0) {
                return "n/a";
            }
            if (n == 1) {
                return String.format(Locale.ROOT, fmt, median) + " " + unit;
            }
            return String.format(Locale.ROOT, fmt + " " + unit + " (" + fmt + "–" + fmt + ")", median, min, max);
        }
    }

    /** One row of the final table. */
    record Row(String workload, String weft, String baseline, String ratio, String goal, String met) {
    }

    // ------------------------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        applyArgs(args);
        Config cfg = Config.load();
        startWatchdog(cfg.timeoutMinutes());

        String date = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Runtime rt = Runtime.getRuntime();
        List<String> header = List.of(
                "Date: " + date,
                "JDK: " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
                        + System.getProperty("java.home") + ")",
                "Cores: " + rt.availableProcessors() + ", max heap: " + (rt.maxMemory() >> 20) + " MiB, JVM args: "
                        + ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                                .filter(a -> !a.startsWith("-D" + PREFIX)).toList(),
                "Weft engine: " + engineName() + "; mode: " + (cfg.quick() ? "quick" : "full"));
        header.forEach(SideBySide::say);
        if (Runtime.version().feature() < 21) {
            throw new IllegalStateException("needs JDK 21+ (virtual threads), running on " + Runtime.version());
        }

        List<Row> rows = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Stats weftSpawn = null;
        Stats weftSleep = null;

        if (cfg.runs("a")) {
            try {
                weftSpawn = spawnJoin(cfg, rows);
            } catch (Throwable t) {
                errors.add(failure("(a) spawn+join", t, rows));
            }
        }
        if (cfg.runs("c")) {
            try {
                heapPerParkedTask(cfg, rows);
            } catch (Throwable t) {
                errors.add(failure("(c) heap per parked task", t, rows));
            }
        }
        if (cfg.runs("b")) {
            try {
                weftSleep = manySleepers(cfg, rows);
            } catch (Throwable t) {
                errors.add(failure("(b) " + cfg.sleepTasks() + " x sleep", t, rows));
            }
        }
        if (cfg.runs("py") && cfg.python()) {
            try {
                pythonBaseline(cfg, rows, weftSpawn, weftSleep);
            } catch (Throwable t) {
                errors.add(failure("asyncio baseline", t, rows));
            }
        }

        String md = markdown(header, rows, errors);
        say("");
        System.out.print(md);
        System.out.flush();
        Path out = cfg.out().toAbsolutePath();
        Files.createDirectories(out.getParent());
        Files.writeString(out, md, StandardCharsets.UTF_8);
        say("written to " + out);
        if (!errors.isEmpty()) {
            System.exit(1);
        }
    }

    private static String engineName() {
        try {
            return Weft.engineName();
        } catch (Throwable t) {
            return "? (" + t + ")";
        }
    }

    private static String failure(String what, Throwable t, List<Row> rows) {
        System.err.println("[bench] " + what + " FAILED:");
        t.printStackTrace();
        rows.add(new Row(what, "error: " + t.getClass().getSimpleName(), "", "", "", "no"));
        return what + ": " + t;
    }

    // ------------------------------------------------------------------------------------ (a)

    /** (a) spawn+join: gather of N trivial callables vs the JDK's virtual-thread-per-task executor. */
    private static Stats spawnJoin(Config cfg, List<Row> rows) throws Exception {
        int n = cfg.spawnTasks();
        List<Callable<Integer>> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int v = i;
            calls.add(() -> v);
        }
        say("(a) spawn+join, " + n + " tasks per sample, " + cfg.spawnWarmup() + " warm-up + "
                + cfg.spawnRounds() + " measured rounds");
        List<Double> weft = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < cfg.spawnWarmup() + cfg.spawnRounds(); r++) {
            boolean warm = r < cfg.spawnWarmup();
            double w = nsPerTask(() -> weftGather(calls), n);
            double b = nsPerTask(() -> executorGather(calls), n);
            say(String.format(Locale.ROOT, "  %s %2d: weft %8.1f ns/task   jdk %8.1f ns/task   ratio %.2f",
                    warm ? "warm-up" : "round  ", r, w, b, w / b));
            if (!warm) {
                weft.add(w);
                base.add(b);
                ratios.add(w / b);
            }
        }
        Stats sw = Stats.of(weft);
        Stats sb = Stats.of(base);
        Stats sr = Stats.of(ratios);
        // paired: each round's Weft sample over the baseline sample taken right after it (robust to a noisy box)
        double ratio = sr.median();
        rows.add(new Row("(a) spawn+join per task: `run(gather(" + n + " x trivial))` vs vthread executor submit+get",
                sw.format("%.0f", "ns"), sb.format("%.0f", "ns"),
                String.format(Locale.ROOT, "%.2f (%.2f–%.2f) median of per-round ratios; of medians %.2f", ratio,
                        sr.min(), sr.max(), sw.median() / sb.median()),
                "ratio ≤ 1.25", ratio <= 1.25 ? "yes" : "**no**"));
        return sw;
    }

    private static double nsPerTask(LongSupplier sample, int n) {
        fullGc();
        return (double) sample.getAsLong() / n;
    }

    private static long weftGather(List<Callable<Integer>> calls) {
        long t0 = System.nanoTime();
        List<Integer> r = Weft.run(() -> Weft.gather(calls));
        long t = System.nanoTime() - t0;
        check(r, calls.size());
        return t;
    }

    private static long executorGather(List<Callable<Integer>> calls) {
        long t0 = System.nanoTime();
        List<Integer> r = new ArrayList<>(calls.size());
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> fs = new ArrayList<>(calls.size());
            for (Callable<Integer> c : calls) {
                fs.add(ex.submit(c));
            }
            for (Future<Integer> f : fs) {
                r.add(f.get());
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
        long t = System.nanoTime() - t0;
        check(r, calls.size());
        return t;
    }

    private static void check(List<Integer> r, int n) {
        if (r.size() != n || r.get(n - 1) != n - 1 || r.get(n / 2) != n / 2) {
            throw new IllegalStateException("wrong results: size " + r.size());
        }
    }

    // ------------------------------------------------------------------------------------ (b)

    /** (b) M tasks each sleeping 1 s, gathered in one call: wall time. */
    private static Stats manySleepers(Config cfg, List<Row> rows) {
        int m = cfg.sleepTasks();
        Duration d = Duration.ofMillis(cfg.sleepMillis());
        long ms = cfg.sleepMillis();
        Callable<Object> weftSleeper = () -> {
            Weft.sleep(d);
            return null;
        };
        Callable<Object> jdkSleeper = () -> {
            Thread.sleep(ms);
            return null;
        };
        say("(b) " + m + " tasks x sleep " + ms + " ms, " + cfg.sleepWarmup() + " warm-up + " + cfg.sleepRounds()
                + " measured rounds");
        List<Double> weft = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        for (int r = 0; r < cfg.sleepWarmup() + cfg.sleepRounds(); r++) {
            boolean warm = r < cfg.sleepWarmup();
            double w = seconds(() -> {
                List<Object> res = Weft.run(() -> Weft.gather(new SameCallable<>(weftSleeper, m)));
                if (res.size() != m) {
                    throw new IllegalStateException("gather returned " + res.size());
                }
            });
            double b = seconds(() -> {
                try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<Object>> fs = new ArrayList<>(m);
                    for (int i = 0; i < m; i++) {
                        fs.add(ex.submit(jdkSleeper));
                    }
                    for (Future<Object> f : fs) {
                        f.get();
                    }
                } catch (InterruptedException | ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            });
            say(String.format(Locale.ROOT, "  %s %d: weft %.3f s   jdk %.3f s", warm ? "warm-up" : "round  ", r, w, b));
            if (!warm) {
                weft.add(w);
                base.add(b);
            }
        }
        Stats sw = Stats.of(weft);
        Stats sb = Stats.of(base);
        boolean oneSecond = ms == 1000;
        rows.add(new Row("(b) " + String.format(Locale.ROOT, "%,d", m) + " x sleep(" + ms + " ms) in one gather: wall"
                        + (cfg.quick() ? " (quick size)" : ""),
                sw.format("%.2f", "s"), sb.format("%.2f", "s"),
                String.format(Locale.ROOT, "%.2f", sw.median() / sb.median()),
                oneSecond ? "Weft < 5 s (warm)" : "(goal is for 1M x 1 s)",
                oneSecond ? (sw.median() < 5 ? "yes" : "**no**") : "n/a"));
        return sw;
    }

    /** {@code m} times the same callable, without allocating a million-element array. */
    private static final class SameCallable<T> extends java.util.AbstractList<Callable<T>> {
        private final Callable<T> c;
        private final int size;

        SameCallable(Callable<T> c, int size) {
            this.c = c;
            this.size = size;
        }

        @Override
        public Callable<T> get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException(index);
            }
            return c;
        }

        @Override
        public int size() {
            return size;
        }
    }

    private static double seconds(Runnable sample) {
        fullGc();
        long t0 = System.nanoTime();
        sample.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    // ------------------------------------------------------------------------------------ (c)

    /** (c) heap per parked sleeping task: N tasks asleep, full GC, used-heap delta / N. */
    private static void heapPerParkedTask(Config cfg, List<Row> rows) throws Exception {
        int n = cfg.heapTasks();
        say("(c) heap per parked task, " + n + " tasks, " + cfg.heapWarmup() + " warm-up + " + cfg.heapRounds()
                + " measured rounds");
        List<Double> weft = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        for (int r = 0; r < cfg.heapWarmup() + cfg.heapRounds(); r++) {
            boolean warm = r < cfg.heapWarmup();
            long[] w = weftParked(n);
            long[] b = jdkParked(n);
            double wb = (double) w[0] / n;
            double bb = (double) b[0] / n;
            say(String.format(Locale.ROOT, "  %s %d: weft %7.1f B/task (cancel+join %4d ms)   jdk %7.1f B/task"
                    + " (cancel+join %4d ms)", warm ? "warm-up" : "round  ", r, wb, w[1], bb, b[1]));
            if (!warm) {
                weft.add(wb / 1024);
                base.add(bb / 1024);
            }
        }
        Stats sw = Stats.of(weft);
        Stats sb = Stats.of(base);
        rows.add(new Row("(c) heap per parked sleeping task, N=" + String.format(Locale.ROOT, "%,d", n)
                        + " (KB = 1024 B)",
                sw.format("%.3f", "KB"), sb.format("%.3f", "KB"),
                String.format(Locale.ROOT, "%.2f", sw.median() / sb.median()),
                "Weft ≤ 1.2 KB", sw.median() <= 1.2 ? "yes" : "**no**"));
    }

    private static final Duration PARK = Duration.ofSeconds(30);

    /** Returns {used-heap delta in bytes, cancel-and-join millis}. */
    private static long[] weftParked(int n) {
        CountDownLatch started = new CountDownLatch(n);
        long[] result = new long[2];
        long before = usedAfterGc();
        Weft.run(() -> TaskGroup.run(g -> {
            for (int i = 0; i < n; i++) {
                g.spawn(() -> {
                    started.countDown();
                    Weft.sleep(PARK);
                    return null;
                });
            }
            awaitParked(started);
            result[0] = usedAfterGc() - before;
            result[1] = System.nanoTime();
            g.cancel();
            return null;
        }));
        result[1] = (System.nanoTime() - result[1]) / 1_000_000;
        return result;
    }

    private static long[] jdkParked(int n) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(n);
        long before = usedAfterGc();
        ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < n; i++) {
            ex.submit(() -> {
                started.countDown();
                Thread.sleep(PARK.toMillis());
                return null;
            });
        }
        awaitParked(started);
        long delta = usedAfterGc() - before;
        long t0 = System.nanoTime();
        ex.shutdownNow();
        if (!ex.awaitTermination(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("executor did not terminate");
        }
        ex.close();
        return new long[] {delta, (System.nanoTime() - t0) / 1_000_000};
    }

    /** The latch is counted down right before sleeping: give the last tasks a moment to actually park. */
    private static void awaitParked(CountDownLatch started) throws InterruptedException {
        if (!started.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("tasks did not start: " + started.getCount() + " missing");
        }
        Thread.sleep(200);
    }

    private static long usedAfterGc() {
        var mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    private static void fullGc() {
        System.gc();
        System.gc();
    }

    // ------------------------------------------------------------------------------------ python

    /** Runs the asyncio script, if python3 is on the PATH, and adds Weft-vs-asyncio rows. */
    private static void pythonBaseline(Config cfg, List<Row> rows, Stats weftSpawn, Stats weftSleep)
            throws IOException, InterruptedException {
        String version = probe(cfg.pythonExe());
        if (version == null) {
            say("asyncio baseline skipped: '" + cfg.pythonExe() + "' is not on the PATH");
            rows.add(new Row("asyncio baseline", "", "skipped: no " + cfg.pythonExe() + " on PATH", "", "", ""));
            return;
        }
        if (!Files.isRegularFile(cfg.pythonScript())) {
            throw new IllegalStateException("script not found: " + cfg.pythonScript().toAbsolutePath());
        }
        List<String> cmd = new ArrayList<>(List.of(cfg.pythonExe(), cfg.pythonScript().toString(),
                "--spawn-tasks", Integer.toString(cfg.runs("a") ? cfg.spawnTasks() : 0),
                "--spawn-warmup", "3", "--spawn-rounds", Integer.toString(cfg.pySpawnRounds()),
                "--sleep-tasks", Integer.toString(cfg.runs("b") ? cfg.sleepTasks() : 0),
                "--sleep-seconds", Double.toString(cfg.sleepMillis() / 1000.0),
                "--sleep-rounds", Integer.toString(cfg.sleepRounds())));
        say("asyncio baseline (" + version + "): " + String.join(" ", cmd));
        fullGc();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Thread reader = Thread.ofPlatform().daemon().start(() -> copy(p.getInputStream(), buf));
        if (!p.waitFor(cfg.timeoutMinutes(), TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("python baseline timed out");
        }
        reader.join();
        String json = null;
        for (String line : buf.toString(StandardCharsets.UTF_8).split("\\R")) {
            if (line.startsWith("{")) {
                json = line;
            }
        }
        if (p.exitValue() != 0 || json == null) {
            throw new IllegalStateException("python baseline failed, exit " + p.exitValue() + ", output: " + buf);
        }
        say("asyncio baseline result: " + json);
        String py = "CPython " + field(json, "python");
        Stats spawn = nested(json, "spawn_us_per_task");
        if (spawn != null && weftSpawn != null) {
            Stats weftUs = new Stats(weftSpawn.median() / 1000, weftSpawn.min() / 1000, weftSpawn.max() / 1000,
                    weftSpawn.n());
            rows.add(new Row("(a′) the same gather of " + String.format(Locale.ROOT, "%,d", cfg.spawnTasks())
                            + " trivial tasks vs " + py + " `asyncio.run(gather(...))`",
                    weftUs.format("%.3f", "µs"), spawn.format("%.3f", "µs"),
                    String.format(Locale.ROOT, "%.2f", weftUs.median() / spawn.median()), "(context)", "—"));
        }
        Stats sleep = nested(json, "sleep_wall_s");
        if (sleep != null && weftSleep != null) {
            rows.add(new Row("(b′) the same " + String.format(Locale.ROOT, "%,d", cfg.sleepTasks())
                            + " x sleep vs " + py + " `gather(asyncio.sleep(...))`",
                    weftSleep.format("%.2f", "s"), sleep.format("%.2f", "s"),
                    String.format(Locale.ROOT, "%.2f", weftSleep.median() / sleep.median()), "(context)", "—"));
        }
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

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The string or number after {@code "key":} in a flat JSON text (enough for our own script). */
    static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*(\"([^\"]*)\"|[-+0-9.eE]+)").matcher(json);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    /** {@code "key": {"median": .., "min": .., "max": .., "rounds": ..}} as Stats, or null if absent. */
    static Stats nested(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\\{([^}]*)}").matcher(json);
        if (!m.find()) {
            return null;
        }
        String inner = "{" + m.group(1) + "}";
        return new Stats(Double.parseDouble(field(inner, "median")), Double.parseDouble(field(inner, "min")),
                Double.parseDouble(field(inner, "max")), Integer.parseInt(field(inner, "rounds")));
    }

    // ------------------------------------------------------------------------------------ output

    static String markdown(List<String> header, List<Row> rows, List<String> errors) {
        StringBuilder sb = new StringBuilder("# Weft side-by-side\n\n");
        for (String h : header) {
            sb.append("- ").append(h).append('\n');
        }
        sb.append("- Figures: median (min–max) over the measured rounds, after warm-up; Weft and baseline"
                + " interleaved in one JVM.\n\n");
        sb.append("| workload | Weft | baseline | ratio | goal | met? |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(String.join(" | ", Arrays.asList(r.workload(), r.weft(), r.baseline(), r.ratio(),
                    r.goal(), r.met()))).append(" |\n");
        }
        if (!errors.isEmpty()) {
            sb.append("\nErrors:\n");
            errors.forEach(e -> sb.append("- ").append(e.replace('\n', ' ')).append('\n'));
        }
        return sb.toString();
    }

    private static void say(String s) {
        System.out.println(s);
        System.out.flush();
    }

    /** A hung workload must not hang the build: dump what we can and halt. */
    private static void startWatchdog(long minutes) {
        Thread.ofPlatform().daemon().name("bench-watchdog").start(() -> {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(minutes));
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("[bench] watchdog: no result after " + minutes + " min; platform threads:");
            Thread.getAllStackTraces().forEach((t, st) -> {
                System.err.println("  " + t);
                for (StackTraceElement e : st) {
                    System.err.println("      at " + e);
                }
            });
            System.err.flush();
            Runtime.getRuntime().halt(3);
        });
    }
}
