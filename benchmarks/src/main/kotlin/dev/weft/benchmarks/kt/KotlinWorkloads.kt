package dev.weft.benchmarks.kt

import java.lang.management.ManagementFactory
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withPermit

/**
 * Kotlin coroutines' versions of the side-by-side workloads, called by name from the Java harness
 * (dev.weft.benchmarks.Libraries.KotlinLib). Everything runs on Dispatchers.Default (one thread per
 * core, like the virtual-thread scheduler's carriers), inside runBlocking.
 */
object KotlinWorkloads {
    @JvmStatic
    fun info(): String = "kotlinx.coroutines " +
        (kotlinx.coroutines.Job::class.java.`package`?.implementationVersion ?: "1.10.2") +
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
