package dev.weft.benchmarks.kt

import java.io.IOException
import java.lang.management.ManagementFactory
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.Socket
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.flatMapMerge
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.fold
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withPermit
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull

/**
 * Kotlin coroutines' versions of the side-by-side workloads, called by name from the Java harness
 * (dev.weft.benchmarks.Libraries.KotlinLib). Everything runs on Dispatchers.Default (one thread per
 * core, like the virtual-thread scheduler's carriers), inside runBlocking.
 */
object KotlinWorkloads {
    @JvmStatic
    fun info(): String = "kotlinx.coroutines " +
        (kotlinx.coroutines.Job::class.java.`package`?.implementationVersion ?: "1.11.0") +
        " on Dispatchers.Default, Kotlin " + KotlinVersion.CURRENT

    @JvmStatic
    fun sleep(n: Int, millis: Long): Double {
        val t0 = System.nanoTime()
        val r = runBlocking(Dispatchers.Default) {
            (0 until n).map { async { delay(millis); it } }.awaitAll()
        }
        val t = System.nanoTime() - t0
        check(r.size == n)
        return t / 1e9
    }

    @JvmStatic
    fun spawn(n: Int): Double {
        val t0 = System.nanoTime()
        val r = runBlocking(Dispatchers.Default) {
            (0 until n).map { async { it } }.awaitAll()
        }
        val t = System.nanoTime() - t0
        check(r.size == n && r[n - 1] == n - 1)
        return t.toDouble() / n
    }

    @JvmStatic
    fun semaphore(tasks: Int, permits: Int, millis: Long): Double {
        val s = Semaphore(permits)
        val inside = AtomicInteger()
        val max = AtomicInteger()
        val t0 = System.nanoTime()
        runBlocking(Dispatchers.Default) {
            repeat(tasks) {
                launch {
                    s.withPermit {
                        max.accumulateAndGet(inside.incrementAndGet(), Math::max)
                        try {
                            delay(millis)
                        } finally {
                            inside.decrementAndGet()
                        }
                    }
                }
            }
        }
        val t = System.nanoTime() - t0
        check(max.get() <= permits) { "limit broken: ${max.get()}" }
        return t / 1e9
    }

    @JvmStatic
    fun queue(items: Int, consumers: Int, capacity: Int): Double {
        val item = Any()
        val t0 = System.nanoTime()
        val total = runBlocking(Dispatchers.Default) {
            val ch = Channel<Any>(capacity)
            val cs = (0 until consumers).map {
                async {
                    var k = 0L
                    for (x in ch) k++
                    k
                }
            }
            launch {
                repeat(items) { ch.send(item) }
                ch.close()
            }
            cs.awaitAll().sum()
        }
        val t = System.nanoTime() - t0
        check(total == items.toLong())
        return items * 1e9 / t
    }

    /** Each coroutine inside withTimeoutOrNull; firePercent in every hundred get half the delay and fire. */
    @JvmStatic
    fun deadlines(n: Int, millis: Long, firePercent: Int): Double {
        val fired = AtomicInteger()
        val t0 = System.nanoTime()
        val r = runBlocking(Dispatchers.Default) {
            (0 until n).map { i ->
                val timeout = if (i % 100 < firePercent) millis / 2 else 60_000L
                async {
                    if (withTimeoutOrNull(timeout) { delay(millis); i } == null) fired.incrementAndGet()
                    i
                }
            }.awaitAll()
        }
        val t = System.nanoTime() - t0
        val want = n / 100 * firePercent + minOf(n % 100, firePercent)
        check(r.size == n && fired.get() == want) { "fired ${fired.get()}, expected $want" }
        return t / 1e9
    }

    /** A cold flow whose collector runs in another coroutine: flow { }.buffer(capacity), the idiomatic hand-off. */
    @JvmStatic
    fun generator(items: Int, capacity: Int): Double {
        val item = Any()
        val t0 = System.nanoTime()
        val got = runBlocking(Dispatchers.Default) {
            var k = 0L
            flow { repeat(items) { emit(item) } }.buffer(capacity).collect { k++ }
            k
        }
        val t = System.nanoTime() - t0
        check(got == items.toLong())
        return items * 1e9 / t
    }

