package dev.weft.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client side of the blocking I/O workload ({@code io}), shared by the Java ports: one burst of {@code n}
 * blocking requests to an {@link IoServer}, each on a connection of its own ({@code connect}, write
 * {@code GET <millis>}, read {@code OK}, close), all issued at once by the library under test.
 *
 * <p>What is measured. The burst starts ({@link Burst#start}) right before the library is asked to run the
 * requests; each request notes when its answer has been read. Throughput: {@code n} ÷ the wall time until the
 * library returned. Latency of a request: from the burst's start to its answer, since every request of the burst
 * was asked for at that moment; so any queue a library puts in front of a request (a pool's 256 threads, Kotlin's
 * 64-thread {@code Dispatchers.IO}) counts, while the floor is the server's latency. p99: the 99th percentile
 * (nearest rank) of those. A failed request is counted, not hidden: a burst with failures throws once every
 * request has ended, naming how many failed and the first failure.
 *
 * <pre>{@code
 * IoLoad.Burst b = new IoLoad.Burst(n, 20, port);
 * b.start();
 * Weft.run(() -> Weft.gather(indexes, i -> { b.request(i); return i; }));
 * IoLoad.Result r = b.finish();
 * }</pre>
 */
final class IoLoad {
    /** The server's answer line. */
    static final byte[] ANSWER = "OK\n".getBytes(StandardCharsets.US_ASCII);
    /** How long a connect or a read may block before the request counts as failed (a hang guard, not a figure). */
    static final int IO_TIMEOUT_MILLIS = 120_000;

    private IoLoad() {
    }

    /** The two figures of one burst: requests per second, and the p99 request latency in milliseconds. */
    record Result(double requestsPerSecond, double p99Millis) {
        /** The worker's answer: the first value is the {@code io} row's, {@code p99=} fills the {@code io-p99} row. */
        String answer() {
            return String.format(java.util.Locale.ROOT, "%.6g p99=%.6g", requestsPerSecond, p99Millis);
        }
    }

    /** The {@code p}-th percentile (0 < p <= 100, nearest rank) of {@code values}, which it sorts. */
    static double percentile(long[] values, double p) {
        if (values.length == 0 || !(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile of " + values.length + " values at p=" + p);
        }
        Arrays.sort(values);
        int rank = (int) Math.ceil(p / 100 * values.length);
        return values[Math.max(0, rank - 1)];
    }

    /** The bookkeeping of one burst: when it started, when each request was answered, what failed. */
    static final class Burst {
        private final int n;
        private final InetSocketAddress server;
        private final byte[] request;
        /** Nanotime at which request {@code i}'s answer was read; each slot written by its request only. */
        private final long[] answeredAt;
        private final AtomicInteger failures = new AtomicInteger();
        private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        private long t0;

        Burst(int n, long latencyMillis, int port) {
            if (n < 1) {
                throw new IllegalArgumentException("io needs at least one request, got n=" + n);
            }
            if (latencyMillis < 0) {
                throw new IllegalArgumentException("io latency must not be negative: " + latencyMillis);
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("io server port out of range: " + port);
            }
            this.n = n;
            this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            this.request = ("GET " + latencyMillis + "\n").getBytes(StandardCharsets.US_ASCII);
            this.answeredAt = new long[n];
        }

        int size() {
            return n;
        }

        /** Marks the start of the burst: call right before handing the requests to the library. */
        void start() {
            t0 = System.nanoTime();
        }

        /**
         * Request {@code i}: one blocking round trip on a fresh connection. A failure is recorded (and reported
         * by {@link #finish}), so one reset connection does not cancel the rest of the burst in a fail-fast library.
         */
        void request(int i) {
            try (Socket s = new Socket()) {
                s.setTcpNoDelay(true);
                s.connect(server, IO_TIMEOUT_MILLIS);
                s.setSoTimeout(IO_TIMEOUT_MILLIS);
                s.getOutputStream().write(request);
                InputStream in = s.getInputStream();
                byte[] got = new byte[ANSWER.length];
                int k = 0;
                while (k < got.length) {
                    int r = in.read(got, k, got.length - k);
                    if (r < 0) {
                        throw new IOException("connection closed after " + k + " bytes of the answer");
                    }
                    k += r;
                }
                if (!Arrays.equals(got, ANSWER)) {
                    throw new IOException("unexpected answer " + new String(got, StandardCharsets.US_ASCII).trim());
                }
                answeredAt[i] = System.nanoTime();
            } catch (IOException e) {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, e);
            }
        }

        /** Ends the burst (call once the library has returned): its figures, or an exception if any request failed. */
        Result finish() {
            long wall = System.nanoTime() - t0;
            if (failures.get() > 0) {
                Throwable f = firstFailure.get();
                throw new IllegalStateException(failures.get() + " of " + n + " requests failed; the first: " + f, f);
            }
            long[] latency = new long[n];
            for (int i = 0; i < n; i++) {
                if (answeredAt[i] == 0) {
                    throw new IllegalStateException("request " + i + " was never answered");
                }
                latency[i] = answeredAt[i] - t0;
            }
            return new Result(n * 1e9 / wall, percentile(latency, 99) / 1e6);
        }
    }
}
