package dev.weft.benchmarks;

import static dev.weft.benchmarks.Libraries.*;

/** Calls {@code dev.weft.benchmarks.kt.KotlinWorkloads} (compiled by kotlin-maven-plugin) by name. */
final class KotlinLib implements Library {
    private final Class<?> k;

    KotlinLib() {
        try {
            k = Class.forName("dev.weft.benchmarks.kt.KotlinWorkloads");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Kotlin workloads not compiled (kotlin-maven-plugin)", e);
        }
    }

    private double call(String method, Object... args) throws Exception {
        Class<?>[] types = new Class<?>[args.length];
        for (int i = 0; i < args.length; i++) {
            types[i] = args[i] instanceof Long ? long.class : int.class;
        }
        try {
            return (double) k.getMethod(method, types).invoke(null, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    @Override
    public double sleep(int n, long millis) throws Exception {
        return call("sleep", n, millis);
    }

    @Override
    public double spawn(int n) throws Exception {
        return call("spawn", n);
    }

    @Override
    public double semaphore(int tasks, int permits, long millis) throws Exception {
        return call("semaphore", tasks, permits, millis);
    }

    @Override
    public double queue(int items, int consumers, int capacity) throws Exception {
        return call("queue", items, consumers, capacity);
    }

    @Override
    public double deadlines(int n, long millis, int firePercent) throws Exception {
        checkDeadlineArgs(millis, firePercent);
        return call("deadlines", n, millis, firePercent);
    }

    @Override
    public double generator(int items, int capacity) throws Exception {
        return call("generator", items, capacity);
    }

    @Override
    public double mapLimited(int items, int limit, long millis) throws Exception {
        return call("mapLimited", items, limit, millis);
    }

    /** {@code KotlinWorkloads.io}: {@code async { withContext(Dispatchers.IO) { request } }}, IO's default 64 threads. */
    @Override
    public IoLoad.Result io(int n, long latencyMillis, int port) throws Exception {
        try {
            double[] r = (double[]) k.getMethod("io", int.class, long.class, int.class).invoke(null, n, latencyMillis, port);
            return new IoLoad.Result(r[0], r[1]);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    @Override
    public double heapPerParkedTask(int n) throws Exception {
        return call("heapPerParkedTask", n);
    }

    @Override
    public String info() {
        try {
            return (String) k.getMethod("info").invoke(null);
        } catch (ReflectiveOperationException e) {
            return "kotlinx.coroutines (" + e + ")";
        }
    }
}