    /** flatMapMerge(limit): at most limit inner flows collected at once (results in completion order). */
    @OptIn(ExperimentalCoroutinesApi::class)
    @JvmStatic
    fun mapLimited(items: Int, limit: Int, millis: Long): Double {
        val t0 = System.nanoTime()
        val sum = runBlocking(Dispatchers.Default) {
            (0 until items).asFlow()
                .flatMapMerge(limit) { i -> flow { if (millis > 0) delay(millis); emit(i.toLong()) } }
                .fold(0L) { acc, v -> acc + v }
        }
        val t = System.nanoTime() - t0
        check(sum == items.toLong() * (items - 1) / 2)
        return t / 1e9
    }

    /**
     * Blocking I/O fan-out, the way Kotlin users wrap a blocking call: a suspend function that runs it in
     * withContext(Dispatchers.IO), called from one async per request. Dispatchers.IO runs at most 64 blocking
     * calls at once by default (kotlinx.coroutines.io.parallelism), so a burst of 10,000 waits in its queue:
     * that is the idiomatic result, and the point of the row. The same protocol and figures as the Java ports
     * (dev.weft.benchmarks.IoLoad): latency from the burst's start to each answer. Returns [requests/s, p99 ms].
     */
    @JvmStatic
    fun io(n: Int, latencyMillis: Long, port: Int): DoubleArray {
        require(n >= 1) { "io needs at least one request, got n=$n" }
        val server = InetSocketAddress(InetAddress.getLoopbackAddress(), port)
        val request = "GET $latencyMillis\n".toByteArray(Charsets.US_ASCII)
        val answeredAt = LongArray(n)
        val failures = AtomicInteger()
        val firstFailure = AtomicReference<Throwable>()

        suspend fun fetch(i: Int) = withContext(Dispatchers.IO) {
            try {
                Socket().use { s ->
                    s.tcpNoDelay = true
                    s.connect(server, 120_000)
                    s.soTimeout = 120_000
                    s.getOutputStream().write(request)
                    val got = s.getInputStream().readNBytes(3)
                    if (String(got, Charsets.US_ASCII) != "OK\n") throw IOException("unexpected answer ${String(got)}")
                    answeredAt[i] = System.nanoTime()
                }
            } catch (e: IOException) {
                failures.incrementAndGet()
                firstFailure.compareAndSet(null, e)
            }
        }

        val t0 = System.nanoTime()
        runBlocking(Dispatchers.Default) {
            (0 until n).map { i -> async { fetch(i) } }.awaitAll()
        }
        val wall = System.nanoTime() - t0
        check(failures.get() == 0) { "${failures.get()} of $n requests failed; the first: ${firstFailure.get()}" }
        val latency = LongArray(n) { answeredAt[it] - t0 }
        latency.sort()
        val rank = kotlin.math.ceil(0.99 * n).toInt()
        return doubleArrayOf(n * 1e9 / wall, latency[maxOf(0, rank - 1)] / 1e6)
    }

    @JvmStatic
    fun heapPerParkedTask(n: Int): Double {
        val started = CountDownLatch(n)
        val before = usedAfterGc()
        var delta = 0L
        runBlocking(Dispatchers.Default) {
            coroutineScope {
                val jobs = (0 until n).map {
                    launch {
                        started.countDown()
                        delay(60_000)
                    }
                }
                check(started.await(2, TimeUnit.MINUTES))
                Thread.sleep(300)
                delta = usedAfterGc() - before
                jobs.forEach { it.cancel() }
            }
        }
        return delta.toDouble() / n
    }

    private fun usedAfterGc(): Long {
        repeat(3) {
            System.gc()
            Thread.sleep(20)
        }
        return ManagementFactory.getMemoryMXBean().heapMemoryUsage.used
    }
}
